import { Type } from 'typebox';
import { Obj } from '../../platform/schema.js';

export const ImportBody = Obj({ file: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The filled-in template: .xlsx, or CSV in UTF-8 (with or without BOM) or GBK' }) });

export const ImportResult = Obj({
  rows: Type.Integer({ description: 'Data rows read' }),
  created: Type.Integer({ description: 'Cases created' }),
  skipped: Type.Integer({ description: 'Orders imported before (same 工单编号), left alone' }),
  items: Type.Array(
    Obj({
      rowNumber: Type.Integer(),
      orderNo: Type.String(),
      status: Type.Union([Type.Literal('created'), Type.Literal('skipped')]),
      caseId: Type.Integer(),
      trackingNo: Type.String(),
      communityName: Type.String(),
    }),
  ),
});

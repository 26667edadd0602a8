import { Type } from 'typebox';
import { DateTime, Nullable, Obj } from '../../platform/schema.js';

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

/** The 12345 work order a case was imported from: what staff reconcile with the hotline's platform. */
export const HotlineOrder = Obj({
  orderNo: Type.String({ description: '工单编号 on the 12345 platform' }),
  calledAt: Nullable(DateTime),
  dispatchedAt: Nullable(DateTime),
  dueAt: Nullable(DateTime),
  categoryText: Nullable(Type.String({ description: "The hotline's own classification, as imported" })),
  importedAt: DateTime,
  importedBy: Nullable(Type.String()),
});

import { Type, type Static } from 'typebox';
import { Id, Obj, Text, Version } from '../../platform/schema.js';
import { ITEM_CODE, SORT_LIMIT } from './policy.js';

/*
 * Lists here default to 200 rows, not 20: a form fills a select from one
 * call, and a select silently missing options is worse than a bigger page.
 */
const WholePage = {
  current: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 200 })),
};

export const TypeParams = Obj({ type: Type.String({ minLength: 1, maxLength: 40 }) });
export const TypesQuery = Obj({ ...WholePage });
export const ItemsQuery = Obj({
  ...WholePage,
  includeDisabled: Type.Optional(Type.Boolean({ default: false, description: 'Also the disabled options (for maintenance screens)' })),
});
export type ItemsFilter = Static<typeof ItemsQuery>;

const Label = Text(50);
const LabelEn = Text(80);
const Sort = Type.Integer({ minimum: -SORT_LIMIT, maximum: SORT_LIMIT, description: 'Ascending; ties by id' });

export const CreateItemBody = Obj({
  code: Type.String({ pattern: ITEM_CODE, description: '1–40 of a-z 0-9 _, starting with a letter or digit; fixed once created' }),
  label: Label,
  labelEn: LabelEn,
  sort: Type.Optional(Sort),
  enabled: Type.Optional(Type.Boolean({ default: true })),
});
export type CreateItemInput = Static<typeof CreateItemBody>;

export const UpdateItemBody = Obj({
  label: Type.Optional(Label),
  labelEn: Type.Optional(LabelEn),
  sort: Type.Optional(Sort),
  enabled: Type.Optional(Type.Boolean({ description: 'false hides the option from new records; records keep their code' })),
  version: Version,
});
export type UpdateItemInput = Static<typeof UpdateItemBody>;

export const ItemParams = Obj({ id: Id });

export const DictType = Obj(
  {
    code: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    description: Type.String(),
    itemCount: Type.Integer({ minimum: 0 }),
    enabledCount: Type.Integer({ minimum: 0 }),
  },
  { title: 'DictType' },
);

export const DictItem = Obj(
  {
    id: Type.Integer(),
    typeCode: Type.String(),
    code: Type.String(),
    label: Type.String(),
    labelEn: Type.String(),
    sort: Type.Integer(),
    enabled: Type.Boolean(),
    version: Type.Integer(),
  },
  { title: 'DictItem' },
);

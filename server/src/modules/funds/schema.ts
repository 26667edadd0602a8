import { Type } from 'typebox';
import { CalendarDay, DateTime, Enum, Id, Nullable, Obj, PageQuery, Text } from '../../platform/schema.js';
import { ACCOUNT_KINDS, TXN_KINDS } from './tables.js';

/** Integer fen (分); zero or negative is a 400 on the field. */
const Fen = Type.Integer({ minimum: 1, maximum: 10_000_000_000, description: 'Amount in fen (分)' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });

export const BookingBody = Obj({ amount: Fen, memo: Text(500), bookedOn: Type.Optional(CalendarDay) });
export const DonationBody = Obj({ ...BookingBody.properties, unitId: Id });
export const ReverseBody = Obj({ memo: Text(500) });
export const TxnQuery = Obj({ ...PageQuery, year: Type.Optional(Year), kind: Type.Optional(Enum(TXN_KINDS)) });
export const YearQuery = Obj({ year: Year });

export const Ledger = Obj({
  communityId: Type.Integer(),
  communityName: Type.String(),
  accounts: Type.Array(Obj({ id: Type.Integer(), kind: Enum(ACCOUNT_KINDS), name: Type.String(), balance: Type.Integer(), projectLineId: Nullable(Type.Integer()) })),
  total: Type.Integer({ description: 'Sum of every balance; always 0' }),
});

export const Txn = Obj({
  id: Type.Integer(),
  kind: Enum(TXN_KINDS),
  bookedOn: Type.String(),
  memo: Type.String(),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  projectId: Nullable(Type.Integer()),
  projectTitle: Nullable(Type.String()),
  lineName: Nullable(Type.String()),
  reversesId: Nullable(Type.Integer()),
  reversedBy: Nullable(Type.Integer()),
  amount: Type.Integer(),
  entries: Type.Array(Obj({ id: Type.Integer(), accountId: Type.Integer(), accountName: Type.String(), accountKind: Enum(ACCOUNT_KINDS), amount: Type.Integer() })),
  createdAt: DateTime,
});

export const Units = Type.Array(Obj({ id: Type.Integer(), name: Type.String(), kind: Type.String() }));

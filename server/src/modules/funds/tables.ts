import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp } from '../../platform/db/schema.js';
import '../projects/tables.js';

/** Kysely types of the funds ledger; they mirror migrations/20261203110000_projects.sql. */

export const ACCOUNT_KINDS = ['district_source', 'donation_source', 'pool', 'project_line', 'spent'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export const TXN_KINDS = ['allocation', 'donation', 'budget', 'expense', 'release', 'reversal'] as const;
export type TxnKind = (typeof TXN_KINDS)[number];

/** Integer fen (int8; both drivers read it as a number). */
type Fen = ColumnType<number, number | undefined, number>;

export interface FundAccountTable {
  id: Generated<number>;
  community_id: number;
  kind: AccountKind;
  project_line_id: number | null;
  name: string;
  balance: Fen;
}

export interface FundTxnTable {
  id: Generated<number>;
  community_id: number;
  kind: TxnKind;
  booked_on: ColumnType<string, string, string>;
  memo: string;
  unit_id: number | null;
  project_id: number | null;
  project_line_id: number | null;
  reverses_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
}

export interface FundEntryTable {
  id: Generated<number>;
  txn_id: number;
  account_id: number;
  amount: Fen;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    fund_account: FundAccountTable;
    fund_txn: FundTxnTable;
    fund_entry: FundEntryTable;
  }
}

export type FundAccountRow = Selectable<FundAccountTable>;

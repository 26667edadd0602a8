import type { ColumnType, Generated, Selectable } from 'kysely';
import type { Timestamp, TimelineColumns } from '../../platform/db/schema.js';
import '../units/tables.js';

/** Kysely types of 项目清单 projects; they mirror migrations/20261203110000_projects.sql. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type DateColumn = ColumnType<string, string, string>;

/** 社工委工作经费 / 政府购买服务 / 单位捐赠 */
export const FUNDING_SOURCES = ['work_fund', 'purchase', 'donation'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const PROJECT_STATES = ['draft', 'applied', 'approved', 'rejected', 'invited', 'claimed', 'executing', 'completed', 'archived'] as const;
export type ProjectStatus = (typeof PROJECT_STATES)[number];
export type UndertakerKind = 'unit' | 'social_workers';
export type UndertakeMode = 'invited' | 'assigned' | 'claimed';

export interface ProjectTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  goal: string;
  beneficiaries: string;
  funding_source: FundingSource;
  origin_case_ids: ColumnType<number[], string | undefined, string>;
  /** Migration 20261203130000: the demands a project answers, and the resolution that made it. */
  origin_demand_ids: ColumnType<number[], string | undefined, string>;
  origin_resolution_id: ColumnType<number | null, number | null | undefined, number | null>;
  status: Defaulted<ProjectStatus>;
  applied_by: number | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_comment: string | null;
  undertaker_kind: UndertakerKind | null;
  undertaker_unit_id: number | null;
  undertaker_name: string | null;
  undertake_mode: UndertakeMode | null;
  progress: Defaulted<number>;
  completed_at: Date | null;
  completion_summary: string | null;
  undertaker_score: number | null;
  undertaker_comment: string | null;
  archived_at: Date | null;
  notice_id: number | null;
  version: Defaulted<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProjectLineTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  requested_amount: ColumnType<number, number, number>;
  approved_amount: number | null;
  sort: Defaulted<number>;
}

export interface ProjectMilestoneTable {
  id: Generated<number>;
  project_id: number;
  title: string;
  note: string | null;
  progress: number;
  reached_on: DateColumn;
  created_by: number | null;
  created_at: Timestamp;
}

export interface ProjectSupervisionTable {
  id: Generated<number>;
  project_id: number;
  source: 'staff' | 'resident';
  user_id: number | null;
  phone: string | null;
  content: string;
  created_at: Timestamp;
}

export interface ProjectRatingTable {
  id: Generated<number>;
  project_id: number;
  phone: string;
  content: number;
  service: number;
  management: number;
  comment: string | null;
  created_at: Timestamp;
}

export interface ProjectEventTable extends TimelineColumns {
  project_id: number;
}

declare module '../../platform/db/schema.js' {
  interface DB {
    project: ProjectTable;
    project_line: ProjectLineTable;
    project_milestone: ProjectMilestoneTable;
    project_supervision: ProjectSupervisionTable;
    project_rating: ProjectRatingTable;
    project_event: ProjectEventTable;
  }
}

export type ProjectRow = Selectable<ProjectTable>;
export type ProjectLineRow = Selectable<ProjectLineTable>;

-- 项目清单 (三社联动, seed 004) and each community's funds ledger (C8).
-- A project: 社区申报 → 政府审批 (approve / adjust / reject) → 承接 (invite, assign or claim)
-- → execution (milestones, progress, expenses) → supervision → completion → evaluation → archive.

CREATE TABLE project (
  id                  bigserial PRIMARY KEY,
  community_id        bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  title               text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  goal                text NOT NULL CHECK (length(btrim(goal)) BETWEEN 1 AND 5000),
  beneficiaries       text NOT NULL CHECK (length(btrim(beneficiaries)) BETWEEN 1 AND 1000),
  -- 社工委工作经费 / 政府购买服务 / 单位捐赠
  funding_source      text NOT NULL CHECK (funding_source IN ('work_fund', 'purchase', 'donation')),
  -- 项目来源: case ids of the same community the project answers.
  origin_case_ids     jsonb NOT NULL DEFAULT '[]',
  status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'applied', 'approved', 'rejected', 'invited', 'claimed',
                        'executing', 'completed', 'archived')),
  applied_by          bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  decided_by          bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  decided_at          timestamptz,
  decision_comment    text CHECK (length(decision_comment) <= 2000),
  -- 承接: a unit (a social organisation is a unit of kind social_org) or a team of social workers.
  undertaker_kind     text CHECK (undertaker_kind IN ('unit', 'social_workers')),
  undertaker_unit_id  bigint REFERENCES unit (id) DEFERRABLE INITIALLY IMMEDIATE,
  undertaker_name     text CHECK (length(undertaker_name) <= 100),
  undertake_mode      text CHECK (undertake_mode IN ('invited', 'assigned', 'claimed')),
  progress            integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  completed_at        timestamptz,
  completion_summary  text CHECK (length(completion_summary) <= 5000),
  -- The community's rating of the undertaker (1–5) at evaluation.
  undertaker_score    integer CHECK (undertaker_score BETWEEN 1 AND 5),
  undertaker_comment  text CHECK (length(undertaker_comment) <= 2000),
  archived_at         timestamptz,
  notice_id           bigint REFERENCES public_notice (id) DEFERRABLE INITIALLY IMMEDIATE,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (undertaker_kind IS NULL OR (undertaker_kind = 'unit') = (undertaker_unit_id IS NOT NULL))
);
CREATE INDEX project_community ON project (community_id, id DESC);
CREATE INDEX project_status ON project (status, id DESC);

-- 预算明细: what the community asked for and what the approval granted, in fen.
CREATE TABLE project_line (
  id               bigserial PRIMARY KEY,
  project_id       bigint NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY IMMEDIATE,
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  requested_amount bigint NOT NULL CHECK (requested_amount > 0),
  approved_amount  bigint CHECK (approved_amount >= 0),
  sort             integer NOT NULL DEFAULT 0
);
CREATE INDEX project_line_project ON project_line (project_id, sort);

CREATE TABLE project_milestone (
  id          bigserial PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY IMMEDIATE,
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  note        text CHECK (length(note) <= 2000),
  progress    integer NOT NULL CHECK (progress BETWEEN 0 AND 100),
  reached_on  date NOT NULL,
  created_by  bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_milestone_project ON project_milestone (project_id, id);

-- 居民和社区共同监督: a staff member in the console or a resident on the H5 page.
CREATE TABLE project_supervision (
  id          bigserial PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY IMMEDIATE,
  source      text NOT NULL CHECK (source IN ('staff', 'resident')),
  user_id     bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  phone       text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  content     text NOT NULL CHECK (length(btrim(content)) BETWEEN 2 AND 2000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((source = 'resident') = (phone IS NOT NULL))
);
CREATE INDEX project_supervision_project ON project_supervision (project_id, id);

-- 居民评价 (seed 004): content, service quality and management, 1–5 each; one per phone.
CREATE TABLE project_rating (
  id          bigserial PRIMARY KEY,
  project_id  bigint NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY IMMEDIATE,
  phone       text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  content     integer NOT NULL CHECK (content BETWEEN 1 AND 5),
  service     integer NOT NULL CHECK (service BETWEEN 1 AND 5),
  management  integer NOT NULL CHECK (management BETWEEN 1 AND 5),
  comment     text CHECK (length(comment) <= 1000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (project_id, phone)
);

CREATE TABLE project_event (
  id           bigserial PRIMARY KEY,
  project_id   bigint NOT NULL REFERENCES project (id) DEFERRABLE INITIALLY IMMEDIATE,
  action       text NOT NULL,
  from_status  text,
  to_status    text NOT NULL,
  actor_id     bigint,
  actor_name   text,
  note         text,
  detail       jsonb NOT NULL DEFAULT '{}',
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_event_project ON project_event (project_id, id);

-- Funds: a double-entry ledger per community in integer fen. An entry's amount is signed
-- (+ into the account, − out of it); the entries of one transaction sum to zero.
CREATE TABLE fund_account (
  id               bigserial PRIMARY KEY,
  community_id     bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- district_source 区县拨付 and donation_source 单位捐赠 run negative (money came from outside);
  -- pool 社区资金池, project_line 项目预算科目 and spent 已支出 never do.
  kind             text NOT NULL CHECK (kind IN ('district_source', 'donation_source', 'pool', 'project_line', 'spent')),
  project_line_id  bigint UNIQUE REFERENCES project_line (id) DEFERRABLE INITIALLY IMMEDIATE,
  name             text NOT NULL,
  balance          bigint NOT NULL DEFAULT 0,
  CHECK ((kind = 'project_line') = (project_line_id IS NOT NULL)),
  CHECK (kind IN ('district_source', 'donation_source') OR balance >= 0)
);
CREATE UNIQUE INDEX fund_account_community_kind ON fund_account (community_id, kind) WHERE kind <> 'project_line';

CREATE TABLE fund_txn (
  id              bigserial PRIMARY KEY,
  community_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  kind            text NOT NULL CHECK (kind IN ('allocation', 'donation', 'budget', 'expense', 'release', 'reversal')),
  booked_on       date NOT NULL,
  memo            text NOT NULL CHECK (length(btrim(memo)) BETWEEN 1 AND 500),
  unit_id         bigint REFERENCES unit (id) DEFERRABLE INITIALLY IMMEDIATE,
  project_id      bigint REFERENCES project (id) DEFERRABLE INITIALLY IMMEDIATE,
  project_line_id bigint REFERENCES project_line (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- A correction is a reversing transaction; a transaction is reversed at most once.
  reverses_id     bigint UNIQUE REFERENCES fund_txn (id) DEFERRABLE INITIALLY IMMEDIATE,
  created_by      bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL))
);
CREATE INDEX fund_txn_community ON fund_txn (community_id, booked_on, id);
CREATE INDEX fund_txn_project ON fund_txn (project_id);

CREATE TABLE fund_entry (
  id          bigserial PRIMARY KEY,
  txn_id      bigint NOT NULL REFERENCES fund_txn (id) DEFERRABLE INITIALLY IMMEDIATE,
  account_id  bigint NOT NULL REFERENCES fund_account (id) DEFERRABLE INITIALLY IMMEDIATE,
  amount      bigint NOT NULL CHECK (amount <> 0)
);
CREATE INDEX fund_entry_txn ON fund_entry (txn_id);
CREATE INDEX fund_entry_account ON fund_entry (account_id, id);

-- Entries and transactions are append-only: corrections are reversing transactions.
CREATE FUNCTION fund_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the funds ledger is append-only';
END
$$;
CREATE TRIGGER fund_entry_append_only BEFORE UPDATE OR DELETE ON fund_entry
  FOR EACH ROW EXECUTE FUNCTION fund_append_only();
CREATE TRIGGER fund_txn_append_only BEFORE UPDATE OR DELETE ON fund_txn
  FOR EACH ROW EXECUTE FUNCTION fund_append_only();

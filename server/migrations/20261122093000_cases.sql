-- Cases (C5): departments, the case record and its timeline, dispatch assignments,
-- time limits per category and tier, and in-app notifications.

-- 职能部门: district departments (区直部门: 住建, 水务, 公安 …) that receive whistles (吹哨报到).
CREATE TABLE department (
  id           bigserial PRIMARY KEY,
  territory_id bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  code         text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,39}$'),
  enabled      boolean NOT NULL DEFAULT true,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (territory_id, name)
);

CREATE TABLE department_member (
  department_id bigint NOT NULL REFERENCES department (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  user_id       bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_member_user ON department_member (user_id);

-- Time limits per category and tier; category '*' is the fallback for categories without a row.
-- Defaults follow Beijing's 接诉即办 rules: urgent matters answered within 2 hours,
-- water/power/gas/heating within 24 hours, general matters in 7 days, complex ones in 15.
CREATE TABLE case_time_limit (
  category_code         text NOT NULL,
  tier                  text NOT NULL CHECK (tier IN ('routine', 'joint', 'tough')),
  respond_hours         integer NOT NULL CHECK (respond_hours > 0),
  urgent_respond_hours  integer NOT NULL DEFAULT 2 CHECK (urgent_respond_hours > 0),
  sign_hours            integer NOT NULL CHECK (sign_hours > 0),
  solve_days            integer NOT NULL CHECK (solve_days > 0),
  -- Hours past the solve deadline before the overdue job blows the whistle one tier up.
  escalate_grace_hours  integer NOT NULL DEFAULT 24 CHECK (escalate_grace_hours >= 0),
  version               integer NOT NULL DEFAULT 1,
  PRIMARY KEY (category_code, tier)
);
INSERT INTO case_time_limit (category_code, tier, respond_hours, sign_hours, solve_days, escalate_grace_hours) VALUES
  ('*', 'routine', 24, 4, 7, 24),
  ('*', 'joint', 24, 8, 15, 48),
  ('*', 'tough', 24, 8, 15, 72),
  ('water_heating', 'routine', 2, 2, 1, 12),
  ('water_heating', 'joint', 2, 2, 1, 12),
  ('water_heating', 'tough', 2, 2, 1, 24);

CREATE SEQUENCE case_tracking_seq;

CREATE TABLE case_record (
  id               bigserial PRIMARY KEY,
  tracking_no      text NOT NULL UNIQUE,
  -- Where the problem is: the community or a grid, compound or building under it.
  territory_id     bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- Denormalised: queues, duplicate checks and statistics all group by community.
  community_id     bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  channel          text NOT NULL CHECK (channel IN ('visit', 'hotline', 'mailbox', 'resident_talk', 'h5', 'grid_report', 'hotline_12345', 'meeting')),
  category_code    text NOT NULL,
  description      text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 2000),
  desc_tokens      text[] NOT NULL DEFAULT '{}',
  address          text CHECK (length(address) <= 200),
  reporter_name    text CHECK (length(reporter_name) <= 50),
  reporter_phone   text CHECK (reporter_phone ~ '^1[3-9][0-9]{9}$'),
  urgent           boolean NOT NULL DEFAULT false,
  tier             text NOT NULL DEFAULT 'routine' CHECK (tier IN ('routine', 'joint', 'tough')),
  status           text NOT NULL DEFAULT 'submitted'
                   CHECK (status IN ('submitted', 'accepted', 'rejected', 'merged', 'dispatched', 'handling', 'replied', 'closed', 'rated')),
  -- Who submitted it: 'user:<id>' for staff, 'h5:<phone>' for residents, '12345' for imports.
  -- An idempotency key is unique per source, so a retried submission finds the first case.
  source           text NOT NULL,
  idempotency_key  text CHECK (length(idempotency_key) BETWEEN 1 AND 100),
  idempotency_hash text,
  reject_reason    text,
  merged_into_id   bigint REFERENCES case_record (id) DEFERRABLE INITIALLY IMMEDIATE,
  reply_text       text,
  rating           text CHECK (rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  rating_comment   text,
  reopen_count     integer NOT NULL DEFAULT 0,
  escalation_count integer NOT NULL DEFAULT 0,
  respond_by       timestamptz,
  responded_at     timestamptz,
  solve_by         timestamptz,
  overdue          boolean NOT NULL DEFAULT false,
  overdue_at       timestamptz,
  ext_days         integer,
  ext_reason       text,
  ext_requested_by bigint,
  ext_requested_at timestamptz,
  accepted_at      timestamptz,
  dispatched_at    timestamptz,
  replied_at       timestamptz,
  closed_at        timestamptz,
  rated_at         timestamptz,
  created_by       bigint,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX case_record_idempotency ON case_record (source, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX case_record_queue ON case_record (community_id, status, created_at DESC);
CREATE INDEX case_record_territory ON case_record (territory_id, created_at DESC);
CREATE INDEX case_record_created ON case_record (created_at DESC, id DESC);
CREATE INDEX case_record_desc_tokens ON case_record USING gin (desc_tokens);
CREATE INDEX case_record_open_deadline ON case_record (solve_by) WHERE status IN ('accepted', 'dispatched', 'handling');

-- Who a dispatch round sent the case to: a department, a person (grid worker, supervising
-- leader) or the community itself. Rows of earlier rounds stay, inactive, for the record.
CREATE TABLE case_assignment (
  id             bigserial PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES case_record (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  department_id  bigint REFERENCES department (id) DEFERRABLE INITIALLY IMMEDIATE,
  user_id        bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  territory_id   bigint REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  role           text NOT NULL CHECK (role IN ('lead', 'assist', 'supervise')),
  tier           text NOT NULL CHECK (tier IN ('routine', 'joint', 'tough')),
  active         boolean NOT NULL DEFAULT true,
  assigned_by    bigint,
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  sign_by        timestamptz,
  signed_at      timestamptz,
  signed_by      bigint,
  reminded_at    timestamptz,
  returned_at    timestamptz,
  return_reason  text CHECK (return_reason IN ('not_our_locality', 'unclear_ownership', 'not_our_remit', 'other')),
  return_note    text,
  CHECK (num_nonnulls(department_id, user_id, territory_id) = 1)
);
CREATE INDEX case_assignment_case ON case_assignment (case_id);
CREATE INDEX case_assignment_department ON case_assignment (department_id) WHERE active;
CREATE INDEX case_assignment_user ON case_assignment (user_id) WHERE active;
CREATE INDEX case_assignment_unsigned ON case_assignment (sign_by) WHERE active AND signed_at IS NULL;

-- The timeline: every state change and every step that matters (overdue, reminders, extensions).
CREATE TABLE case_event (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES case_record (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor_id    bigint, -- NULL: the system (scheduler) or a resident
  actor_name  text,
  note        text,
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_event_case ON case_event (case_id, id);

-- In-app notifications for staff (催办, new work, returns). Residents are told through the sender.
CREATE TABLE notification (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  kind        text NOT NULL,
  title       text NOT NULL,
  body        text NOT NULL DEFAULT '',
  entity_type text,
  entity_id   text,
  read_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_user ON notification (user_id, created_at DESC, id DESC);
CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL;

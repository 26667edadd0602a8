-- Consultation (议事协商) and dispute mediation (矛盾纠纷调解), C6 second half (seed 003 "461").

-- 协商目录: what must / may go to consultation. territory_id NULL = the installation's
-- defaults; a city's or community's own entry for the same category overrides them.
CREATE TABLE consultation_catalogue (
  id            bigserial PRIMARY KEY,
  territory_id  bigint REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  category      text NOT NULL CHECK (length(btrim(category)) BETWEEN 1 AND 50),
  requirement   text NOT NULL CHECK (requirement IN ('must', 'may', 'excluded')),
  note          text CHECK (length(note) <= 500),
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX consultation_catalogue_key ON consultation_catalogue (COALESCE(territory_id, 0), category);

INSERT INTO consultation_catalogue (territory_id, category, requirement, note) VALUES
  (NULL, '老旧小区改造', 'must', '涉及全体居民切身利益的改造项目，须经居民协商'),
  (NULL, '加装电梯', 'must', '涉及同一楼栋居民的共同利益和费用分摊'),
  (NULL, '公共空间改造', 'must', '小区公共区域用途调整应听取居民意见'),
  (NULL, '小区封闭改造', 'must', '老旧开放小区封闭、半封闭式改造（种子 003）'),
  (NULL, '停车管理', 'may', '停车位划分、收费和错峰停车'),
  (NULL, '物业服务', 'may', '物业选聘、服务标准和收费'),
  (NULL, '环境整治', 'may', '楼院环境卫生、绿化和违章清理'),
  (NULL, '邻里纠纷', 'may', '宜通过邻里协商或个别调解化解');

-- A consultation item runs 集→提→报→商→办→结; its state is the step it is in.
CREATE TABLE consultation (
  id              bigserial PRIMARY KEY,
  community_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  subject         text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 2000),
  category        text CHECK (length(category) <= 50),
  -- 居民协商 / 多元协商 / 邻里协商 / 个别调解
  level           text NOT NULL CHECK (level IN ('resident', 'multi', 'neighbour', 'individual')),
  status          text NOT NULL DEFAULT 'collecting'
                  CHECK (status IN ('collecting', 'proposing', 'reviewing', 'consulting', 'acting', 'concluded')),
  collect_until   timestamptz NOT NULL,
  proposal        text CHECK (length(proposal) <= 5000),
  review_comment  text CHECK (length(review_comment) <= 1000),
  result          text CHECK (length(result) <= 5000),
  notice_id       bigint REFERENCES public_notice (id) DEFERRABLE INITIALLY IMMEDIATE,
  created_by      bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  concluded_at    timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_community ON consultation (community_id, status);

-- Affected buildings / compounds: who may give an opinion.
CREATE TABLE consultation_place (
  consultation_id bigint NOT NULL REFERENCES consultation (id) DEFERRABLE INITIALLY IMMEDIATE,
  territory_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  PRIMARY KEY (consultation_id, territory_id)
);

-- The cases the item comes from (same community).
CREATE TABLE consultation_case (
  consultation_id bigint NOT NULL REFERENCES consultation (id) DEFERRABLE INITIALLY IMMEDIATE,
  case_id         bigint NOT NULL REFERENCES case_record (id) DEFERRABLE INITIALLY IMMEDIATE,
  PRIMARY KEY (consultation_id, case_id)
);

CREATE TABLE consultation_event (
  id              bigserial PRIMARY KEY,
  consultation_id bigint NOT NULL REFERENCES consultation (id) DEFERRABLE INITIALLY IMMEDIATE,
  action          text NOT NULL,
  from_status     text,
  to_status       text NOT NULL,
  actor_id        bigint,
  actor_name      text,
  note            text,
  detail          jsonb NOT NULL DEFAULT '{}',
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_event_item ON consultation_event (consultation_id, id);

-- 集: one opinion per phone per item (a second one replaces nothing: 409).
CREATE TABLE consultation_opinion (
  id              bigserial PRIMARY KEY,
  consultation_id bigint NOT NULL REFERENCES consultation (id) DEFERRABLE INITIALLY IMMEDIATE,
  territory_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  room            text CHECK (length(room) <= 20),
  phone           text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  stance          text NOT NULL CHECK (stance IN ('support', 'oppose', 'suggest')),
  content         text NOT NULL CHECK (length(btrim(content)) BETWEEN 1 AND 1000),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consultation_id, phone)
);

-- 商: the 议事协商会 on record. meeting_ref is the later link to a meetings-capability row
-- (no foreign key yet: that table lives on another branch).
CREATE TABLE consultation_session (
  consultation_id bigint PRIMARY KEY REFERENCES consultation (id) DEFERRABLE INITIALLY IMMEDIATE,
  meeting_ref     bigint,
  held_on         date NOT NULL,
  place           text NOT NULL CHECK (length(btrim(place)) BETWEEN 1 AND 100),
  participants    jsonb NOT NULL DEFAULT '[]',
  outcome         text NOT NULL CHECK (length(btrim(outcome)) BETWEEN 1 AND 5000),
  votes_for       integer NOT NULL CHECK (votes_for >= 0),
  votes_against   integer NOT NULL CHECK (votes_against >= 0),
  votes_abstain   integer NOT NULL CHECK (votes_abstain >= 0),
  recorded_by     bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- 办: tasks with an owner and a deadline; the overdue job flags late ones.
CREATE TABLE consultation_task (
  id              bigserial PRIMARY KEY,
  consultation_id bigint NOT NULL REFERENCES consultation (id) DEFERRABLE INITIALLY IMMEDIATE,
  title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  owner_name      text NOT NULL CHECK (length(btrim(owner_name)) BETWEEN 1 AND 50),
  owner_user_id   bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  due_on          date NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  overdue         boolean NOT NULL DEFAULT false,
  done_note       text CHECK (length(done_note) <= 1000),
  done_at         timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consultation_task_item ON consultation_task (consultation_id);
CREATE INDEX consultation_task_due ON consultation_task (due_on) WHERE status = 'open' AND NOT overdue;

-- 结: residents rate the result, once per phone.
CREATE TABLE consultation_rating (
  id              bigserial PRIMARY KEY,
  consultation_id bigint NOT NULL REFERENCES consultation (id) DEFERRABLE INITIALLY IMMEDIATE,
  phone           text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  stars           integer NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment         text CHECK (length(comment) <= 500),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consultation_id, phone)
);

-- 矛盾纠纷调解: registered → mediating → agreed | failed; agreed → followed_up → closed; failed → closed.
CREATE TABLE mediation_case (
  id              bigserial PRIMARY KEY,
  community_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  description     text NOT NULL CHECK (length(btrim(description)) BETWEEN 1 AND 2000),
  dispute_type    text NOT NULL CHECK (length(btrim(dispute_type)) BETWEEN 1 AND 50),
  status          text NOT NULL DEFAULT 'registered'
                  CHECK (status IN ('registered', 'mediating', 'agreed', 'failed', 'followed_up', 'closed')),
  -- [{ "name": "…", "userId": 12 | null }]: committee members or staff, by name.
  mediators       jsonb NOT NULL DEFAULT '[]',
  agreement       text CHECK (length(agreement) <= 5000),
  failure_reason  text CHECK (length(failure_reason) <= 1000),
  case_id         bigint REFERENCES case_record (id) DEFERRABLE INITIALLY IMMEDIATE,
  created_by      bigint,
  closed_at       timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mediation_case_community ON mediation_case (community_id, status);

CREATE TABLE mediation_party (
  id              bigserial PRIMARY KEY,
  mediation_id    bigint NOT NULL REFERENCES mediation_case (id) DEFERRABLE INITIALLY IMMEDIATE,
  name            text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  phone           text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  role            text NOT NULL CHECK (role IN ('applicant', 'respondent', 'other')),
  -- The record of this party's signature on the agreement.
  signed_at       timestamptz,
  sign_method     text CHECK (sign_method IN ('on_site', 'electronic')),
  signed_recorded_by bigint,
  CHECK ((signed_at IS NULL) = (sign_method IS NULL))
);
CREATE INDEX mediation_party_case ON mediation_party (mediation_id);

CREATE TABLE mediation_session (
  id              bigserial PRIMARY KEY,
  mediation_id    bigint NOT NULL REFERENCES mediation_case (id) DEFERRABLE INITIALLY IMMEDIATE,
  held_on         date NOT NULL,
  notes           text NOT NULL CHECK (length(btrim(notes)) BETWEEN 1 AND 5000),
  recorded_by     bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mediation_followup (
  id              bigserial PRIMARY KEY,
  mediation_id    bigint NOT NULL REFERENCES mediation_case (id) DEFERRABLE INITIALLY IMMEDIATE,
  visited_on      date NOT NULL,
  notes           text NOT NULL CHECK (length(btrim(notes)) BETWEEN 1 AND 2000),
  fulfilled       boolean NOT NULL,
  recorded_by     bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mediation_event (
  id              bigserial PRIMARY KEY,
  mediation_id    bigint NOT NULL REFERENCES mediation_case (id) DEFERRABLE INITIALLY IMMEDIATE,
  action          text NOT NULL,
  from_status     text,
  to_status       text NOT NULL,
  actor_id        bigint,
  actor_name      text,
  note            text,
  detail          jsonb NOT NULL DEFAULT '{}',
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mediation_event_case ON mediation_event (mediation_id, id);

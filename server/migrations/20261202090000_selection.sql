-- Committee formation (社工委组建, C3) by the procedure of seed 001 §三.3:
-- 发布公告 → 征集意愿 (自荐/居民推荐/单位推荐) → 社区党组织会议讨论决定 → 报街道党工委审批备案
-- → 辖区公示 3 天 (异议) → 正式聘任 (聘书). Objections on any objectable public notice (C14).

-- Composition rules per city (委员原则上为9一15名 … 副主任3一4名; Lanzhou uses 13–15).
CREATE TABLE committee_rule (
  city_id               bigint PRIMARY KEY REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  size_min              integer NOT NULL DEFAULT 9 CHECK (size_min BETWEEN 1 AND 100),
  size_max              integer NOT NULL DEFAULT 15 CHECK (size_max BETWEEN 1 AND 100),
  deputy_min            integer NOT NULL DEFAULT 3 CHECK (deputy_min BETWEEN 0 AND 20),
  deputy_max            integer NOT NULL DEFAULT 4 CHECK (deputy_max BETWEEN 0 AND 20),
  notice_days           integer NOT NULL DEFAULT 3 CHECK (notice_days BETWEEN 1 AND 30),
  rotating_term_months  integer NOT NULL DEFAULT 12 CHECK (rotating_term_months BETWEEN 1 AND 120),
  -- 聘书编号 prefix: 兰社工委聘 gives 兰社工委聘〔2026〕第000123号.
  certificate_prefix    text NOT NULL DEFAULT '社工委聘' CHECK (length(btrim(certificate_prefix)) BETWEEN 1 AND 20),
  version               integer NOT NULL DEFAULT 1,
  updated_by            bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (size_min <= size_max),
  CHECK (deputy_min <= deputy_max)
);

-- One recruitment round of a community: the first formation or a supplement (增补).
CREATE TABLE selection_round (
  id                 bigserial PRIMARY KEY,
  community_id       bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  kind               text NOT NULL CHECK (kind IN ('formation', 'supplement')),
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'collecting', 'deciding', 'submitted',
                       'approved', 'returned', 'notice', 'appointing', 'done', 'cancelled')),
  -- 发布公告: the announcement text and the willingness collection period.
  title              text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  body               text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  collect_from       date NOT NULL,
  collect_until      date NOT NULL,
  -- How many seats a supplement fills (the vacancies); NULL for a formation.
  seats              integer CHECK (seats BETWEEN 1 AND 100),
  announcement_id    bigint REFERENCES public_notice (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- 社区党组织会议讨论决定
  meeting_date       date,
  meeting_attendees  text CHECK (length(meeting_attendees) <= 2000),
  meeting_note       text CHECK (length(meeting_note) <= 5000),
  -- 报街道党工委审批备案
  submitted_at       timestamptz,
  review_comment     text CHECK (length(review_comment) <= 2000),
  reviewed_by        bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  reviewed_at        timestamptz,
  -- 任前公示 on the board
  notice_id          bigint REFERENCES public_notice (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- 可根据工作实际适当增减: why the list breaks a composition rule, when it does.
  deviation_reason   text CHECK (length(deviation_reason) <= 500),
  appointed_on       date,
  version            integer NOT NULL DEFAULT 1,
  created_by         bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (collect_until >= collect_from)
);
CREATE INDEX selection_round_community ON selection_round (community_id, id DESC);
CREATE INDEX selection_round_status ON selection_round (status, id DESC);

-- A person put forward in a round. Personal data (phone, ID number) is masked unless personal:view.
CREATE TABLE selection_candidate (
  id                  bigserial PRIMARY KEY,
  round_id            bigint NOT NULL REFERENCES selection_round (id) DEFERRABLE INITIALLY IMMEDIATE,
  community_id        bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  name                text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  gender              text NOT NULL CHECK (gender IN ('male', 'female')),
  category            text NOT NULL CHECK (category IN ('two_committees', 'deputies', 'veteran', 'police',
                        'private_enterprise', 'social_org', 'property', 'owners_committee', 'notable_resident',
                        'media', 'lawyer', 'volunteer', 'other')),
  affiliation         text CHECK (length(affiliation) <= 100),
  phone               text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  id_number           text CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  proposed_role       text NOT NULL CHECK (proposed_role IN ('director', 'deputy_director', 'standing', 'rotating')),
  is_party_secretary  boolean NOT NULL DEFAULT false,
  party_member        boolean NOT NULL DEFAULT false,
  -- 征集意愿的三种渠道: 自荐 / 居民推荐 / 单位推荐
  channel             text NOT NULL CHECK (channel IN ('self', 'resident', 'unit')),
  recommender         text CHECK (length(recommender) <= 100),
  statement           text CHECK (length(statement) <= 2000),
  -- The phone of the resident who filed it on the H5 page; NULL when staff entered it.
  submitted_by_phone  text CHECK (submitted_by_phone ~ '^1[3-9][0-9]{9}$'),
  status              text NOT NULL DEFAULT 'nominated' CHECK (status IN ('nominated', 'proposed', 'not_proposed',
                        'approved', 'on_notice', 'withdrawn', 'appointed')),
  decision_reason     text CHECK (length(decision_reason) <= 500),
  member_id           bigint REFERENCES committee_member (id) DEFERRABLE INITIALLY IMMEDIATE,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX selection_candidate_round ON selection_candidate (round_id, id);
-- The same person is put forward once per round: by ID number, or by name and phone.
CREATE UNIQUE INDEX selection_candidate_once_id ON selection_candidate (round_id, id_number) WHERE id_number IS NOT NULL;
CREATE UNIQUE INDEX selection_candidate_once_name_phone ON selection_candidate (round_id, name, phone);

-- The round's timeline: every transition of the round or of one of its candidates.
CREATE TABLE selection_event (
  id            bigserial PRIMARY KEY,
  round_id      bigint NOT NULL REFERENCES selection_round (id) DEFERRABLE INITIALLY IMMEDIATE,
  candidate_id  bigint REFERENCES selection_candidate (id) DEFERRABLE INITIALLY IMMEDIATE,
  action        text NOT NULL,
  from_status   text,
  to_status     text NOT NULL,
  actor_id      bigint,
  actor_name    text,
  note          text,
  detail        jsonb NOT NULL DEFAULT '{}',
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX selection_event_round ON selection_event (round_id, id);

-- 异议: a resident's objection to an objectable notice, naming one item of it (a candidate),
-- and the staff's finding. Lodged only while the notice is open.
CREATE TABLE notice_objection (
  id            bigserial PRIMARY KEY,
  notice_id     bigint NOT NULL REFERENCES public_notice (id) DEFERRABLE INITIALLY IMMEDIATE,
  community_id  bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- The item objected to, in the notice's subject's terms (a selection_candidate id).
  item_id       bigint,
  phone         text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  content       text NOT NULL CHECK (length(btrim(content)) BETWEEN 5 AND 2000),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'not_upheld')),
  finding       text CHECK (length(finding) <= 2000),
  decided_by    bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  decided_at    timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK (status = 'pending' OR finding IS NOT NULL)
);
CREATE INDEX notice_objection_notice ON notice_objection (notice_id, id);
CREATE INDEX notice_objection_pending ON notice_objection (notice_id) WHERE status = 'pending';
CREATE INDEX notice_objection_phone ON notice_objection (phone, created_at);

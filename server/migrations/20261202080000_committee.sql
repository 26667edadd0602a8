-- The committee (社工委) of a community and its members (C3). The core other capabilities
-- build on: selection rounds (C3) appoint members into committee_member; visits, zones
-- and exits (C4, C3) act on members; meetings (C6) count members for quorum and votes.

-- One committee per community. Composition rules are checked against committee_rule
-- (per city, added by the selection capability); a deviation needs a recorded reason.
CREATE TABLE committee (
  id                bigserial PRIMARY KEY,
  community_id      bigint NOT NULL UNIQUE REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- 'forming' until the first appointment, then 'active'.
  status            text NOT NULL DEFAULT 'forming' CHECK (status IN ('forming', 'active')),
  formed_on         date,
  -- 可根据工作实际适当增减: why this committee's composition breaks a rule, when it does.
  deviation_reason  text CHECK (length(deviation_reason) <= 500),
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- A member (委员) for one appointment. Re-appointment after exit is a new row; history is
-- committee_member_event. Personal data (phone, ID number) is masked unless personal:view.
CREATE SEQUENCE committee_certificate_seq;

CREATE TABLE committee_member (
  id               bigserial PRIMARY KEY,
  committee_id     bigint NOT NULL REFERENCES committee (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- Denormalised from the committee: data scope conditions filter on it.
  community_id     bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- The console account of the member, when they have one (committee_member role).
  user_id          bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  gender           text CHECK (gender IN ('male', 'female')),
  phone            text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  id_number        text CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  -- Member category of SPEC C3 / seed 000 (two_committees = 社区"两委"成员 …).
  category         text NOT NULL CHECK (category IN ('two_committees', 'deputies', 'veteran', 'police',
                     'private_enterprise', 'social_org', 'property', 'owners_committee', 'notable_resident',
                     'media', 'lawyer', 'volunteer', 'other')),
  affiliation      text CHECK (length(affiliation) <= 100),
  -- 主任 / 副主任 / 常任委员 / 轮值委员
  role             text NOT NULL CHECK (role IN ('director', 'deputy_director', 'standing', 'rotating')),
  is_party_secretary boolean NOT NULL DEFAULT false,
  party_member     boolean NOT NULL DEFAULT false,
  status           text NOT NULL DEFAULT 'serving' CHECK (status IN ('serving', 'exiting', 'exited', 'dismissed')),
  term_start       date NOT NULL,
  -- Rotating members serve one year; NULL = until the committee's term ends.
  term_end         date,
  -- 聘书编号, e.g. 兰社工委聘〔2026〕第000123号; NULL for rosters imported without one.
  certificate_no   text UNIQUE,
  -- Where the appointment came from: a selection round's candidate, or an imported roster.
  source           text NOT NULL CHECK (source IN ('selection', 'import')),
  source_ref       bigint,
  appointed_at     timestamptz NOT NULL DEFAULT now(),
  ended_at         timestamptz,
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (term_end IS NULL OR term_end >= term_start)
);
CREATE INDEX committee_member_committee ON committee_member (committee_id, status);
CREATE INDEX committee_member_community ON committee_member (community_id, status);
CREATE INDEX committee_member_user ON committee_member (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX committee_member_term_end ON committee_member (term_end) WHERE status = 'serving' AND term_end IS NOT NULL;
-- A person serves once per committee at a time.
CREATE UNIQUE INDEX committee_member_serving_id_number ON committee_member (committee_id, id_number)
  WHERE status IN ('serving', 'exiting') AND id_number IS NOT NULL;

-- Every member's full history: appointment, role change, exit request/approval, dismissal.
CREATE TABLE committee_member_event (
  id          bigserial PRIMARY KEY,
  member_id   bigint NOT NULL REFERENCES committee_member (id) DEFERRABLE INITIALLY IMMEDIATE,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor_id    bigint,
  actor_name  text,
  note        text,
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX committee_member_event_member ON committee_member_event (member_id, id);

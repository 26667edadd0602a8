-- Members after appointment (C3, C4, C1): exit and dismissal details, seats and the
-- district leader of a committee, zone responsibility, visits with photos and
-- reminders, term-end notices, and the rollups the overview reads.

-- 编制: how many seats the committee has. A seat left by an exit or a dismissal is a
-- vacancy until a supplement round (增补) fills it. Kept at least the number in office.
ALTER TABLE committee ADD COLUMN seats integer NOT NULL DEFAULT 0 CHECK (seats BETWEEN 0 AND 99);
-- 县级领导"一对一"包抓联系社工委 (seed 000, seed 001 §六.1).
ALTER TABLE committee ADD COLUMN leader_user_id bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE;

-- The pending exit request (退出申请) and how a membership ended (退出 / 解聘).
ALTER TABLE committee_member ADD COLUMN exit_reason text CHECK (length(exit_reason) <= 500);
ALTER TABLE committee_member ADD COLUMN exit_requested_at timestamptz;
ALTER TABLE committee_member ADD COLUMN exit_requested_by bigint;
ALTER TABLE committee_member ADD COLUMN end_reason text CHECK (length(end_reason) <= 500);
-- 解聘: the body that decided (社区党组织会议) and the date of its decision.
ALTER TABLE committee_member ADD COLUMN decision_body text CHECK (length(decision_body) <= 100);
ALTER TABLE committee_member ADD COLUMN decision_on date;

-- 委员分片负责联系: a member (or a grid worker's account) answers for a territory node
-- (grid, compound, building) or a co-building unit named by text.
CREATE TABLE committee_zone (
  id            bigserial PRIMARY KEY,
  committee_id  bigint NOT NULL REFERENCES committee (id) DEFERRABLE INITIALLY IMMEDIATE,
  community_id  bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  member_id     bigint REFERENCES committee_member (id) DEFERRABLE INITIALLY IMMEDIATE,
  user_id       bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  territory_id  bigint REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  unit_name     text CHECK (length(btrim(unit_name)) BETWEEN 1 AND 100),
  created_by    bigint,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((member_id IS NULL) <> (user_id IS NULL)),
  CHECK ((territory_id IS NULL) <> (unit_name IS NULL))
);
CREATE UNIQUE INDEX committee_zone_unique ON committee_zone
  (committee_id, coalesce(member_id, 0), coalesce(user_id, 0), coalesce(territory_id, 0), coalesce(unit_name, ''));
CREATE INDEX committee_zone_member ON committee_zone (member_id) WHERE member_id IS NOT NULL;

-- 走访: whom (a household by building + room, or a unit by name), where, when, what was raised.
CREATE TABLE visit (
  id            bigserial PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  territory_id  bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  visitor_id    bigint NOT NULL REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  visitor_name  text NOT NULL,
  -- The visitor's membership in this community's committee, when they are a member.
  member_id     bigint REFERENCES committee_member (id) DEFERRABLE INITIALLY IMMEDIATE,
  visited_at    timestamptz NOT NULL,
  -- First day of the Beijing calendar month of visited_at: the visit round it counts for.
  month         date NOT NULL,
  whom_kind     text NOT NULL CHECK (whom_kind IN ('household', 'unit')),
  room          text CHECK (length(btrim(room)) BETWEEN 1 AND 20),
  unit_name     text CHECK (length(btrim(unit_name)) BETWEEN 1 AND 100),
  person_name   text CHECK (length(person_name) <= 50),
  summary       text NOT NULL CHECK (length(btrim(summary)) BETWEEN 1 AND 1000),
  problem       text CHECK (length(problem) <= 2000),
  case_id       bigint REFERENCES case_record (id) DEFERRABLE INITIALLY IMMEDIATE,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (whom_kind <> 'household' OR room IS NOT NULL),
  CHECK (whom_kind <> 'unit' OR unit_name IS NOT NULL)
);
CREATE INDEX visit_community ON visit (community_id, visited_at DESC, id DESC);
CREATE INDEX visit_member_month ON visit (member_id, month) WHERE member_id IS NOT NULL;
CREATE INDEX visit_visitor ON visit (visitor_id, visited_at DESC);

-- Photos of a visit; unclaimed until the visit that uses them is saved (as case photos are).
CREATE TABLE visit_photo (
  id            bigserial PRIMARY KEY,
  owner         text NOT NULL,
  visit_id      bigint REFERENCES visit (id) DEFERRABLE INITIALLY IMMEDIATE,
  name          text NOT NULL,
  content_type  text NOT NULL,
  size          integer NOT NULL,
  width         integer NOT NULL,
  height        integer NOT NULL,
  sha256        text NOT NULL,
  storage_key   text NOT NULL,
  thumbnail_key text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX visit_photo_visit ON visit_photo (visit_id);

-- 提醒走访: at most one reminder per member per month.
CREATE TABLE visit_reminder (
  member_id   bigint NOT NULL REFERENCES committee_member (id) DEFERRABLE INITIALLY IMMEDIATE,
  month       date NOT NULL,
  reminded_by bigint,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, month)
);

-- A rotating member's term end announced to the community once (the daily job).
CREATE TABLE committee_term_notice (
  member_id   bigint NOT NULL REFERENCES committee_member (id) DEFERRABLE INITIALLY IMMEDIATE,
  term_end    date NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (member_id, term_end)
);

-- Overview rollups (docs/committees.md). committee_stats_own holds what one committee
-- contributes now; committee_stats holds the sums for every official node above it.
-- dim: 'committee' (value 'all' | 'active'), 'members' ('all'), 'seats' ('all'),
-- 'vacancies' ('all'), 'category' (member category), 'role' (member role).
CREATE TABLE committee_stats_own (
  committee_id bigint NOT NULL REFERENCES committee (id) DEFERRABLE INITIALLY IMMEDIATE,
  dim          text NOT NULL,
  value        text NOT NULL,
  n            integer NOT NULL,
  PRIMARY KEY (committee_id, dim, value)
);
CREATE TABLE committee_stats (
  node_id bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  dim     text NOT NULL,
  value   text NOT NULL,
  n       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (node_id, dim, value)
);

-- Visits per Beijing month for every official node above the visit's community.
CREATE TABLE visit_stats_month (
  node_id         bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  month           date NOT NULL,
  visits          integer NOT NULL DEFAULT 0,
  members_visited integer NOT NULL DEFAULT 0,
  PRIMARY KEY (node_id, month)
);

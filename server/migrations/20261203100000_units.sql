-- Co-building units after registration (C8): their timeline, 双报到 party members, service
-- records, the resource list with bookings, the demand list with claims, and a rollup per
-- community for the overview.

-- Double booking is refused by the database: an exclusion constraint over (resource, time range).
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Social organisations' incubation (培育孵化): training entries and growth assessments.
ALTER TABLE unit ADD COLUMN incubation_started_on date;

CREATE TABLE unit_event (
  id          bigserial PRIMARY KEY,
  unit_id     bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor_id    bigint,
  actor_name  text,
  note        text CHECK (length(note) <= 500),
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unit_event_unit ON unit_event (unit_id, id);

CREATE TABLE unit_incubation (
  id          bigserial PRIMARY KEY,
  unit_id     bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  kind        text NOT NULL CHECK (kind IN ('training', 'assessment')),
  held_on     date NOT NULL,
  title       text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  -- Growth assessments only: a score out of 100.
  score       integer CHECK (score BETWEEN 0 AND 100),
  note        text CHECK (length(note) <= 1000),
  recorded_by bigint,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'assessment') = (score IS NOT NULL))
);
CREATE INDEX unit_incubation_unit ON unit_incubation (unit_id, held_on);

-- 双报到: an in-service party member registers to the community where they live.
CREATE TABLE party_member (
  id                   bigserial PRIMARY KEY,
  community_id         bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  residence_building_id bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  name                 text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  phone                text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  employer_unit_id     bigint REFERENCES unit (id) DEFERRABLE INITIALLY IMMEDIATE,
  employer_name        text NOT NULL CHECK (length(btrim(employer_name)) BETWEEN 1 AND 100),
  party_branch         text NOT NULL CHECK (length(btrim(party_branch)) BETWEEN 1 AND 100),
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected', 'withdrawn')),
  created_by           bigint,
  version              integer NOT NULL DEFAULT 1,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX party_member_once ON party_member (community_id, phone) WHERE status IN ('pending', 'confirmed');
CREATE INDEX party_member_community ON party_member (community_id, status);

CREATE TABLE party_member_event (
  id          bigserial PRIMARY KEY,
  party_member_id bigint NOT NULL REFERENCES party_member (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor_id    bigint,
  actor_name  text,
  note        text CHECK (length(note) <= 500),
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_member_event_member ON party_member_event (party_member_id, id);

-- 服务纪实: what a unit or a registered member did for the community, and its feedback.
CREATE TABLE service_record (
  id              bigserial PRIMARY KEY,
  community_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- Where it happened (the community or a grid, compound or building in it): the coverage counts it.
  territory_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  unit_id         bigint REFERENCES unit (id) DEFERRABLE INITIALLY IMMEDIATE,
  party_member_id bigint REFERENCES party_member (id) DEFERRABLE INITIALLY IMMEDIATE,
  title           text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  served_on       date NOT NULL,
  minutes         integer NOT NULL CHECK (minutes BETWEEN 1 AND 14400),
  recorded_by     bigint,
  feedback_rating smallint CHECK (feedback_rating BETWEEN 1 AND 5),
  feedback        text CHECK (length(feedback) <= 1000),
  feedback_by     bigint,
  feedback_at     timestamptz,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((unit_id IS NULL) <> (party_member_id IS NULL))
);
CREATE INDEX service_record_community ON service_record (community_id, served_on);
CREATE INDEX service_record_unit ON service_record (unit_id, served_on) WHERE unit_id IS NOT NULL;
CREATE INDEX service_record_member ON service_record (party_member_id, served_on) WHERE party_member_id IS NOT NULL;

CREATE TABLE service_photo (
  id            bigserial PRIMARY KEY,
  owner         text NOT NULL,
  record_id     bigint REFERENCES service_record (id) DEFERRABLE INITIALLY IMMEDIATE,
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
CREATE INDEX service_photo_record ON service_photo (record_id);

-- 资源清单: what a unit (or a person, through community staff) offers the community.
CREATE TABLE resource (
  id           bigserial PRIMARY KEY,
  community_id bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  unit_id      bigint REFERENCES unit (id) DEFERRABLE INITIALLY IMMEDIATE,
  -- A person offering (律师, 医生, 志愿者) when no unit does.
  owner_name   text CHECK (length(owner_name) <= 50),
  category     text NOT NULL CHECK (category IN ('venue', 'parking', 'equipment', 'funds', 'legal', 'medical', 'psychological', 'volunteer')),
  name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  description  text CHECK (length(description) <= 2000),
  address      text CHECK (length(address) <= 200),
  capacity     integer NOT NULL DEFAULT 1 CHECK (capacity BETWEEN 1 AND 100000),
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  created_by   bigint,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (unit_id IS NOT NULL OR owner_name IS NOT NULL)
);
CREATE INDEX resource_community ON resource (community_id, category) WHERE status = 'active';
CREATE INDEX resource_unit ON resource (unit_id);

-- Availability windows in Beijing time: a weekday (1 = Monday … 7 = Sunday) and minutes of the day.
CREATE TABLE resource_window (
  id           bigserial PRIMARY KEY,
  resource_id  bigint NOT NULL REFERENCES resource (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_minute integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  end_minute   integer NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
  CHECK (end_minute > start_minute)
);
CREATE INDEX resource_window_resource ON resource_window (resource_id);

CREATE TABLE resource_booking (
  id           bigserial PRIMARY KEY,
  resource_id  bigint NOT NULL REFERENCES resource (id) DEFERRABLE INITIALLY IMMEDIATE,
  community_id bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  -- Who uses it: a residents' group (议事小组, 文艺队) or the community itself.
  party        text NOT NULL CHECK (length(btrim(party)) BETWEEN 1 AND 100),
  purpose      text NOT NULL CHECK (length(btrim(purpose)) BETWEEN 1 AND 500),
  headcount    integer NOT NULL DEFAULT 1 CHECK (headcount >= 1),
  status       text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled')),
  booked_by    bigint,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  CONSTRAINT resource_booking_no_overlap EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status IN ('requested', 'confirmed'))
);
CREATE INDEX resource_booking_resource ON resource_booking (resource_id, starts_at);
CREATE INDEX resource_booking_community ON resource_booking (community_id, starts_at);

CREATE TABLE resource_booking_event (
  id          bigserial PRIMARY KEY,
  booking_id  bigint NOT NULL REFERENCES resource_booking (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor_id    bigint,
  actor_name  text,
  note        text CHECK (length(note) <= 500),
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resource_booking_event_booking ON resource_booking_event (booking_id, id);

-- 需求清单: what the community needs from outside, from an accepted case or entered by staff.
CREATE TABLE demand (
  id           bigserial PRIMARY KEY,
  community_id bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  territory_id bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  case_id      bigint UNIQUE REFERENCES case_record (id) DEFERRABLE INITIALLY IMMEDIATE,
  title        text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  description  text CHECK (length(description) <= 2000),
  category     text NOT NULL CHECK (category IN ('venue', 'parking', 'equipment', 'funds', 'legal', 'medical', 'psychological', 'volunteer', 'other')),
  quantity     integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 1000000),
  quantity_unit text NOT NULL DEFAULT '次' CHECK (length(quantity_unit) BETWEEN 1 AND 10),
  place        text CHECK (length(place) <= 200),
  needed_by    date,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'in_progress', 'met', 'closed')),
  unit_id      bigint REFERENCES unit (id) DEFERRABLE INITIALLY IMMEDIATE,
  created_by   bigint,
  met_at       timestamptz,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX demand_community ON demand (community_id, status, created_at DESC);

CREATE TABLE demand_claim (
  id          bigserial PRIMARY KEY,
  demand_id   bigint NOT NULL REFERENCES demand (id) DEFERRABLE INITIALLY IMMEDIATE,
  unit_id     bigint NOT NULL REFERENCES unit (id) DEFERRABLE INITIALLY IMMEDIATE,
  note        text CHECK (length(note) <= 500),
  status      text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'confirmed', 'rejected', 'withdrawn', 'completed')),
  -- The community's rating of the work when the demand is met: past performance for matching.
  rating      smallint CHECK (rating BETWEEN 1 AND 5),
  claimed_by  bigint,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  decided_at  timestamptz
);
-- One live claim per demand: of two units claiming at once, exactly one gets in.
CREATE UNIQUE INDEX demand_claim_live ON demand_claim (demand_id) WHERE status IN ('requested', 'confirmed');
CREATE INDEX demand_claim_unit ON demand_claim (unit_id, status);

-- One timeline for a demand and its claims (claim_id set on the claim's transitions).
CREATE TABLE demand_event (
  id          bigserial PRIMARY KEY,
  demand_id   bigint NOT NULL REFERENCES demand (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  claim_id    bigint REFERENCES demand_claim (id) DEFERRABLE INITIALLY IMMEDIATE,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  actor_id    bigint,
  actor_name  text,
  note        text CHECK (length(note) <= 500),
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX demand_event_demand ON demand_event (demand_id, id);

-- The overview's figures per community, recomputed from that community's rows in the
-- transaction that changes them; year 0 holds current counts, other years the year's flows.
CREATE TABLE unit_stats (
  community_id bigint NOT NULL REFERENCES territory_node (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  year         integer NOT NULL,
  metric       text NOT NULL,
  n            bigint NOT NULL,
  PRIMARY KEY (community_id, year, metric)
);

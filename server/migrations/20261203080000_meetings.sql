-- Topics, meetings, minutes, resolutions and their outcomes (C6, seed 001 §四.2–3).
-- A topic (议题) comes from cases or a proposal and waits in the community's pool; a
-- meeting puts topics on its agenda, signs attendees in, records minutes and votes a
-- resolution per item; a passed resolution creates a task, a dispatched case, a project
-- (a task of kind 'project' until the projects capability exists) or rejects the topic.

-- Quorum and pass threshold per meeting type, as fractions: present voting members must
-- exceed quorum_num/quorum_den of the voting invitees, and votes for must exceed
-- pass_num/pass_den of those present. Configurable; the defaults are simple majorities.
CREATE TABLE meeting_rule (
  meeting_type  text PRIMARY KEY CHECK (meeting_type IN ('committee_regular', 'two_committees', 'big_party',
                  'party_joint', 'resident_reps', 'consultation', 'hearing')),
  quorum_num    integer NOT NULL CHECK (quorum_num >= 0),
  quorum_den    integer NOT NULL CHECK (quorum_den > 0 AND quorum_num <= quorum_den),
  pass_num      integer NOT NULL CHECK (pass_num >= 0),
  pass_den      integer NOT NULL CHECK (pass_den > 0 AND pass_num <= pass_den),
  version       integer NOT NULL DEFAULT 1,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO meeting_rule (meeting_type, quorum_num, quorum_den, pass_num, pass_den) VALUES
  ('committee_regular', 1, 2, 1, 2), ('two_committees', 1, 2, 1, 2), ('big_party', 1, 2, 1, 2),
  ('party_joint', 1, 2, 1, 2), ('resident_reps', 1, 2, 1, 2), ('consultation', 1, 2, 1, 2), ('hearing', 1, 2, 1, 2);

CREATE TABLE meeting_topic (
  id            bigserial PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  background    text NOT NULL CHECK (length(background) <= 4000),
  stakeholders  text CHECK (length(stakeholders) <= 1000),
  suggestion    text CHECK (length(suggestion) <= 2000),
  -- 'cases': made from cases (meeting_topic_case); 'proposal': a member's or staff's own.
  source        text NOT NULL CHECK (source IN ('cases', 'proposal')),
  -- Difficult topics go to the monthly 大党委 meeting or the 党建联席会议.
  escalate_to   text CHECK (escalate_to IN ('big_party', 'party_joint')),
  status        text NOT NULL DEFAULT 'pooled' CHECK (status IN ('pooled', 'scheduled', 'decided', 'rejected', 'withdrawn')),
  -- Reasons of a rejecting resolution, fed back to the originating cases.
  feedback      text CHECK (length(feedback) <= 2000),
  created_by    bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_topic_pool ON meeting_topic (community_id, status, id DESC);

CREATE TABLE meeting_topic_case (
  topic_id  bigint NOT NULL REFERENCES meeting_topic (id) DEFERRABLE INITIALLY IMMEDIATE,
  case_id   bigint NOT NULL REFERENCES case_record (id) DEFERRABLE INITIALLY IMMEDIATE,
  PRIMARY KEY (topic_id, case_id)
);
-- A case's page asks which topics it became.
CREATE INDEX meeting_topic_case_by_case ON meeting_topic_case (case_id);

CREATE TABLE meeting_topic_event (
  id           bigserial PRIMARY KEY,
  topic_id     bigint NOT NULL REFERENCES meeting_topic (id) DEFERRABLE INITIALLY IMMEDIATE,
  action       text NOT NULL,
  from_status  text,
  to_status    text NOT NULL,
  actor_id     bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  actor_name   text,
  note         text,
  detail       jsonb NOT NULL DEFAULT '{}',
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_topic_event_topic ON meeting_topic_event (topic_id, id);

CREATE TABLE meeting (
  id            bigserial PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  meeting_type  text NOT NULL REFERENCES meeting_rule (meeting_type) DEFERRABLE INITIALLY IMMEDIATE,
  title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  starts_at     timestamptz NOT NULL,
  place         text NOT NULL CHECK (length(btrim(place)) BETWEEN 1 AND 200),
  convener      text NOT NULL CHECK (length(btrim(convener)) BETWEEN 1 AND 50),
  status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'in_progress', 'closed', 'cancelled')),
  -- The quorum and threshold in force when it opened (a later rule change does not rewrite history).
  quorum_num    integer NOT NULL,
  quorum_den    integer NOT NULL,
  pass_num      integer NOT NULL,
  pass_den      integer NOT NULL,
  -- Set when the recurring schedule created it.
  scheduled_by_rule boolean NOT NULL DEFAULT false,
  created_by    bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  closed_at     timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_by_community ON meeting (community_id, starts_at DESC);
CREATE INDEX meeting_closed ON meeting (closed_at) WHERE status = 'closed';

CREATE TABLE meeting_event (
  id           bigserial PRIMARY KEY,
  meeting_id   bigint NOT NULL REFERENCES meeting (id) DEFERRABLE INITIALLY IMMEDIATE,
  action       text NOT NULL,
  from_status  text,
  to_status    text NOT NULL,
  actor_id     bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  actor_name   text,
  note         text,
  detail       jsonb NOT NULL DEFAULT '{}',
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_event_meeting ON meeting_event (meeting_id, id);

-- Invitees: committee members (voting), stakeholders and unit representatives (not voting).
CREATE TABLE meeting_invitee (
  id            bigserial PRIMARY KEY,
  meeting_id    bigint NOT NULL REFERENCES meeting (id) DEFERRABLE INITIALLY IMMEDIATE,
  kind          text NOT NULL CHECK (kind IN ('member', 'stakeholder', 'unit')),
  member_id     bigint REFERENCES committee_member (id) DEFERRABLE INITIALLY IMMEDIATE,
  user_id       bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  name          text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 50),
  affiliation   text CHECK (length(affiliation) <= 100),
  voting        boolean NOT NULL,
  response      text NOT NULL DEFAULT 'pending' CHECK (response IN ('pending', 'attend', 'decline')),
  signed_in_at  timestamptz,
  signed_in_via text CHECK (signed_in_via IN ('console', 'qr')),
  CHECK ((kind = 'member') = (member_id IS NOT NULL)),
  CHECK (voting = (kind = 'member')),
  UNIQUE (meeting_id, member_id)
);
CREATE INDEX meeting_invitee_user ON meeting_invitee (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE meeting_agenda_item (
  id          bigserial PRIMARY KEY,
  meeting_id  bigint NOT NULL REFERENCES meeting (id) DEFERRABLE INITIALLY IMMEDIATE,
  topic_id    bigint NOT NULL REFERENCES meeting_topic (id) DEFERRABLE INITIALLY IMMEDIATE,
  position    integer NOT NULL,
  minutes     text NOT NULL DEFAULT '' CHECK (length(minutes) <= 10000),
  version     integer NOT NULL DEFAULT 1,
  UNIQUE (meeting_id, topic_id)
);

-- Corrections after the minutes were locked: append-only.
CREATE TABLE meeting_minutes_addendum (
  id              bigserial PRIMARY KEY,
  agenda_item_id  bigint NOT NULL REFERENCES meeting_agenda_item (id) DEFERRABLE INITIALLY IMMEDIATE,
  text            text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 4000),
  actor_id        bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  actor_name      text,
  at              timestamptz NOT NULL DEFAULT now()
);

-- One resolution per agenda item. outcome says what a passed resolution creates.
CREATE TABLE meeting_resolution (
  id              bigserial PRIMARY KEY,
  agenda_item_id  bigint NOT NULL UNIQUE REFERENCES meeting_agenda_item (id) DEFERRABLE INITIALLY IMMEDIATE,
  meeting_id      bigint NOT NULL REFERENCES meeting (id) DEFERRABLE INITIALLY IMMEDIATE,
  community_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  text            text NOT NULL CHECK (length(btrim(text)) BETWEEN 1 AND 2000),
  outcome         text NOT NULL CHECK (outcome IN ('task', 'dispatch', 'project', 'reject')),
  -- What the outcome needs: owner and deadline (task, project), department and category (dispatch), reasons (reject).
  owner_user_id   bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  due_on          date,
  department_id   bigint REFERENCES department (id) DEFERRABLE INITIALLY IMMEDIATE,
  category_code   text,
  reasons         text CHECK (length(reasons) <= 2000),
  status          text NOT NULL DEFAULT 'voting' CHECK (status IN ('voting', 'passed', 'failed')),
  votes_for       integer NOT NULL DEFAULT 0,
  votes_against   integer NOT NULL DEFAULT 0,
  votes_abstain   integer NOT NULL DEFAULT 0,
  present         integer,
  case_id         bigint REFERENCES case_record (id) DEFERRABLE INITIALLY IMMEDIATE,
  decided_at      timestamptz,
  version         integer NOT NULL DEFAULT 1
);
CREATE INDEX meeting_resolution_case ON meeting_resolution (case_id) WHERE case_id IS NOT NULL;

CREATE TABLE meeting_resolution_event (
  id             bigserial PRIMARY KEY,
  resolution_id  bigint NOT NULL REFERENCES meeting_resolution (id) DEFERRABLE INITIALLY IMMEDIATE,
  action         text NOT NULL,
  from_status    text,
  to_status      text NOT NULL,
  actor_id       bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  actor_name     text,
  note           text,
  detail         jsonb NOT NULL DEFAULT '{}',
  at             timestamptz NOT NULL DEFAULT now()
);

-- One vote per present voting member per resolution, with who recorded it and when.
CREATE TABLE meeting_vote (
  resolution_id  bigint NOT NULL REFERENCES meeting_resolution (id) DEFERRABLE INITIALLY IMMEDIATE,
  invitee_id     bigint NOT NULL REFERENCES meeting_invitee (id) DEFERRABLE INITIALLY IMMEDIATE,
  choice         text NOT NULL CHECK (choice IN ('for', 'against', 'abstain')),
  recorded_by    bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  recorded_name  text,
  at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (resolution_id, invitee_id)
);

-- Tasks a passed resolution creates (kind 'project' until a projects capability exists).
CREATE TABLE meeting_task (
  id             bigserial PRIMARY KEY,
  resolution_id  bigint NOT NULL REFERENCES meeting_resolution (id) DEFERRABLE INITIALLY IMMEDIATE,
  community_id   bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  kind           text NOT NULL CHECK (kind IN ('task', 'project')),
  title          text NOT NULL,
  owner_user_id  bigint NOT NULL REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  due_on         date NOT NULL,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  overdue        boolean NOT NULL DEFAULT false,
  done_at        timestamptz,
  version        integer NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX meeting_task_open_due ON meeting_task (due_on) WHERE status = 'open' AND NOT overdue;
CREATE INDEX meeting_task_community ON meeting_task (community_id, status);

-- Cadence rollup per community: last meeting dates (written when a meeting closes) and the
-- optional recurring schedule (the nth weekday of each month) the cadence job follows.
CREATE TABLE meeting_cadence (
  community_id        bigint PRIMARY KEY REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  last_meeting_on     date,
  last_regular_on     date,
  schedule_ordinal    integer CHECK (schedule_ordinal BETWEEN 1 AND 4),
  schedule_weekday    integer CHECK (schedule_weekday BETWEEN 1 AND 7),
  schedule_time       text CHECK (schedule_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
  schedule_place      text CHECK (length(schedule_place) <= 200),
  -- The date of the last meeting the schedule created, so each date is created once.
  scheduled_through   date,
  CHECK ((schedule_ordinal IS NULL) = (schedule_weekday IS NULL))
);

-- Residents (C5 H5 channel): one-time codes, resident sessions, the message outbox,
-- case attachments (photos) and the map point of a case.

-- Messages to residents (verification codes, case progress). Written in the transaction of
-- the step that causes them; the configured sender delivers them. In embedded/demo mode the
-- default "outbox" sender delivers nothing: this table is where an operator reads them.
CREATE TABLE outbox_message (
  id         bigserial PRIMARY KEY,
  channel    text NOT NULL DEFAULT 'sms' CHECK (channel IN ('sms')),
  recipient  text NOT NULL CHECK (recipient ~ '^1[3-9][0-9]{9}$'),
  kind       text NOT NULL,
  body       text NOT NULL,
  sender     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_message_recipient ON outbox_message (recipient, id DESC);
CREATE INDEX outbox_message_created ON outbox_message (created_at DESC, id DESC);

-- One-time login codes. Only a hash is stored; rows double as the rate-limit record
-- (codes per phone and per address over time).
CREATE TABLE resident_code (
  id          bigserial PRIMARY KEY,
  phone       text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  code_hash   text NOT NULL,
  ip          text NOT NULL,
  attempts    integer NOT NULL DEFAULT 0,
  expires_at  timestamptz NOT NULL,
  consumed_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_code_phone ON resident_code (phone, created_at DESC);
CREATE INDEX resident_code_ip ON resident_code (ip, created_at DESC);

-- Resident sessions: separate from staff sessions (another cookie, no roles, no territory).
CREATE TABLE resident_session (
  id           text PRIMARY KEY, -- SHA-256 of the cookie token
  phone        text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX resident_session_phone ON resident_session (phone);
CREATE INDEX resident_session_expires ON resident_session (expires_at);

-- Photos of a case. Uploaded first (owner = the uploader's source, 'user:<id>' or
-- 'h5:<phone>'), then claimed by a case (and the timeline step) they belong to.
CREATE TABLE case_attachment (
  id            bigserial PRIMARY KEY,
  owner         text NOT NULL,
  case_id       bigint REFERENCES case_record (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  event_id      bigint REFERENCES case_event (id) ON DELETE SET NULL DEFERRABLE INITIALLY IMMEDIATE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  size          integer NOT NULL CHECK (size > 0),
  width         integer NOT NULL,
  height        integer NOT NULL,
  sha256        text NOT NULL,
  storage_key   text NOT NULL UNIQUE,
  thumbnail_key text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_attachment_case ON case_attachment (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX case_attachment_unclaimed ON case_attachment (owner, created_at) WHERE case_id IS NULL;

-- The map point a resident gave (WGS 84, from the phone's geolocation).
ALTER TABLE case_record
  ADD COLUMN latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  ADD COLUMN longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  ADD CONSTRAINT case_record_point CHECK ((latitude IS NULL) = (longitude IS NULL));

-- "My cases" on the H5 page: submitted from the phone (source 'h5:<phone>') or recorded with it.
CREATE INDEX case_record_source ON case_record (source, created_at DESC);
CREATE INDEX case_record_reporter_phone ON case_record (reporter_phone, created_at DESC) WHERE reporter_phone IS NOT NULL;

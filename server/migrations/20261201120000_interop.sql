-- Interop (C5): Open311 GeoReport v2 intake and status, and the 12345 hotline import.

-- Open311 is its own channel: reports from third-party apps (a city's 随手拍 mini-program,
-- a map portal) are counted apart from the resident H5 page, which the platform itself serves.
ALTER TABLE case_record DROP CONSTRAINT case_record_channel_check;
ALTER TABLE case_record ADD CONSTRAINT case_record_channel_check
  CHECK (channel IN ('visit', 'hotline', 'mailbox', 'resident_talk', 'h5', 'grid_report', 'hotline_12345', 'meeting', 'open311'));

-- API keys of Open311 clients. Only the SHA-256 of a key is stored; the key is shown once.
CREATE TABLE open311_api_key (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  key_hash        text NOT NULL UNIQUE,
  -- The first characters of the key, so an administrator can tell keys apart.
  key_prefix      text NOT NULL,
  -- Where the client may submit: requests land in this node's subtree; a community (or
  -- a node below one) is also the default place for requests without a resolvable location.
  territory_id    bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  enabled         boolean NOT NULL DEFAULT true,
  rate_per_minute integer NOT NULL DEFAULT 30 CHECK (rate_per_minute BETWEEN 1 AND 6000),
  rate_window     timestamptz,
  rate_count      integer NOT NULL DEFAULT 0,
  last_used_at    timestamptz,
  created_by      bigint,
  version         integer NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_api_key_territory ON open311_api_key (territory_id);

-- What an Open311 client sent beyond the case itself, and the token it may poll.
CREATE TABLE open311_request (
  case_id      bigint PRIMARY KEY REFERENCES case_record (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  api_key_id   bigint NOT NULL REFERENCES open311_api_key (id) DEFERRABLE INITIALLY IMMEDIATE,
  token        text NOT NULL UNIQUE,
  service_code text NOT NULL,
  lat          double precision,
  long         double precision,
  address_id   text,
  media_url    text,
  device_id    text,
  account_id   text,
  -- Personal data of the submitter; never published through GET requests.
  email        text,
  first_name   text,
  last_name    text,
  attributes   jsonb NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_request_created ON open311_request (created_at DESC, case_id DESC);

-- 12345 work orders (工单) imported as cases; the order number is unique across imports.
CREATE TABLE hotline_order (
  case_id        bigint PRIMARY KEY REFERENCES case_record (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  order_no       text NOT NULL UNIQUE,
  called_at      timestamptz,
  dispatched_at  timestamptz,
  due_at         timestamptz,
  category_text  text,
  imported_by    bigint,
  imported_at    timestamptz NOT NULL DEFAULT now()
);

-- Platform foundation: territory tree, accounts, roles, sessions, audit log, dictionaries.
-- Foreign keys are DEFERRABLE so a backup can be restored table by table in one transaction.

-- One tree for the whole installation: city → district → street → community → grid → compound → building.
CREATE TABLE territory_node (
  id          bigserial PRIMARY KEY,
  parent_id   bigint REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  level       text NOT NULL CHECK (level IN ('city', 'district', 'street', 'community', 'grid', 'compound', 'building')),
  -- 12-digit statistical division code (GB/T 2260 + 统计用区划代码); grids and below have none.
  code        varchar(12) UNIQUE CHECK (code ~ '^[0-9]{12}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- Materialised path of ids, '/1/12/345/', including the node itself. "C" collation lets a
  -- plain b-tree answer the subtree query `path LIKE '/1/12/%'`.
  path        text COLLATE "C" NOT NULL,
  depth       integer NOT NULL,
  -- Character bigrams of the name: pg_trgm needs 3+ characters, Chinese names are searched by 2.
  name_tokens text[] NOT NULL DEFAULT '{}',
  boundary    jsonb,
  attrs       jsonb NOT NULL DEFAULT '{}',
  sort        integer NOT NULL DEFAULT 0,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 'city') = (parent_id IS NULL))
);
CREATE UNIQUE INDEX territory_node_path ON territory_node (path);
CREATE INDEX territory_node_children ON territory_node (parent_id, sort, id);
CREATE INDEX territory_node_name_tokens ON territory_node USING gin (name_tokens);
CREATE INDEX territory_node_code_prefix ON territory_node (code COLLATE "C");
-- Communities name their own grids, compounds and buildings; siblings must be told apart.
CREATE UNIQUE INDEX territory_node_sibling_name ON territory_node (parent_id, name)
  WHERE level IN ('grid', 'compound', 'building');

CREATE TABLE app_user (
  id                  bigserial PRIMARY KEY,
  username            text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,31}$'),
  display_name        text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  phone               text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
  -- The node the account belongs to; decides who may administer it. NULL = installation-wide.
  home_territory_id   bigint REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  password_hash       text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT false,
  status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_logins       integer NOT NULL DEFAULT 0,
  locked_until        timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_home ON app_user (home_territory_id);

CREATE TABLE role_assignment (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  role         text NOT NULL,
  -- NULL only for system_admin, whose scope is the whole installation.
  territory_id bigint REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint,
  UNIQUE NULLS NOT DISTINCT (user_id, role, territory_id)
);
CREATE INDEX role_assignment_territory ON role_assignment (territory_id);

-- Sessions live in the database so any application server can serve any request.
CREATE TABLE user_session (
  id           text PRIMARY KEY, -- SHA-256 of the cookie token; the token itself is never stored
  user_id      bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_expires ON user_session (expires_at);

-- Failed logins per client address and minute, shared by every application server.
CREATE TABLE login_throttle (
  ip           text NOT NULL,
  window_start timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (ip, window_start)
);

CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     bigint, -- no foreign key: the log outlives accounts
  actor_name   text,
  ip           text,
  action       text NOT NULL,
  entity_type  text NOT NULL,
  entity_id    text,
  territory_id bigint,
  summary      text NOT NULL,
  detail       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_territory ON audit_log (territory_id, at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Configurable option lists (数据字典). Items are disabled, never deleted: records keep their codes.
CREATE TABLE dict_type (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name        text NOT NULL,
  name_en     text NOT NULL,
  description text NOT NULL DEFAULT ''
);
CREATE TABLE dict_item (
  id        bigserial PRIMARY KEY,
  type_code text NOT NULL REFERENCES dict_type (code) DEFERRABLE INITIALLY IMMEDIATE,
  code      text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_]{0,39}$'),
  label     text NOT NULL CHECK (length(label) BETWEEN 1 AND 50),
  label_en  text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 80),
  sort      integer NOT NULL DEFAULT 0,
  enabled   boolean NOT NULL DEFAULT true,
  version   integer NOT NULL DEFAULT 1,
  UNIQUE (type_code, code)
);

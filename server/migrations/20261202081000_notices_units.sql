-- Two cores several capabilities share: public notices on the community board (C14) and
-- co-building units (C8). Their workflows live in their modules; these are the records.

-- 公示/公告 on a community's public board. Appointments (任前公示), projects, results and
-- commendations are published here; an objectable notice takes objections (异议) from
-- residents until ends_at, when the scheduler closes it.
CREATE TABLE public_notice (
  id            bigserial PRIMARY KEY,
  community_id  bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  kind          text NOT NULL CHECK (kind IN ('announcement', 'appointment', 'project', 'consultation', 'result', 'commendation', 'other')),
  title         text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  body          text NOT NULL CHECK (length(body) <= 20000),
  -- What the notice is about, e.g. ('selection_round', 12) or ('project', 7): the owning
  -- module reads objections and the closing back through it.
  subject_type  text,
  subject_id    bigint,
  objectable    boolean NOT NULL DEFAULT false,
  starts_at     timestamptz NOT NULL DEFAULT now(),
  ends_at       timestamptz,
  status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'withdrawn')),
  published_by  bigint REFERENCES app_user (id) DEFERRABLE INITIALLY IMMEDIATE,
  closed_at     timestamptz,
  version       integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT objectable OR ends_at IS NOT NULL),
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX public_notice_board ON public_notice (community_id, starts_at DESC, id DESC) WHERE status <> 'withdrawn';
CREATE INDEX public_notice_closing ON public_notice (ends_at) WHERE status = 'open' AND ends_at IS NOT NULL;
CREATE INDEX public_notice_subject ON public_notice (subject_type, subject_id);

-- 共建单位 and social organisations registered to a community (报到登记, 双报到).
CREATE TABLE unit (
  id                  bigserial PRIMARY KEY,
  community_id        bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  name                text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  -- 机关事业单位 / 国有企业 / 非公企业 / 物业公司 / 社会组织 / 业委会 / 其他
  kind                text NOT NULL CHECK (kind IN ('agency', 'state_enterprise', 'private_enterprise', 'property', 'social_org', 'owners_committee', 'other')),
  -- Social organisations only: 社区服务类 / 公益慈善类 / 文体活动类 / 专业调处类
  social_category     text CHECK (social_category IN ('community_service', 'charity', 'culture_sports', 'mediation')),
  credit_code         text CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'),
  party_org_name      text CHECK (length(party_org_name) <= 100),
  party_member_count  integer NOT NULL DEFAULT 0 CHECK (party_member_count >= 0),
  contact_name        text CHECK (length(contact_name) <= 50),
  contact_phone       text CHECK (contact_phone ~ '^1[3-9][0-9]{9}$'),
  address             text CHECK (length(address) <= 200),
  offer               text CHECK (length(offer) <= 2000),
  status              text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'rejected', 'withdrawn')),
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (social_category IS NULL OR kind = 'social_org')
);
-- A unit registers once per community (a rejected or withdrawn registration may be filed again).
CREATE UNIQUE INDEX unit_registration_once ON unit (community_id, name) WHERE status IN ('pending', 'confirmed');
CREATE INDEX unit_community ON unit (community_id, status);

-- The console accounts (role unit_contact) that act for a unit: claim, undertake, record services.
CREATE TABLE unit_account (
  unit_id     bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  user_id     bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, user_id)
);
CREATE INDEX unit_account_user ON unit_account (user_id);

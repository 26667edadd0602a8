-- Case statistics (C5): rollups kept current by every write to a case, in the same
-- transaction, so the statistics page never scans case_record (docs/statistics.md).
--
-- case_stats_day: one row per (territory node, Beijing intake day, dimension, value).
-- A case counts in the rows of the day it was received (its cohort), once for every
-- official node from the root of the tree down to its community, and once per dimension:
-- 'all' (value ''), 'channel', 'category', 'tier' and 'status' (its current values).
-- Every counter is a number of cases except close_seconds; a period's statistics are a
-- SUM over the node's rows of the period's days.
CREATE TABLE case_stats_day (
  node_id              bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  day                  date NOT NULL,
  dim                  text NOT NULL CHECK (dim IN ('all', 'channel', 'category', 'tier', 'status')),
  value                text NOT NULL,
  received             integer NOT NULL DEFAULT 0,
  accepted             integer NOT NULL DEFAULT 0,
  rejected             integer NOT NULL DEFAULT 0,
  merged               integer NOT NULL DEFAULT 0,
  responded            integer NOT NULL DEFAULT 0,
  responded_in_time    integer NOT NULL DEFAULT 0,
  closed               integer NOT NULL DEFAULT 0,
  closed_in_grid       integer NOT NULL DEFAULT 0,
  escalated            integer NOT NULL DEFAULT 0,
  overdue              integer NOT NULL DEFAULT 0,
  overdue_now          integer NOT NULL DEFAULT 0,
  reopened             integer NOT NULL DEFAULT 0,
  rated                integer NOT NULL DEFAULT 0,
  satisfied            integer NOT NULL DEFAULT 0,
  basically_satisfied  integer NOT NULL DEFAULT 0,
  dissatisfied         integer NOT NULL DEFAULT 0,
  close_seconds        bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (node_id, dim, day, value)
);

-- The same sums per calendar month (month = its first day): a long period reads its whole
-- months here and only the days of a partial first or last month from case_stats_day.
CREATE TABLE case_stats_month (LIKE case_stats_day INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE case_stats_month RENAME COLUMN day TO month;
ALTER TABLE case_stats_month ADD PRIMARY KEY (node_id, dim, month, value);
ALTER TABLE case_stats_month ADD FOREIGN KEY (node_id) REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE;

-- The snapshot: how many cases of each node are in each state right now, whenever received.
CREATE TABLE case_stats_now (
  node_id      bigint NOT NULL REFERENCES territory_node (id) DEFERRABLE INITIALLY IMMEDIATE,
  status       text NOT NULL,
  cases        integer NOT NULL DEFAULT 0,
  overdue_now  integer NOT NULL DEFAULT 0,
  PRIMARY KEY (node_id, status)
);

-- Periodic jobs shared by all application servers: a server claims a due job by
-- taking its lease in one UPDATE, so exactly one server runs each occurrence.
CREATE TABLE scheduled_job (
  name         text PRIMARY KEY,
  next_run_at  timestamptz NOT NULL DEFAULT now(),
  locked_by    text,
  locked_until timestamptz,
  last_run_at  timestamptz,
  last_error   text
);

-- Links of meeting resolutions to demands (需求清单) and projects (项目清单), issues 5 and 6.

-- A passed resolution may post a demand (需要外部协助): outcome 'demand'.
ALTER TABLE meeting_resolution DROP CONSTRAINT meeting_resolution_outcome_check;
ALTER TABLE meeting_resolution
  ADD CONSTRAINT meeting_resolution_outcome_check CHECK (outcome IN ('task', 'dispatch', 'project', 'reject', 'demand'));
-- What the outcome creates when it passes, as the meeting gave it (validated by the API):
-- the demand (category, quantity, place, needed-by) or the project (beneficiaries, funding, lines).
ALTER TABLE meeting_resolution ADD COLUMN demand_spec jsonb;
ALTER TABLE meeting_resolution ADD COLUMN project_spec jsonb;
-- What it created, like case_id for a dispatch: the resolution links to it without reading other modules' tables.
ALTER TABLE meeting_resolution ADD COLUMN demand_id bigint;
ALTER TABLE meeting_resolution ADD COLUMN project_id bigint;

-- The demand a passed resolution posted, and the resolution it came from.
ALTER TABLE demand ADD COLUMN resolution_id bigint REFERENCES meeting_resolution (id) DEFERRABLE INITIALLY IMMEDIATE;
CREATE UNIQUE INDEX demand_resolution ON demand (resolution_id) WHERE resolution_id IS NOT NULL;
ALTER TABLE meeting_resolution
  ADD CONSTRAINT meeting_resolution_demand_fkey FOREIGN KEY (demand_id) REFERENCES demand (id) DEFERRABLE INITIALLY IMMEDIATE;

-- The project draft a passed resolution made, and the demands a project answers.
ALTER TABLE project ADD COLUMN origin_resolution_id bigint REFERENCES meeting_resolution (id) DEFERRABLE INITIALLY IMMEDIATE;
CREATE UNIQUE INDEX project_origin_resolution ON project (origin_resolution_id) WHERE origin_resolution_id IS NOT NULL;
ALTER TABLE project ADD COLUMN origin_demand_ids jsonb NOT NULL DEFAULT '[]';
ALTER TABLE meeting_resolution
  ADD CONSTRAINT meeting_resolution_project_fkey FOREIGN KEY (project_id) REFERENCES project (id) DEFERRABLE INITIALLY IMMEDIATE;

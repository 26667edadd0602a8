-- Links between meetings (议题/会议) and consultation (议事协商), issue 5.

-- A topic's category is looked up in the 协商目录 so the console can suggest consultation.
ALTER TABLE meeting_topic ADD COLUMN category text CHECK (length(btrim(category)) BETWEEN 1 AND 50);

-- The 商 step may name the 议事协商会 meeting it was held at; the service checks type and community.
ALTER TABLE consultation_session
  ADD CONSTRAINT consultation_session_meeting_ref_fkey FOREIGN KEY (meeting_ref) REFERENCES meeting (id) DEFERRABLE INITIALLY IMMEDIATE;
CREATE INDEX consultation_session_meeting ON consultation_session (meeting_ref) WHERE meeting_ref IS NOT NULL;

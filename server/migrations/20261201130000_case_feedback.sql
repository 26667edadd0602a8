-- 公开反馈 / 个别反馈 (seed 001 §四.5): when the community closes a case it chooses
-- whether the result goes on the community's public board or only back to the resident.
ALTER TABLE case_record
  ADD COLUMN feedback text CHECK (feedback IN ('public', 'individual'));

-- The public board lists a community's published closed cases, newest first.
CREATE INDEX case_record_public_board ON case_record (community_id, closed_at DESC, id DESC)
  WHERE feedback = 'public';

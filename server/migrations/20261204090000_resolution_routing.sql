-- A passed 'dispatch' resolution records its case in the deciding transaction; the case is
-- routed (立案 as 联合哨, then 派遣 to the department) in the cases engine's own transactions
-- after that commits. routed_at marks the routing done (or given up because the case moved
-- on in someone's hands), so a job can finish what a failed or interrupted request left.
ALTER TABLE meeting_resolution ADD COLUMN routed_at timestamptz;
UPDATE meeting_resolution SET routed_at = decided_at WHERE case_id IS NOT NULL;
CREATE INDEX meeting_resolution_unrouted ON meeting_resolution (decided_at) WHERE case_id IS NOT NULL AND routed_at IS NULL;

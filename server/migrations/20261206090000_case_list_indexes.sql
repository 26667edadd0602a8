-- The queue's flag filters (超期, 延期待审批), which the badge and the statistics page link
-- to, pick a few hundred cases out of a city's hundreds of thousands: without an index the
-- newest-first page walks every case in scope to find them (190 ms for the city at 500,000
-- cases on PostgreSQL, against 5 ms with these).
CREATE INDEX case_record_overdue ON case_record (created_at DESC, id DESC) WHERE overdue;
CREATE INDEX case_record_extension_pending ON case_record (created_at DESC, id DESC) WHERE ext_requested_at IS NOT NULL;
-- The badge counts the cases waiting in each state (待受理 … 待核查) on every page of the
-- console; the waiting ones are a few per cent of all, and case_record_open_deadline covers
-- only three of the five states.
CREATE INDEX case_record_waiting ON case_record (status, territory_id)
  WHERE status IN ('submitted', 'accepted', 'dispatched', 'handling', 'replied');

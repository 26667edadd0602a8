-- A case imported from 12345 carries its work order number as its idempotency key under
-- the source '12345' (the import writes it from now on), so the queue finds the case by
-- that number through the unique index the key already has. Cases imported before get it here.
UPDATE case_record c
   SET idempotency_key = h.order_no
  FROM hotline_order h
 WHERE h.case_id = c.id
   AND c.source = '12345'
   AND c.idempotency_key IS NULL;

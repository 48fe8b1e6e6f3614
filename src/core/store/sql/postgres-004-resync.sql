-- The parts a queued sync sends for its prospect: 'all', or a comma list
-- of 'fields', 'notes' and 'company'. Any change a trigger notices widens
-- the row back to 'all', as in the SQLite schema.
ALTER TABLE sync_queue ADD COLUMN scope TEXT NOT NULL DEFAULT 'all';

-- Every queue trigger calls this function, so replacing it updates them all.
CREATE OR REPLACE FUNCTION sync_queue_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    target BIGINT;
BEGIN
    IF TG_TABLE_NAME = 'prospects' THEN
        target := NEW.id;
    ELSE
        target := NEW.prospect_id;
    END IF;

    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (target, TG_ARGV[0], store_timestamp())
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = sync_queue.generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL, scope = 'all';
    RETURN NULL;
END;
$$;

-- Indexes for the views' change checks, which look for the newest change
-- time and for rows changed since the last check every few seconds. Without
-- them each check scans every prospect, sync state and queue row.
-- Version 5 is the server-mode schema, which only PostgreSQL has.
CREATE INDEX prospects_updated_at ON prospects(updated_at);
CREATE INDEX sync_state_last_attempt_at ON sync_state(last_attempt_at);
CREATE INDEX sync_queue_enqueued_at ON sync_queue(enqueued_at);

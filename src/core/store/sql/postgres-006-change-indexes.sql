-- Indexes for the views' change checks, which look for the newest change
-- time and for rows changed since the last check every few seconds. Without
-- them each check scans every prospect and sync state row. The queue has
-- its index on enqueued_at since version 5.
CREATE INDEX IF NOT EXISTS prospects_updated_at ON prospects(updated_at);
CREATE INDEX IF NOT EXISTS sync_state_last_attempt_at ON sync_state(last_attempt_at);

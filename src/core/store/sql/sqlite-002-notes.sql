-- Timeline notes the sync posts to HubSpot, one row per event. A row is
-- written before its note is posted, and remote_id stays NULL until HubSpot
-- confirms. A restart can therefore find a note posted just before a crash
-- instead of posting it twice.
CREATE TABLE sync_notes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
    source_kind TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    body        TEXT NOT NULL,
    remote_id   TEXT,
    created_at  TEXT NOT NULL,
    posted_at   TEXT,
    UNIQUE (prospect_id, source_kind, source_id)
);
CREATE INDEX sync_notes_pending ON sync_notes(prospect_id) WHERE remote_id IS NULL;

-- The lifecycle stage and lead score HubSpot last heard about, so that a
-- change becomes one "Contact Activity" note.
ALTER TABLE sync_state ADD COLUMN synced_lifecycle_stage TEXT;
ALTER TABLE sync_state ADD COLUMN synced_lead_score INTEGER;

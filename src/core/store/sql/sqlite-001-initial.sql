-- Initial schema of the Breezee store (SQLite). Times are ISO 8601 UTC text
-- with milliseconds, for example 2025-03-14T08:30:00.000Z.

CREATE TABLE prospects (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    email            TEXT,
    email_normalized TEXT,
    first_name       TEXT,
    last_name        TEXT,
    phone            TEXT,
    mobile_phone     TEXT,
    job_title        TEXT,
    company_name     TEXT,
    lead_score       INTEGER,
    source_channel   TEXT,
    lifecycle_stage  TEXT,
    last_activity_at TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX prospects_email_normalized ON prospects(email_normalized);

-- Key/value facts captured in chat. Never synced to any provider.
CREATE TABLE memories (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       TEXT,
    captured_at TEXT NOT NULL
);
CREATE INDEX memories_prospect ON memories(prospect_id);

CREATE TABLE chat_sessions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
    started_at  TEXT NOT NULL,
    summary     TEXT,
    summary_at  TEXT
);
CREATE INDEX chat_sessions_prospect ON chat_sessions(prospect_id);

CREATE TABLE profile_matches (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
    profile     TEXT NOT NULL,
    score       REAL,
    matched_at  TEXT NOT NULL
);
CREATE INDEX profile_matches_prospect ON profile_matches(prospect_id);

-- kind: 'meeting_booked' or 'form_submission'.
CREATE TABLE activities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER NOT NULL REFERENCES prospects(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    details     TEXT
);
CREATE INDEX activities_prospect ON activities(prospect_id);

-- The provider seed. URL columns may hold {placeholders} that the
-- provider's credential block fills in, for example {api_base_url}.
-- scopes: JSON array of {"scope": ..., "reason": ...};
-- redirect_uris: JSON array of strings; status: 'live' or 'roadmap'.
CREATE TABLE providers (
    key            TEXT PRIMARY KEY,
    display_name   TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    authorize_url  TEXT,
    token_url      TEXT,
    revoke_url     TEXT,
    introspect_url TEXT,
    scopes         TEXT NOT NULL DEFAULT '[]',
    redirect_uris  TEXT NOT NULL DEFAULT '[]',
    sort_order     INTEGER NOT NULL DEFAULT 0
);

-- Non-secret connection metadata. Tokens live in the OS keychain only.
-- state: 'disconnected', 'connected', 'token_expired', 'offline', 'error'.
CREATE TABLE integrations (
    provider_key     TEXT PRIMARY KEY REFERENCES providers(key),
    state            TEXT NOT NULL DEFAULT 'disconnected',
    account_id       TEXT,
    account_domain   TEXT,
    account_user     TEXT,
    granted_scopes   TEXT,
    connected_at     TEXT,
    token_expires_at TEXT,
    last_error       TEXT,
    updated_at       TEXT NOT NULL
);

-- status: 'pending', 'synced', 'failed'.
-- decisions: JSON object, field name -> decision taken at the last sync.
CREATE TABLE sync_state (
    prospect_id     INTEGER PRIMARY KEY REFERENCES prospects(id) ON DELETE CASCADE,
    remote_id       TEXT,
    status          TEXT NOT NULL DEFAULT 'pending',
    last_attempt_at TEXT,
    last_synced_at  TEXT,
    last_error      TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    decisions       TEXT
);
CREATE INDEX sync_state_remote_id ON sync_state(remote_id);
CREATE INDEX sync_state_status ON sync_state(status);

-- level: 'info', 'warning', 'error'; kind: short machine word such as
-- 'created', 'updated', 'failed', 'batch', 'connect'.
CREATE TABLE sync_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    level       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    prospect_id INTEGER,
    message     TEXT NOT NULL
);
CREATE INDEX sync_log_prospect ON sync_log(prospect_id);

-- Durable work list, one row per prospect. `generation` grows with every
-- change, so a worker that read generation N deletes the row only if no
-- change arrived while it was syncing.
CREATE TABLE sync_queue (
    prospect_id INTEGER PRIMARY KEY REFERENCES prospects(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    generation  INTEGER NOT NULL DEFAULT 1,
    enqueued_at TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    not_before  TEXT
);

CREATE TRIGGER prospects_enqueue_insert AFTER INSERT ON prospects
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.id, 'created', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL;
END;

CREATE TRIGGER prospects_enqueue_update AFTER UPDATE ON prospects
WHEN OLD.email IS NOT NEW.email
  OR OLD.first_name IS NOT NEW.first_name
  OR OLD.last_name IS NOT NEW.last_name
  OR OLD.phone IS NOT NEW.phone
  OR OLD.mobile_phone IS NOT NEW.mobile_phone
  OR OLD.job_title IS NOT NEW.job_title
  OR OLD.company_name IS NOT NEW.company_name
  OR OLD.lead_score IS NOT NEW.lead_score
  OR OLD.source_channel IS NOT NEW.source_channel
  OR OLD.lifecycle_stage IS NOT NEW.lifecycle_stage
  OR OLD.last_activity_at IS NOT NEW.last_activity_at
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.id, 'updated', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL;
END;

CREATE TRIGGER chat_sessions_enqueue AFTER INSERT ON chat_sessions
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.prospect_id, 'chat_session', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL;
END;

CREATE TRIGGER activities_enqueue AFTER INSERT ON activities
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.prospect_id, 'activity', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL;
END;

CREATE TRIGGER profile_matches_enqueue AFTER INSERT ON profile_matches
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.prospect_id, 'profile_match', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL;
END;

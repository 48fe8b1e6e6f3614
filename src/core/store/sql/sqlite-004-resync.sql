-- The parts a queued sync sends for its prospect: 'all', or a comma list
-- of 'fields', 'notes' and 'company' when a person resynced only those
-- parts. Any change a trigger notices widens the row back to 'all'.
ALTER TABLE sync_queue ADD COLUMN scope TEXT NOT NULL DEFAULT 'all';

-- A company link may be 'chosen': a person picked remote_company_id among
-- the candidates of an ambiguous name, and the next sync associates it.

DROP TRIGGER prospects_enqueue_insert;
DROP TRIGGER prospects_enqueue_update;
DROP TRIGGER chat_sessions_enqueue;
DROP TRIGGER activities_enqueue;
DROP TRIGGER profile_matches_enqueue;

CREATE TRIGGER prospects_enqueue_insert AFTER INSERT ON prospects
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.id, 'created', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL, scope = 'all';
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
            enqueued_at = excluded.enqueued_at, not_before = NULL, scope = 'all';
END;

CREATE TRIGGER chat_sessions_enqueue AFTER INSERT ON chat_sessions
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.prospect_id, 'chat_session', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL, scope = 'all';
END;

CREATE TRIGGER activities_enqueue AFTER INSERT ON activities
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.prospect_id, 'activity', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL, scope = 'all';
END;

CREATE TRIGGER profile_matches_enqueue AFTER INSERT ON profile_matches
BEGIN
    INSERT INTO sync_queue (prospect_id, reason, enqueued_at)
    VALUES (NEW.prospect_id, 'profile_match', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (prospect_id) DO UPDATE
        SET generation = generation + 1, reason = excluded.reason,
            enqueued_at = excluded.enqueued_at, not_before = NULL, scope = 'all';
END;

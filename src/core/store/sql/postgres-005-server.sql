-- Server mode, PostgreSQL only: several workers share one queue and one
-- HubSpot rate budget.

-- A worker leases the rows it reads (SELECT ... FOR UPDATE SKIP LOCKED)
-- until lease_until, by the database's clock. Other workers skip a leased
-- row until its lease expires, so a worker that died leaves its rows for
-- another one to take. leased_by is the worker id, host:pid.
ALTER TABLE sync_queue ADD COLUMN leased_by TEXT;
ALTER TABLE sync_queue ADD COLUMN lease_until TIMESTAMPTZ;
CREATE INDEX sync_queue_due ON sync_queue(enqueued_at, prospect_id);

-- Wakes the workers that LISTEN on breezee_sync_queue when rows are queued
-- or requeued. Leasing and deferring do not change `generation`, so they
-- notify no one. One notification per statement, and PostgreSQL folds
-- equal notifications of one transaction into one.
CREATE FUNCTION sync_queue_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('breezee_sync_queue', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER sync_queue_notify AFTER INSERT OR UPDATE OF generation ON sync_queue
    FOR EACH STATEMENT EXECUTE FUNCTION sync_queue_notify();

-- The request starts of one rate budget (a HubSpot account, or its search
-- budget) in the rolling window, as milliseconds since the epoch by the
-- database's clock, oldest first.
CREATE TABLE rate_budget (
    account     TEXT PRIMARY KEY,
    starts_ms   BIGINT[] NOT NULL DEFAULT '{}',
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

-- Takes one request from the budget `budget_key`: at most `request_limit`
-- starts in any `window_ms`. Returns 0 when the request was counted and
-- may start now. Otherwise it counts nothing and returns the milliseconds
-- until the oldest start leaves the window. The row lock makes concurrent
-- callers take turns.
CREATE FUNCTION rate_budget_take(budget_key TEXT, request_limit INTEGER, window_ms INTEGER)
RETURNS BIGINT LANGUAGE plpgsql AS $$
DECLARE
    now_ms BIGINT := floor(extract(epoch FROM clock_timestamp()) * 1000);
    starts BIGINT[];
BEGIN
    INSERT INTO rate_budget (account) VALUES (budget_key) ON CONFLICT (account) DO NOTHING;
    PERFORM 1 FROM rate_budget WHERE account = budget_key FOR UPDATE;

    SELECT COALESCE(array_agg(s ORDER BY s), '{}') INTO starts
    FROM rate_budget, unnest(rate_budget.starts_ms) AS s
    WHERE rate_budget.account = budget_key AND s > now_ms - window_ms;

    IF cardinality(starts) >= request_limit THEN
        UPDATE rate_budget SET starts_ms = starts, updated_at = clock_timestamp()
        WHERE account = budget_key;
        RETURN greatest(1, starts[1] + window_ms - now_ms);
    END IF;

    UPDATE rate_budget SET starts_ms = starts || now_ms, updated_at = clock_timestamp()
    WHERE account = budget_key;
    RETURN 0;
END;
$$;

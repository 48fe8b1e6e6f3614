-- HubSpot companies resolved by normalized name, and each prospect's
-- company link; see sqlite-003-companies.sql.
CREATE TABLE companies (
    normalized_name TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL,
    remote_id       TEXT,
    status          TEXT NOT NULL,
    candidates      TEXT,
    resolved_at     TEXT NOT NULL
);

CREATE TABLE company_links (
    prospect_id       BIGINT PRIMARY KEY REFERENCES prospects(id) ON DELETE CASCADE,
    normalized_name   TEXT NOT NULL,
    remote_company_id TEXT,
    status            TEXT NOT NULL,
    linked_at         TEXT NOT NULL
);

-- HubSpot companies the sync resolved by normalized name (trimmed, case
-- folded, inner spaces collapsed). A company created moments ago is not in
-- HubSpot's search yet, so this table, not search, prevents a second one.
-- status: 'linked' (remote_id set) or 'ambiguous' (candidates: JSON array
-- of {"id", "name"} for a person to choose from).
CREATE TABLE companies (
    normalized_name TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL,
    remote_id       TEXT,
    status          TEXT NOT NULL,
    candidates      TEXT,
    resolved_at     TEXT NOT NULL
);

-- The company each prospect's contact is associated to in HubSpot.
CREATE TABLE company_links (
    prospect_id       INTEGER PRIMARY KEY REFERENCES prospects(id) ON DELETE CASCADE,
    normalized_name   TEXT NOT NULL,
    remote_company_id TEXT,
    status            TEXT NOT NULL,
    linked_at         TEXT NOT NULL
);

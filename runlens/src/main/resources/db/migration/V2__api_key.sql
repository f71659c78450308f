-- API keys for machine clients (seed 003: "requires a valid API key"). The key itself is shown once,
-- at creation, and never stored: only its SHA-256 is. Keys are 256 random bits, so a fast hash is
-- enough (no password-style KDF needed: there is nothing to guess), and it lets a lookup use an index.

CREATE TABLE api_key (
    id               uuid        PRIMARY KEY,
    organization_id  text        NOT NULL,
    name             text        NOT NULL,
    key_prefix       text        NOT NULL,
    key_hash         text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       text,
    revoked_at       timestamptz,
    last_used_at     timestamptz,
    CONSTRAINT api_key_hash_unique UNIQUE (key_hash),
    CONSTRAINT api_key_name_length CHECK (char_length(name) BETWEEN 1 AND 100)
);

-- Listing an organization's keys, newest first.
CREATE INDEX api_key_org_created_idx ON api_key (organization_id, created_at DESC);

COMMENT ON TABLE api_key IS 'Opaque API keys of machine clients; each acts for one organization.';
COMMENT ON COLUMN api_key.id IS 'Key id, used to list and revoke it; not a secret.';
COMMENT ON COLUMN api_key.organization_id IS 'Organization the key acts for; every lookup made with it is scoped to it.';
COMMENT ON COLUMN api_key.name IS 'What the key is for, as its creator named it.';
COMMENT ON COLUMN api_key.key_prefix IS 'First characters of the key, to recognise it in lists; not enough to use it.';
COMMENT ON COLUMN api_key.key_hash IS 'Hex SHA-256 of the whole key; the key itself is never stored.';
COMMENT ON COLUMN api_key.created_at IS 'When the key was created.';
COMMENT ON COLUMN api_key.created_by IS 'Subject of the admin token that created the key.';
COMMENT ON COLUMN api_key.revoked_at IS 'When the key was revoked; a revoked key authenticates nothing.';
COMMENT ON COLUMN api_key.last_used_at IS 'Last successful use, updated at most once a minute.';

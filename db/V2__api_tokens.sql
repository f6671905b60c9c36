-- API tokens: opaque bearer secrets stored only as SHA-256 hashes, with roles, optional expiry
-- and revocation. A revoked or expired token stays for the record.

CREATE TABLE api_token (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL,
    secret_hash TEXT        NOT NULL UNIQUE,
    roles       TEXT[]      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);

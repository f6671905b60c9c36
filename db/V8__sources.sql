-- Uploaded application sources (tar.gz, checked before they are stored), addressed by content.
-- A build keeps the digest of the source it builds, so what a worker fetches never changes.

CREATE TABLE source_archive (
    digest      TEXT        PRIMARY KEY,
    content     BYTEA       NOT NULL,
    size_bytes  BIGINT      NOT NULL,
    files       TEXT[]      NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE build ADD COLUMN source TEXT REFERENCES source_archive (digest);

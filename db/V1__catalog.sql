-- The μ-lib catalog: one row per library, one per version of its manifest. Versions are never
-- updated or deleted by an import; a changed manifest adds a version.

CREATE TABLE library (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE library_version (
    id              BIGSERIAL PRIMARY KEY,
    library_id      BIGINT      NOT NULL REFERENCES library (id),
    -- The manifest's version, or version+N when a manifest changed without changing its version.
    version         TEXT        NOT NULL,
    -- SHA-256 of the manifest file; an import with the same digest changes nothing.
    manifest_digest TEXT        NOT NULL,
    category        TEXT        NOT NULL,
    kind            TEXT        NOT NULL,
    summary         TEXT        NOT NULL,
    provides        TEXT[]      NOT NULL,
    default_for     TEXT[]      NOT NULL,
    requires        TEXT[]      NOT NULL,
    conflicts       TEXT[]      NOT NULL,
    platforms       TEXT[]      NOT NULL,
    architectures   TEXT[]      NOT NULL,
    init_function   TEXT,
    -- The options in declared order, as JSON: [{name, type, default, min, max, choices, help}].
    options         TEXT        NOT NULL,
    -- The folder the manifest was read from, so builds can find the sources.
    source_path     TEXT        NOT NULL,
    imported_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (library_id, version)
);

CREATE INDEX library_version_newest ON library_version (library_id, id DESC);

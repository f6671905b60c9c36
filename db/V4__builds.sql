-- Builds, their tasks (one per target) and the workers that lease them. A task is a state
-- machine: queued -> leased -> running -> succeeded | failed | cancelled. A lease is the worker
-- and an expiry; an expired lease puts the task back (attempts are bounded).

CREATE TABLE worker (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT        NOT NULL,
    platforms     TEXT[]      NOT NULL,
    architectures TEXT[]      NOT NULL,
    capacity      INT         NOT NULL CHECK (capacity > 0),
    registered_at TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE build (
    id             BIGSERIAL PRIMARY KEY,
    recipe         TEXT        NOT NULL,
    recipe_version INT         NOT NULL,
    application    TEXT        NOT NULL,
    command_line   TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE build_task (
    id                BIGSERIAL PRIMARY KEY,
    build_id          BIGINT      NOT NULL REFERENCES build (id),
    target            TEXT        NOT NULL,
    -- The target's resolved plan (JSON), fixed when the build was created: what the worker builds.
    plan              TEXT        NOT NULL,
    state             TEXT        NOT NULL CHECK (state IN ('queued', 'leased', 'running',
                                                            'succeeded', 'failed', 'cancelled')),
    attempts          INT         NOT NULL DEFAULT 0,
    worker_id         BIGINT REFERENCES worker (id),
    lease_expires_at  TIMESTAMPTZ,
    cancel_requested  BOOLEAN     NOT NULL DEFAULT FALSE,
    image_digest      TEXT,
    kernel_size_bytes BIGINT,
    duration_millis   BIGINT,
    failure_reason    TEXT,
    updated_at        TIMESTAMPTZ NOT NULL
);

-- The queue: the oldest queued task of a target first.
CREATE INDEX build_task_queue ON build_task (target, id) WHERE state = 'queued';
CREATE INDEX build_task_leases ON build_task (lease_expires_at) WHERE state IN ('leased', 'running');
CREATE INDEX build_task_build ON build_task (build_id);

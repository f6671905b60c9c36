-- Deployments (desired state), their revisions (one per image), the agents that run them and the
-- instances placed on agents. An instance is a state machine: pending -> starting -> running ->
-- failed | stopped, or unknown while its agent is silent; `desired` says whether its agent must run
-- or stop it. An instance whose agent reported it stopped after desired = 'stop' is deleted.

CREATE TABLE agent (
    id                BIGSERIAL PRIMARY KEY,
    name              TEXT        NOT NULL,
    kind              TEXT        NOT NULL CHECK (kind IN ('local', 'kubernetes', 'openstack')),
    pool              TEXT        NOT NULL,
    platforms         TEXT[]      NOT NULL,
    capacity          INT         NOT NULL CHECK (capacity > 0),
    registered_at     TIMESTAMPTZ NOT NULL,
    last_heartbeat_at TIMESTAMPTZ NOT NULL,
    lease_expires_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE deployment (
    id             BIGSERIAL PRIMARY KEY,
    name           TEXT        NOT NULL,
    pool           TEXT        NOT NULL,
    platform       TEXT        NOT NULL,
    replicas       INT         NOT NULL CHECK (replicas >= 0),
    memory_mib     INT         NOT NULL,
    cpus           INT         NOT NULL,
    command_line   TEXT        NOT NULL,
    environment    TEXT        NOT NULL,
    restart_policy TEXT        NOT NULL CHECK (restart_policy IN ('always', 'on-failure', 'never')),
    revision       INT         NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    deleted_at     TIMESTAMPTZ
);

-- One live deployment per name; deleted ones linger until their instances have stopped.
CREATE UNIQUE INDEX deployment_name ON deployment (name) WHERE deleted_at IS NULL;

CREATE TABLE deployment_revision (
    deployment_id BIGINT      NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
    revision      INT         NOT NULL,
    image         TEXT        NOT NULL,
    repository    TEXT        NOT NULL,
    image_digest  TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (deployment_id, revision)
);

CREATE TABLE instance (
    id            BIGSERIAL PRIMARY KEY,
    deployment_id BIGINT      NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
    revision      INT         NOT NULL,
    agent_id      BIGINT REFERENCES agent (id),
    state         TEXT        NOT NULL CHECK (state IN ('pending', 'starting', 'running', 'failed',
                                                        'stopped', 'unknown')),
    desired       TEXT        NOT NULL CHECK (desired IN ('run', 'stop')),
    restarts      INT         NOT NULL DEFAULT 0,
    exit_status   INT,
    console_tail  TEXT,
    updated_at    TIMESTAMPTZ NOT NULL
);

CREATE INDEX instance_deployment ON instance (deployment_id);
CREATE INDEX instance_agent ON instance (agent_id);

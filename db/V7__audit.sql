-- The audit log: one row per successful change made through the API, with the token that made it.
-- Rows are only ever inserted.

CREATE TABLE audit_event (
    id     BIGSERIAL PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL,
    actor  TEXT        NOT NULL,
    action TEXT        NOT NULL,
    method TEXT        NOT NULL,
    path   TEXT        NOT NULL,
    status INT         NOT NULL
);

CREATE INDEX audit_event_actor ON audit_event (actor, id DESC);
CREATE INDEX audit_event_action ON audit_event (action, id DESC);

-- Build logs, kept whole: one row per line, numbered from 1 per task.

CREATE TABLE task_log (
    task_id     BIGINT      NOT NULL REFERENCES build_task (id),
    line_number INT         NOT NULL,
    line        TEXT        NOT NULL,
    logged_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (task_id, line_number)
);

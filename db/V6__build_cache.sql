-- The build cache: a task's inputs (target, resolved plan, application, command line) hashed into
-- one digest. A new build's task whose digest matches a succeeded task is created succeeded,
-- pointing at that task (cached_from) and carrying its image, unless the build asks for no cache.

ALTER TABLE build_task ADD COLUMN input_digest TEXT;
ALTER TABLE build_task ADD COLUMN cached_from BIGINT REFERENCES build_task (id);

CREATE INDEX build_task_cache ON build_task (input_digest, id DESC) WHERE state = 'succeeded';

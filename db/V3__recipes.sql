-- Recipes and their immutable versions. A build refers to one (recipe, version) forever.

CREATE TABLE recipe (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE recipe_version (
    id         BIGSERIAL PRIMARY KEY,
    recipe_id  BIGINT      NOT NULL REFERENCES recipe (id),
    version    INT         NOT NULL,
    -- The recipe as given (application, requires, libraries with options, targets, command line),
    -- as JSON; never updated.
    spec       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (recipe_id, version)
);

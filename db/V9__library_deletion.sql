-- Libraries deleted by hand leave the catalog (listings, resolution) but keep their versions,
-- which builds refer to. An import or a PUT of the library clears the mark.

ALTER TABLE library ADD COLUMN deleted_at TIMESTAMPTZ;

DROP INDEX pitches_search;
ALTER TABLE pitches DROP COLUMN search;

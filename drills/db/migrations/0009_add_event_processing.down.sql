DROP INDEX events_unprocessed;
ALTER TABLE events DROP COLUMN processed_at;

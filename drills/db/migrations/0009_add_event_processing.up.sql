-- Events are processed by a scheduler; unprocessed ones are found by a partial index.
ALTER TABLE events ADD COLUMN processed_at timestamptz;
CREATE INDEX events_unprocessed ON events (occurred_at) WHERE processed_at IS NULL;

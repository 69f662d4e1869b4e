-- Full-text search over pitches (the kind of migration seed 004 rolls back when it slows production down).
ALTER TABLE pitches ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || logline)) STORED;
CREATE INDEX pitches_search ON pitches USING gin (search);

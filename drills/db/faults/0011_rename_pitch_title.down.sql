ALTER TABLE pitches RENAME COLUMN headline TO title;

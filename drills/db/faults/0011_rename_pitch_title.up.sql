-- A release that renames a column the application still reads: it applies cleanly and breaks every pitch query
-- (seed 004, "a migration that breaks the application"). Drills apply it as the fault; rolling back to the last
-- stable version mends it.
ALTER TABLE pitches RENAME COLUMN title TO headline;

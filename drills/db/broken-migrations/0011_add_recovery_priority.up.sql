-- Deliberately broken, for tests and drills: the second statement names a column that does not exist
-- (amount_cent instead of amount_cents), so the migration fails after its first statement has run.
ALTER TABLE recovery_cases ADD COLUMN priority int NOT NULL DEFAULT 3;

UPDATE recovery_cases
   SET priority = 1
 WHERE amount_cent > 100000;

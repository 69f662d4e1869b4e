ALTER TABLE recovery_cases DROP COLUMN priority;

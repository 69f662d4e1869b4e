-- A data migration: names split into given and family name, backfilled from the existing column.
ALTER TABLE users ADD COLUMN given_name text, ADD COLUMN family_name text;
UPDATE users SET given_name = split_part(name, ' ', 1),
                 family_name = nullif(substr(name, length(split_part(name, ' ', 1)) + 2), '');

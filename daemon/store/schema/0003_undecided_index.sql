-- 0003_undecided_index.sql: finding the next letter to decide in constant time.
--
-- "No appeals row yet" as an anti-join walks every decided letter on each call, so the
-- cost grew with the archive. A flag set in the deciding transaction, with a partial
-- index over the few undecided letters, keeps it flat.

ALTER TABLE letters ADD COLUMN decided boolean NOT NULL DEFAULT false;
UPDATE letters SET decided = true WHERE id IN (SELECT letter_id FROM appeals);
CREATE INDEX letters_undecided ON letters (id) WHERE NOT decided;

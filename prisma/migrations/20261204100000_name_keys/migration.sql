-- One rule for names: two usernames are the same name when they differ only
-- in case, in Unicode compatibility forms (full-width letters, ligatures) or
-- in surrounding white space. The rule lives here alone, so that every
-- writer (both services, the importer, an operator's psql) meets the same
-- unique index.

-- NFKC, white space trimmed, lower case by ICU's root locale (the same in
-- every database, whatever its own locale), then the two foldings that lower
-- case leaves out for the scripts MiniTwit's names come in: final sigma and
-- sharp s. A name and the same name with a suffix such as '-17' have the
-- same key with that suffix (the importer relies on it).
-- normalize() works in UTF-8 databases only: say so, rather than fail below.
DO $$
BEGIN
  IF current_setting('server_encoding') <> 'UTF8' THEN
    RAISE EXCEPTION 'MiniTwit needs a UTF8 database, and this one is %: dump it, create it again with ENCODING ''UTF8'', restore it',
      current_setting('server_encoding');
  END IF;
END
$$;

CREATE FUNCTION minitwit_name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN replace(
  replace(lower(btrim(normalize(name, NFKC), E' \t\n\r\f\v') COLLATE "und-x-icu"), 'ς', 'σ'),
  'ß', 'ss');

ALTER TABLE "users" ADD COLUMN "name_key" TEXT
  GENERATED ALWAYS AS (minitwit_name_key("username")) STORED;

-- A user who registered, before this rule, a name an earlier user holds by
-- it ('ALICE' beside 'alice'): kept, with every message and follow, and
-- found by their exact name only; the earliest keeps the name.
ALTER TABLE "users" ADD COLUMN "name_shared" BOOLEAN NOT NULL DEFAULT false;

UPDATE "users" AS later SET "name_shared" = true
WHERE EXISTS (
  SELECT 1 FROM "users" AS earlier
  WHERE earlier."name_key" = later."name_key" AND earlier."id" < later."id"
);

CREATE UNIQUE INDEX "users_name_key_key" ON "users" ("name_key") WHERE NOT "name_shared";

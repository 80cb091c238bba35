-- The database's two roles and what each may do. Run as a superuser,
-- connected to the MiniTwit database, by provisioning
-- (database.sh beside this file), the swarm test's database host, and the
-- embedded PostgreSQL of local start-up and the tests
-- (packages/tooling/local-postgres). Running it again changes nothing. Whoever runs
-- it sets the passwords.
--   minitwit          owns the schema: only the API's migration step
--                     (MIGRATION_DATABASE_URL) and restores connect as it.
--   minitwit_runtime  what both services run as (DATABASE_URL): reads and
--                     writes rows, and can change no table, index or role.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'minitwit') THEN
    CREATE ROLE minitwit LOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'minitwit_runtime') THEN
    CREATE ROLE minitwit_runtime LOGIN;
  END IF;
END
$$;

-- minitwit owns the database, and with it (PostgreSQL 15 and later) the
-- public schema.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I OWNER TO minitwit', current_database());
END
$$;

-- Only the owner creates in the schema (PostgreSQL 15's default; clusters
-- from before 15 let every role create there).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO minitwit;
GRANT USAGE ON SCHEMA public TO minitwit_runtime;

-- Tables that another role created (a database that the services reached
-- as a superuser before these roles existed) pass to minitwit, so that
-- later migrations can change them. A sequence that belongs to a column
-- follows its table.
DO $$
DECLARE
  relation regclass;
BEGIN
  FOR relation IN
    SELECT class.oid::regclass
    FROM pg_class class
    JOIN pg_namespace namespace ON namespace.oid = class.relnamespace
    WHERE namespace.nspname = 'public'
      AND class.relowner <> 'minitwit'::regrole::oid
      AND (class.relkind IN ('r', 'p', 'v', 'm', 'f')
        OR (class.relkind = 'S' AND NOT EXISTS (
          SELECT FROM pg_depend owned
          WHERE owned.objid = class.oid AND owned.deptype IN ('a', 'i'))))
  LOOP
    EXECUTE format('ALTER TABLE %s OWNER TO minitwit', relation);
  END LOOP;
END
$$;

-- Rows, never the schema: on every table minitwit creates from now on
-- (migrations, restores) ...
ALTER DEFAULT PRIVILEGES FOR ROLE minitwit IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO minitwit_runtime;
ALTER DEFAULT PRIVILEGES FOR ROLE minitwit IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO minitwit_runtime;
-- ... and on those there already.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO minitwit_runtime;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO minitwit_runtime;

-- GIN index on `_id` for every FerretDB collection table, applied by scripts/stack.sh to the
-- PostgreSQL database that FerretDB uses, on every start. Idempotent.
--
-- Why: FerretDB 1.24 pushes an `_id` filter down as `_jsonb->'_id' @> '<value>'`, which its own
-- B-tree index on `_jsonb->'_id'` cannot serve, so exact-`_id` reads, updates and findAndModify
-- scan the table. A GIN index with jsonb_path_ops on the same expression serves `@>`.
--
-- Where: in FerretDB's PostgreSQL backend each MongoDB database is a schema holding a
-- `_ferretdb_database_metadata` table; each of its rows (`_jsonb`) names a collection (`_id`) and
-- the table holding it (`table`); a collection table has one jsonb column, `_jsonb`.
--
-- Two parts: an event trigger that indexes each collection table as FerretDB creates it (tests
-- make databases and collections on the fly), and a backfill over the tables FerretDB's metadata
-- lists, for tables created before the trigger existed.
-- The helper functions live in their own schema: with no metadata table in it, FerretDB does
-- not take it for a database.

CREATE SCHEMA IF NOT EXISTS ferretdb_stack;

-- Index name: the table name may be 63 characters long and ends in FerretDB's hash, so a
-- truncated prefix plus a hash of the whole name keeps it unique and within the limit.
-- fastupdate = off: with GIN's default pending list, ids inserted since the last (auto)vacuum
-- are searched linearly; after a bulk load of 50k documents exact-_id reads ran ~8x slower.
CREATE OR REPLACE FUNCTION ferretdb_stack.id_gin_index(schema_name text, table_name text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb->''_id'') jsonb_path_ops) WITH (fastupdate = off)',
    left(table_name, 45) || '_' || left(md5(table_name), 8) || '_id_gin', schema_name, table_name);
END
$$;

-- At ddl_command_end of CREATE TABLE FerretDB has not yet written the collection's metadata row
-- (it inserts it right after), so a collection table is recognised by its shape instead: a
-- `_jsonb` column, in a schema that has FerretDB's metadata table, and not that table itself.
CREATE OR REPLACE FUNCTION ferretdb_stack.index_new_collection_table()
RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT n.nspname, c.relname
    FROM pg_event_trigger_ddl_commands() AS d
    JOIN pg_class AS c ON c.oid = d.objid
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE d.object_type = 'table'
      AND c.relkind = 'r'
      AND c.relname <> '_ferretdb_database_metadata'
      AND EXISTS (SELECT 1 FROM pg_attribute AS a
                  WHERE a.attrelid = c.oid AND a.attname = '_jsonb' AND NOT a.attisdropped)
      AND EXISTS (SELECT 1 FROM pg_class AS m
                  WHERE m.relnamespace = n.oid AND m.relname = '_ferretdb_database_metadata'
                    AND m.relkind = 'r')
  LOOP
    PERFORM ferretdb_stack.id_gin_index(t.nspname, t.relname);
  END LOOP;
END
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'ferretdb_id_gin') THEN
    CREATE EVENT TRIGGER ferretdb_id_gin ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
      EXECUTE FUNCTION ferretdb_stack.index_new_collection_table();
  END IF;
END
$$;

-- Backfill: every table that FerretDB's metadata names, in every FerretDB database.
DO $$
DECLARE
  s record;
  t record;
BEGIN
  FOR s IN
    SELECT n.nspname
    FROM pg_class AS m
    JOIN pg_namespace AS n ON n.oid = m.relnamespace
    WHERE m.relname = '_ferretdb_database_metadata' AND m.relkind = 'r'
  LOOP
    FOR t IN EXECUTE format(
      'SELECT _jsonb->>''table'' AS relname FROM %I._ferretdb_database_metadata', s.nspname)
    LOOP
      -- FerretDB may be running and drop the collection meanwhile.
      BEGIN
        PERFORM ferretdb_stack.id_gin_index(s.nspname, t.relname);
      EXCEPTION WHEN undefined_table THEN
        NULL;
      END;
    END LOOP;
  END LOOP;
END
$$;

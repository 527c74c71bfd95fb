-- The audit log is append-only for the apps. Web, api and consumer connect as a role that is a member
-- of tps_writer (see ops/postgres/init-app-role.sh): it may read and write the rows of every table,
-- but only read and add rows of audit_log. Only the owner (the role running migrations) may change or
-- delete audit rows, e.g. for a retention job run by ops (docs/security.md).
--
-- No semicolons in comments or quoted bodies: the JavaScript migration engine splits statements on
-- them, so the DO bodies below spell them as \073 (a $$ body is split too).

-- tps_writer: a group role without login, shared by every database of the cluster. Created here
-- when missing (dev machines and tests have no tps_app). Concurrent migrations of two databases
-- may both try: the loser's error is ignored.
DO E'BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ''tps_writer'') THEN
    CREATE ROLE tps_writer NOLOGIN\073
  END IF\073
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL\073
END';

GRANT USAGE ON SCHEMA public TO tps_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tps_writer;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tps_writer;
-- Tables and sequences that later migrations create (as the same owner) get the same rights.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tps_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tps_writer;

-- audit_log: read and add only, for tps_writer, PUBLIC and every other role but the owner. This
-- also takes the rights away from an app role that got them directly (volumes initialised before
-- this migration granted every table to tps_app through default privileges).
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM tps_writer, PUBLIC;
DO E'DECLARE grantee text\073
BEGIN
  FOR grantee IN
    SELECT DISTINCT acl.grantee::regrole::text
    FROM pg_class c, aclexplode(c.relacl) acl
    WHERE c.oid = ''public.audit_log''::regclass AND acl.grantee <> 0 AND acl.grantee <> c.relowner
      AND acl.privilege_type IN (''UPDATE'', ''DELETE'', ''TRUNCATE'')
  LOOP
    EXECUTE format(''REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_log FROM %s'', grantee)\073
  END LOOP\073
END';

-- The task ids an audit target names: `id=42` and/or `ids=1,42,7` at its start, the way
-- summarizeInput (packages/api) writes them. taskIdsInTarget in packages/core is the same rule.
-- Never throws, whatever a refused call's raw input put in the target (an index expression that
-- threw would refuse the audit row).
CREATE FUNCTION audit_task_ids(target text) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS 'SELECT array_agg(n::bigint)
      FROM unnest(string_to_array(substring(target FROM ''^(?:id=[0-9]+(?: |$))?ids=([0-9,]+)''), '','')
                  || substring(target FROM ''^id=([0-9]+)(?: |$)'')) AS n
      WHERE n ~ ''^[0-9]{1,10}$''';

-- A task's audit entries (the timeline's link): an index lookup instead of a scan of the whole log
-- (1 M rows: 0.06 ms instead of 330 ms). Partial, so the rows of creates (most of the log) skip it.
-- Queries repeat the predicate so the planner can use it.
CREATE INDEX "audit_log_task_ids_idx" ON "audit_log" USING gin (audit_task_ids("target"))
  WHERE "target" ~ '^ids?=';

-- One procedure, or a prefix such as `users.` (LIKE ranges need the C collation), newest first:
-- rare procedures no longer scan the log (1 M rows: 0.2 ms instead of 530 ms).
CREATE INDEX "audit_log_procedure_idx" ON "audit_log" ("procedure" COLLATE "C", "id");

#!/bin/sh
# Creates tps_app, the role web, api and consumer connect as. It may read and write rows but owns
# nothing, so it cannot change the schema; migrations run as the owner (compose's migrate service,
# Kubernetes' tps-migrate Job).
# Compose runs it once, when the data volume is first initialised (docker-entrypoint-initdb.d).
# Elsewhere (a managed PostgreSQL for Kubernetes) run it once as the owner, which needs CREATEROLE:
#   PGHOST=db.internal PGPASSWORD=… POSTGRES_USER=tps_owner POSTGRES_DB=tps \
#     APP_DB_PASSWORD="$(openssl rand -hex 24)" sh ops/postgres/init-app-role.sh
# tps_app's rights on tables come from tps_writer, a group role without login that the migrations
# grant (20261207110000_audit_append_only): the rows of every table, existing or created later, to
# read and write, except audit_log, whose rows it may only read and add. So this runs before or
# after the migrations alike; tps_writer is made here when they have not made it yet.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
SELECT 'CREATE ROLE tps_writer NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tps_writer')
\gexec
CREATE ROLE tps_app LOGIN PASSWORD '${APP_DB_PASSWORD}';
GRANT CONNECT ON DATABASE "${POSTGRES_DB}" TO tps_app;
GRANT tps_writer TO tps_app;
SQL

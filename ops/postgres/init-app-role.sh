#!/bin/sh
# Runs once, when the data volume is first initialised (docker-entrypoint-initdb.d): creates
# tps_app, the role web and consumer connect as. It may read and write rows but owns nothing, so
# it cannot change the schema; migrations run as the owner (the migrate service).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE tps_app LOGIN PASSWORD '${APP_DB_PASSWORD}';
GRANT CONNECT ON DATABASE "${POSTGRES_DB}" TO tps_app;
GRANT USAGE ON SCHEMA public TO tps_app;
ALTER DEFAULT PRIVILEGES FOR ROLE "${POSTGRES_USER}" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tps_app;
ALTER DEFAULT PRIVILEGES FOR ROLE "${POSTGRES_USER}" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO tps_app;
SQL

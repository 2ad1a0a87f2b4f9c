#!/bin/bash
# Run once by the postgres image on an empty data folder (docker-compose.yml): kiemchung's own user and
# database, beside Prefect's, for the crawl state, the web users and the decision log.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v password="$KIEMCHUNG_DB_PASSWORD" <<'SQL'
CREATE USER kiemchung PASSWORD :'password';
CREATE DATABASE kiemchung OWNER kiemchung;
SQL

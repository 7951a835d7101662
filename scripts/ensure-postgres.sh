#!/usr/bin/env bash
# Make sure PostgreSQL answers on 127.0.0.1:5432 as user postgres (trust auth), starting the
# local cluster when it is installed but stopped.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 -U postgres 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1; then
  echo "Installing PostgreSQL"; apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
if ! ready; then
  echo "Starting PostgreSQL"
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  done
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
if ! ready; then echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  echo "PostgreSQL answers but user postgres cannot sign in without a password (trust auth expected)." >&2
  exit 1
fi

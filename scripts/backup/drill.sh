#!/usr/bin/env bash
# Point-in-time recovery drill (issue 21 item 7, docs/operations.md「バックアップと復元」):
# continuous WAL archiving with pgBackRest, a full backup, work written through the product's
# services, then a restore to a chosen minute into a new data directory, checked row by row
# and by the audit chains. From nothing, on loopback, with everything under var/backup.
#
#   scripts/backup/drill.sh            # the drill (make backup-drill); exit 1 on any mismatch
#   scripts/backup/drill.sh clean      # stop its PostgreSQL instances, remove var/backup
#
# A throwaway PostgreSQL 15 cluster of its own on port 5450 (the restored copy on 5451):
# nothing here touches the machine's PostgreSQL (5432) or the HA cluster (5439-5442).
#   DRILL_COUNT=50       転入届 written before the target, and as many after it
#   DRILL_PRECISION=minute|second   minute: the target is the next whole minute (waits ≤ 60 s)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
B="${BACKUP_DIR:-$ROOT/var/backup}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PORT="${DRILL_PORT:-5450}" RESTORE_PORT="${DRILL_RESTORE_PORT:-5451}"
STANZA=jichitai
COUNT="${DRILL_COUNT:-50}"
PRECISION="${DRILL_PRECISION:-minute}"
CONF="$B/pgbackrest.conf"
SOCK="$B/run"
DB=jichitai LINKAGE_DB=jichitai_linkage

log() { printf '[backup %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
as_pg() { runuser -u postgres -- "$@"; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pgbackrest_() { as_pg pgbackrest --config="$CONF" --stanza="$STANZA" "$@"; }

install_packages() {
  local missing=()
  command -v pgbackrest >/dev/null || missing+=(pgbackrest)
  [ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    # RUNLEVEL=1: the package's own cluster and services are not started.
    RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

stop_cluster() {  # stop_cluster DATA_DIR
  if [ -f "$1/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$1" stop -m fast >/dev/null 2>&1 || true
  fi
}

clean() {
  stop_cluster "$B/restored"
  stop_cluster "$B/pg/data"
  rm -rf "$B"
  log "stopped; var/backup removed"
}

write_config() {
  mkdir -p "$B/repo" "$B/log" "$SOCK" "$B/work"
  # Retention (docs/operations.md): two full backups, each with the WAL that makes every
  # moment since the older one restorable; differentials kept for the latest full only.
  cat >"$CONF" <<CONF
[global]
repo1-path=$B/repo
repo1-retention-full-type=count
repo1-retention-full=2
repo1-retention-diff=1
compress-type=lz4
start-fast=y
archive-check=y
log-path=$B/log
lock-path=$SOCK
log-level-console=warn
log-level-file=info

[$STANZA]
pg1-path=$B/pg/data
pg1-port=$PORT
pg1-socket-path=$SOCK
pg1-user=postgres
CONF
  chown -R postgres:postgres "$B"
  chmod 750 "$B/repo"
}

create_cluster() {
  log "PostgreSQL 15 cluster on 127.0.0.1:$PORT, WAL archived to the pgBackRest repository"
  as_pg "$PG_BIN/initdb" -D "$B/pg/data" -U postgres -E UTF8 --locale C.UTF-8 \
    --data-checksums --auth trust >/dev/null
  cat >>"$B/pg/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$CONF --stanza=$STANZA archive-push %p'
archive_timeout = 60
max_wal_senders = 3
shared_buffers = 128MB
CONF
  as_pg "$PG_BIN/pg_ctl" -D "$B/pg/data" -l "$B/log/pg.log" -w start >/dev/null
  pgbackrest_ stanza-create >/dev/null
  pgbackrest_ check >/dev/null
}

app_env() {  # app_env PORT: the product's settings against the cluster on PORT
  export DJANGO_SETTINGS_MODULE=jichitai.config.settings.dev PYTHONPATH="$ROOT/src"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$1/$DB"
  export LINKAGE_DATABASE_URL="postgres://postgres@127.0.0.1:$1/$LINKAGE_DB"
  export JICHITAI_LOG_LEVEL=WARNING
}

jichitai() { "$ROOT/.venv/bin/python" -m jichitai.manage "$@"; }
drill_data() { "$ROOT/.venv/bin/python" "$ROOT/scripts/backup/drill_data.py" "$@"; }
psql_() { "$PG_BIN/psql" -X -q -tA -h 127.0.0.1 -U postgres "$@"; }

seconds_since() { echo "$(( $(date +%s%N) / 1000000 - $1 ))" | awk '{printf "%.1f", $1 / 1000}'; }
now_ms() { echo "$(( $(date +%s%N) / 1000000 ))"; }

drill() {
  install_packages
  if [ -d "$B" ]; then
    log "var/backup exists: removing the previous drill"
    clean
  fi
  for port in "$PORT" "$RESTORE_PORT"; do
    port_free "$port" || { log "port $port is taken"; exit 1; }
  done
  local start phase t_setup t_backup t_restore t_recover t_verify target
  start=$(now_ms)
  write_config
  create_cluster
  psql_ -p "$PORT" -d postgres -c "CREATE DATABASE $DB" -c "CREATE DATABASE $LINKAGE_DB"
  app_env "$PORT"
  log "migrate jichitai, the national code list, みどり市 served"
  # Only the schema's own transactions skip the wait for the disk (nothing to lose here).
  PGOPTIONS="-c synchronous_commit=off" jichitai migrate --noinput -v 0
  PGOPTIONS="-c synchronous_commit=off" jichitai migrate --database linkage --noinput -v 0
  jichitai load-municipalities >/dev/null
  drill_data setup
  t_setup=$(seconds_since "$start")

  phase=$(now_ms)
  log "full backup"
  pgbackrest_ --type=full backup
  t_backup=$(seconds_since "$phase")

  log "writing $COUNT 転入届 through residents_register (each with its audit record)"
  drill_data write before --count "$COUNT" --start 1 >"$B/work/before.json"
  if [ "$PRECISION" = minute ]; then
    # The target is a whole minute, as an operator names it ("restore to 02:47"): the next
    # one after the last commit before it.
    target=$(psql_ -p "$PORT" -d postgres -c \
      "SELECT to_char(date_trunc('minute', now() AT TIME ZONE 'UTC') + interval '1 minute', 'YYYY-MM-DD HH24:MI:SS') || '+00'")
    log "target: $target (waiting for it)"
    until [ "$(psql_ -p "$PORT" -d postgres -c "SELECT now() >= '$target'::timestamptz")" = t ]; do
      sleep 1
    done
    sleep 1
  else
    sleep 1
    target=$(psql_ -p "$PORT" -d postgres -c \
      "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
    sleep 1
    log "target: $target"
  fi
  log "writing $COUNT more after the target"
  drill_data write after --count "$COUNT" --start "$((COUNT + 1))" >"$B/work/after.json"
  # Close the current WAL segment so everything written is in the archive, then check it.
  psql_ -p "$PORT" -d postgres -c "SELECT pg_switch_wal()" >/dev/null
  pgbackrest_ check >/dev/null
  log "the running cluster has both batches:"
  drill_data verify --present "$B/work/before.json" --present "$B/work/after.json"

  phase=$(now_ms)
  log "restore to $target into a new data directory"
  mkdir -p "$B/restored"
  chown postgres:postgres "$B/restored"
  chmod 700 "$B/restored"
  pgbackrest_ --pg1-path="$B/restored" --type=time --target="$target" \
    --target-action=promote restore
  t_restore=$(seconds_since "$phase")
  phase=$(now_ms)
  # Its own port; no archiving from the copy (a real restore re-enables it once checked).
  as_pg "$PG_BIN/pg_ctl" -D "$B/restored" -l "$B/log/restored.log" -w -t 300 \
    -o "-p $RESTORE_PORT -c archive_mode=off" start >/dev/null
  until [ "$(psql_ -p "$RESTORE_PORT" -d postgres -c 'SELECT NOT pg_is_in_recovery()' 2>/dev/null)" = t ]; do
    sleep 0.5
  done
  t_recover=$(seconds_since "$phase")

  phase=$(now_ms)
  app_env "$RESTORE_PORT"
  log "the restored copy (port $RESTORE_PORT): rows before the target there, after it not"
  local status=0
  drill_data verify --present "$B/work/before.json" --absent "$B/work/after.json" || status=1
  jichitai verify-audit || status=1
  jichitai verify-exchanges || status=1
  t_verify=$(seconds_since "$phase")

  local info
  info=$(pgbackrest_ info --output=json | "$ROOT/.venv/bin/python" -c '
import json, sys
info = json.load(sys.stdin)[0]["backup"][-1]["info"]
size, stored = info["size"] / 2**20, info["repository"]["delta"] / 2**20
print(f"{size:.1f} MiB database, {stored:.1f} MiB in the repository")')
  echo
  echo "=== pgBackRest point-in-time recovery drill ==="
  echo "target time:           $target (precision: $PRECISION)"
  echo "full backup:           $info"
  echo "setup (initdb, migrate): ${t_setup} s"
  echo "full backup:           ${t_backup} s"
  echo "restore (files):       ${t_restore} s"
  echo "recovery to target:    ${t_recover} s (WAL replay until promoted)"
  echo "verification:          ${t_verify} s"
  echo "whole drill:           $(seconds_since "$start") s"
  if [ "$status" = 0 ]; then
    echo "result:                OK — $COUNT 転入届 before the target restored, $COUNT after it absent, audit chains verify"
  else
    echo "result:                MISMATCH (see PROBLEM lines above)"
  fi
  echo "clean up:              make backup-drill-clean"
  return "$status"
}

case "${1:-drill}" in
  drill) drill ;;
  clean) clean ;;
  *) echo "usage: $0 [drill|clean]" >&2; exit 2 ;;
esac

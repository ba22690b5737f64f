#!/usr/bin/env bash
# The PostgreSQL HA cluster on loopback (issue 21, docs/operations.md「高可用性 (HA)」):
# etcd, two PostgreSQL 15 instances under Patroni (primary + synchronous standby), HAProxy in
# front (write port -> the leader, read port -> a replica), two gunicorn app servers behind it.
#
#   scripts/ha/ha.sh up        # install what is missing (apt-get), start everything from nothing
#   scripts/ha/ha.sh down      # stop everything; WIPE=1 also removes var/ha/
#   scripts/ha/ha.sh status    # patronictl list and the ports
#   scripts/ha/ha.sh apps-stop | apps-start   # only the two app servers (the benchmark brings its own)
#   scripts/ha/ha.sh proxy-restart            # HAProxy alone, with its configuration written again
#
# Nothing here touches the machine's own PostgreSQL (5432): every port is its own.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HA="${HA_DIR:-$ROOT/var/ha}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
SCOPE=jichitai-ha
ETCD_CLIENT=2479 ETCD_PEER=2480
PG_PORTS=(5441 5442) REST_PORTS=(8441 8442)
WRITE_PORT=5440 READ_PORT=5439 HTTP_PORT=8100 STATS_PORT=8404 APP_PORTS=(8101 8102)
DB_NAME="${HA_DB_NAME:-jichitai_ha}"
RUN="$HA/run" LOG="$HA/log"

log() { printf '[ha] %s\n' "$*"; }

install_packages() {
  local missing=()
  command -v patroni >/dev/null || missing+=(patroni python3-etcd)
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v etcdctl >/dev/null || missing+=(etcd-client)
  command -v haproxy >/dev/null || missing+=(haproxy)
  [ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    apt-get update -qq
    # RUNLEVEL=1: the packages' own services (etcd, haproxy) are not started; ours run under var/ha.
    RUNLEVEL=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq "$((seconds * 2))"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  log "gave up waiting for $what (logs in $LOG)"; return 1
}

# Runs a command detached, as USER, with its pid in $RUN/NAME.pid and output in $LOG/NAME.log.
spawn() {  # spawn NAME USER COMMAND...
  local name=$1 user=$2; shift 2
  if [ "$user" = root ]; then
    setsid "$@" >>"$LOG/$name.log" 2>&1 < /dev/null &
  else
    setsid runuser -u "$user" -- "$@" >>"$LOG/$name.log" 2>&1 < /dev/null &
  fi
  echo $! >"$RUN/$name.pid"
}

write_patroni_config() {  # write_patroni_config INDEX
  local i=$1 name="pg$(( $1 + 1 ))"
  cat >"$HA/$name.yml" <<YML
scope: $SCOPE
name: $name
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:${REST_PORTS[$i]}
  connect_address: 127.0.0.1:${REST_PORTS[$i]}
etcd3:
  hosts: [127.0.0.1:$ETCD_CLIENT]
bootstrap:
  dcs:
    # A lost leader is noticed within ttl (the leader key expires) or at once when its
    # Patroni sees PostgreSQL gone: primary_start_timeout 0 fails over instead of restarting
    # the crashed primary in place.
    ttl: 10
    loop_wait: 2
    retry_timeout: 3
    primary_start_timeout: 0
    maximum_lag_on_failover: 0
    # Every commit waits until the standby has it: a failover never loses an acknowledged write.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      remove_data_directory_on_rewind_failure: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        max_connections: 200
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        wal_log_hints: "on"
        synchronous_commit: "on"
        shared_buffers: 256MB
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
postgresql:
  listen: 127.0.0.1:${PG_PORTS[$i]}
  connect_address: 127.0.0.1:${PG_PORTS[$i]}
  data_dir: $HA/$name/data
  bin_dir: $PG_BIN
  pgpass: $HA/$name/pgpass
  authentication:
    superuser: {username: postgres, password: postgres}
    replication: {username: replicator, password: replicator}
    rewind: {username: postgres, password: postgres}
  # Loopback only, like the machine's own PostgreSQL here. A real deployment uses
  # scram-sha-256 and TLS between hosts.
  pg_hba:
    - local all all trust
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
YML
  mkdir -p "$HA/$name"
  chown -R postgres:postgres "$HA/$name" "$HA/$name.yml"
  chmod 700 "$HA/$name"
}

write_haproxy_error() {
  local body='{"type":"https://jichitai.github.io/jichitai/problems/server.database_unavailable","title":"一時的にご利用いただけません","status":503,"detail":"システムが一時的に応答できない状態です。数秒おいてから、もう一度お試しください。","code":"server.database_unavailable","errors":[],"retry_after":5}'
  printf 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nRetry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: %s\r\n\r\n%s' \
    "$(printf '%s' "$body" | wc -c)" "$body" >"$HA/503.http"
}

write_haproxy_config() {
  write_haproxy_error
  local pg_servers="" pg_read_servers="" app_servers=""
  for i in 0 1; do
    pg_servers+="    server pg$((i + 1)) 127.0.0.1:${PG_PORTS[$i]} check port ${REST_PORTS[$i]}"$'\n'
    app_servers+="    server app$((i + 1)) 127.0.0.1:${APP_PORTS[$i]} check"$'\n'
  done
  pg_read_servers="$pg_servers"
  cat >"$HA/haproxy.cfg" <<CFG
global
    maxconn 1000
    pidfile $RUN/haproxy.pid
defaults
    mode tcp
    timeout connect 3s
    timeout client 30m
    timeout server 30m
    timeout check 2s
# Writes and every read that must see its own write: the Patroni leader only (GET /primary).
listen pg_write
    bind 127.0.0.1:$WRITE_PORT
    # A node that stops being the leader loses its sessions at once: Django's kept
    # connections fail fast and reconnect to the new leader.
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
    option httpchk
    http-check send meth GET uri /primary
    http-check expect status 200
$pg_servers
# Stale-tolerant reads (DATABASES["replica"]): a streaming replica (GET /replica); with none
# left (the standby down or just promoted), the leader.
frontend pg_read
    bind 127.0.0.1:$READ_PORT
    use_backend pg_replicas if { nbsrv(pg_replicas) gt 0 }
    default_backend pg_leader_for_reads
backend pg_replicas
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
    option httpchk
    http-check send meth GET uri /replica
    http-check expect status 200
$pg_read_servers
backend pg_leader_for_reads
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
    option httpchk
    http-check send meth GET uri /primary
    http-check expect status 200
$pg_read_servers
# The two app servers (stateless: sessions in the database, rate limits in the shared cache).
listen app
    mode http
    bind 127.0.0.1:$HTTP_PORT
    balance roundrobin
    option httpchk
    # A file WhiteNoise serves without the database: an app server stays "up" while the
    # database fails over, so clients get its 503 problem (Retry-After), not HAProxy's own.
    http-check send meth GET uri /static/jichitai/css/app.css
    option forwardfor
    timeout client 60s
    timeout server 60s
    timeout check 5s
    # Busy app servers (every thread waiting while the database fails over) answer the check
    # late: marked down only after 5 missed checks, and their running requests are never cut.
    default-server inter 2s fall 5 rise 1
    # With no app server up, HAProxy's own 503 is a problem document with Retry-After too.
    errorfile 503 $HA/503.http
    # A connection refused by a stopping app server is tried on the other one.
    retries 2
    option redispatch
$app_servers
listen stats
    mode http
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /
CFG
}

write_app_env() {
  [ -f "$HA/app.env" ] && return 0
  local py="$ROOT/.venv/bin/python"
  umask 077
  cat >"$HA/app.env" <<ENV
DJANGO_SETTINGS_MODULE=jichitai.config.settings.prod
PYTHONPATH=$ROOT/src
DATABASE_URL=postgres://postgres@127.0.0.1:$WRITE_PORT/$DB_NAME
JICHITAI_REPLICA_DATABASE_URL=postgres://postgres@127.0.0.1:$READ_PORT/$DB_NAME
JICHITAI_DB_CONN_MAX_AGE=60
JICHITAI_SECRET_KEY=$($py -c 'import secrets; print(secrets.token_urlsafe(50))')
JICHITAI_ENCRYPTION_KEYS=k1:$($py -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
JICHITAI_LOOKUP_KEY=$($py -c 'import secrets; print(secrets.token_urlsafe(32))')
JICHITAI_AUDIT_KEY=$($py -c 'import secrets; print(secrets.token_urlsafe(32))')
JICHITAI_PAYMENT_WEBHOOK_SECRET=$($py -c 'import secrets; print(secrets.token_urlsafe(32))')
JICHITAI_SSL_REDIRECT=false
JICHITAI_ALLOWED_HOSTS=127.0.0.1,localhost
JICHITAI_TRUSTED_PROXIES=1
JICHITAI_LOG_LEVEL=WARNING
ENV
  umask 022
}

leader_ready() {
  curl -sf "http://127.0.0.1:${REST_PORTS[0]}/primary" || curl -sf "http://127.0.0.1:${REST_PORTS[1]}/primary"
}
sync_ready() {
  curl -sf "http://127.0.0.1:${REST_PORTS[0]}/sync" || curl -sf "http://127.0.0.1:${REST_PORTS[1]}/sync"
}

apps_start() {
  mkdir -p "$ROOT/var/static"
  set -a; . "$HA/app.env"; set +a
  for i in 0 1; do
    port_free "${APP_PORTS[$i]}" || { log "port ${APP_PORTS[$i]} is taken: app servers already up?"; return 1; }
  done
  for i in 0 1; do
    spawn "app$((i + 1))" root "$ROOT/.venv/bin/gunicorn" jichitai.config.wsgi \
      --chdir "$ROOT" --bind "127.0.0.1:${APP_PORTS[$i]}" --workers 2 --threads 4 \
      --worker-class gthread --graceful-timeout 10 --no-control-socket
  done
  for i in 0 1; do
    wait_for 60 "app server on ${APP_PORTS[$i]}" \
      curl -sf "http://127.0.0.1:${APP_PORTS[$i]}/api/v1/municipalities?limit=1"
  done
}

stop_pidfile() {  # stop_pidfile NAME [SIGNAL]
  local file="$RUN/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "-${2:-TERM}" "$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

apps_stop() { stop_pidfile app1; stop_pidfile app2; }

up() {
  install_packages
  if [ -f "$RUN/etcd.pid" ] && kill -0 "$(cat "$RUN/etcd.pid")" 2>/dev/null; then
    log "already running (scripts/ha/ha.sh down first)"; status; return 0
  fi
  for port in $ETCD_CLIENT $ETCD_PEER "${PG_PORTS[@]}" "${REST_PORTS[@]}" $WRITE_PORT $READ_PORT \
      $HTTP_PORT $STATS_PORT "${APP_PORTS[@]}"; do
    port_free "$port" || { log "port $port is taken"; exit 1; }
  done
  mkdir -p "$RUN" "$LOG" "$HA/etcd"
  chmod 755 "$HA"
  log "etcd on 127.0.0.1:$ETCD_CLIENT"
  spawn etcd root etcd --name ha-etcd --data-dir "$HA/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "ha-etcd=http://127.0.0.1:$ETCD_PEER" \
    --listen-metrics-urls "" --log-level warn
  wait_for 30 etcd env ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$ETCD_CLIENT" endpoint health
  chown postgres:postgres "$LOG"
  for i in 0 1; do write_patroni_config "$i"; done
  log "Patroni pg1 (PostgreSQL on ${PG_PORTS[0]}), then pg2 (${PG_PORTS[1]}) as its standby"
  spawn patroni-pg1 postgres patroni "$HA/pg1.yml"
  wait_for 90 "the first leader" leader_ready
  spawn patroni-pg2 postgres patroni "$HA/pg2.yml"
  wait_for 120 "the synchronous standby" sync_ready
  write_haproxy_config
  log "HAProxy: writes on $WRITE_PORT, stale-tolerant reads on $READ_PORT, app on $HTTP_PORT"
  haproxy -c -q -f "$HA/haproxy.cfg"
  spawn haproxy root haproxy -db -f "$HA/haproxy.cfg"
  wait_for 30 "HAProxy's write port" "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$WRITE_PORT"
  write_app_env
  log "database $DB_NAME: migrate, national code list"
  "$PG_BIN/psql" -q -h 127.0.0.1 -p "$WRITE_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "$WRITE_PORT" -U postgres "$DB_NAME"
  (
    set -a; . "$HA/app.env"; set +a
    cd "$ROOT"
    .venv/bin/python -m jichitai.manage migrate --noinput -v 0
    .venv/bin/python -m jichitai.manage migrate --database linkage --noinput -v 0
    .venv/bin/python -m jichitai.manage load-municipalities >/dev/null
  )
  log "app servers on ${APP_PORTS[*]}"
  apps_start
  status
}

down() {
  apps_stop
  stop_pidfile haproxy
  # Patroni stops its PostgreSQL on SIGTERM; the standby first, so the leader does not wait
  # on a synchronous standby that is going away.
  stop_pidfile patroni-pg2
  stop_pidfile patroni-pg1
  stop_pidfile etcd
  # A postmaster left behind (Patroni killed with -9 by a test) is stopped by its data dir.
  for name in pg1 pg2; do
    if [ -f "$HA/$name/data/postmaster.pid" ]; then
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$HA/$name/data" stop -m fast >/dev/null 2>&1 || true
    fi
  done
  if [ "${WIPE:-0}" = 1 ]; then rm -rf "$HA"; log "stopped; var/ha wiped"; else log "stopped"; fi
}

status() {
  patronictl -c "$HA/pg1.yml" list 2>/dev/null || true
  log "write: postgres://postgres@127.0.0.1:$WRITE_PORT/$DB_NAME  read: port $READ_PORT"
  log "app: http://127.0.0.1:$HTTP_PORT/  HAProxy stats: http://127.0.0.1:$STATS_PORT/"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  apps-start) apps_start ;;
  apps-stop) apps_stop ;;
  proxy-restart) stop_pidfile haproxy; write_haproxy_config; spawn haproxy root haproxy -db -f "$HA/haproxy.cfg" ;;
  *) echo "usage: $0 up|down|status|apps-start|apps-stop" >&2; exit 2 ;;
esac

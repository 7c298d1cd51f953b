# shellcheck shell=bash
# The local InfluxDB 1.x server. Sourced by deploy/ioc after common.sh.

INFLUX_HOME="$IOC_RUNTIME_DIR/influxdb"
INFLUX_CONFIG="$INFLUX_HOME/influxdb.conf"
INFLUX_LOG="$INFLUX_HOME/influxd.log"
INFLUX_PID_FILE="$INFLUX_HOME/influxd.pid"
INFLUX_MARKER="$INFLUX_CONFIG"

# InfluxDB and its CLI come from Debian's packages (1.6 on Debian 12); curl talks to its HTTP API.
influx_install() {
  debian_packages influxd=influxdb influx=influxdb-client curl=curl
}

influx_configure() {
  mkdir -p "$INFLUX_HOME"
  fill_template "$IOC_CONF/influxdb.conf.template" "$INFLUX_CONFIG" \
    INFLUX_PORT="$IOC_INFLUX_PORT" INFLUX_RPC_PORT="$IOC_INFLUX_RPC_PORT" INFLUX_DIR="$INFLUX_HOME"
}

influx_pid() {
  recorded_pid "$INFLUX_PID_FILE" "$INFLUX_MARKER"
}

influx_start() {
  local pid port
  pid=$(influx_pid)
  if [[ -n $pid ]]; then
    say "influxdb: already running (pid $pid)"
    return 0
  fi
  rm -f "$INFLUX_PID_FILE"
  influx_install
  for port in "$IOC_INFLUX_PORT" "$IOC_INFLUX_RPC_PORT"; do
    if port_open "$port"; then
      die "influxdb: port $port is already in use by another process ($(port_owner "$port")); set IOC_INFLUX_PORT / IOC_INFLUX_RPC_PORT to free ports"
    fi
  done
  influx_configure
  printf '\n=== %s start\n' "$(date -Is)" >>"$INFLUX_LOG"
  # The INFLUXDB_* environment would override the config file: the server gets none of it.
  local unset=() name
  for name in $(compgen -e); do
    if [[ $name == INFLUXDB_* ]]; then unset+=(-u "$name"); fi
  done
  pid=$(start_detached "$INFLUX_LOG" env "${unset[@]}" "$(command -v influxd)" run -config "$INFLUX_CONFIG")
  printf '%s\n' "$pid" >"$INFLUX_PID_FILE"
  say "influxdb: started (pid $pid) on 127.0.0.1:$IOC_INFLUX_PORT"
}

# HTTP status of GET /ping on the local server, or 000.
influx_ping() {
  curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$IOC_INFLUX_PORT/ping" || true
}

influx_wait() {
  local deadline=$((SECONDS + IOC_START_TIMEOUT))
  while [[ $(influx_ping) != 204 ]]; do
    if [[ -z $(influx_pid) ]]; then
      log_tail "$INFLUX_LOG"
      die "influxdb: the server exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$INFLUX_LOG"
      die "influxdb: no answer to GET /ping on 127.0.0.1:$IOC_INFLUX_PORT after ${IOC_START_TIMEOUT}s"
    fi
    sleep 0.3
  done
}

# Runs one InfluxQL statement by POST /query on IOC_INFLUX_URL; prints the JSON answer. Credentials
# (IOC_INFLUX_USER / IOC_INFLUX_PASSWORD) go to curl on its standard input, never on its command line.
influx_query() {
  local q=$1 answer
  local auth=()
  if [[ -n ${IOC_INFLUX_USER:-} ]]; then
    auth=(-K -)
  fi
  answer=$(
    if [[ -n ${IOC_INFLUX_USER:-} ]]; then
      printf 'user = "%s:%s"\n' "$IOC_INFLUX_USER" "${IOC_INFLUX_PASSWORD:-}"
    fi | curl -sS -m 30 -w '\n%{http_code}' "${auth[@]}" -XPOST "$IOC_INFLUX_URL/query" --data-urlencode "q=$q"
  ) || die "influxdb: no answer from $IOC_INFLUX_URL"
  local code=${answer##*$'\n'}
  local body=${answer%$'\n'*}
  if [[ $code != 200 || $body == *'"error"'* ]]; then
    die "influxdb: '$q' failed (HTTP $code): $body"
  fi
  printf '%s\n' "$body"
}

# CREATE DATABASE is idempotent in InfluxQL: it succeeds when the database exists.
influx_create_db() {
  [[ $IOC_INFLUX_DB =~ ^[A-Za-z0-9_.-]+$ ]] || die "IOC_INFLUX_DB must be letters, digits, _ . -: '$IOC_INFLUX_DB'"
  influx_query "CREATE DATABASE \"$IOC_INFLUX_DB\"" >/dev/null
  say "influxdb: database $IOC_INFLUX_DB ready at $IOC_INFLUX_URL"
}

influx_stop() {
  stop_recorded influxdb "$INFLUX_PID_FILE" 20 "$INFLUX_MARKER"
}

influx_status() {
  local pid code
  pid=$(influx_pid)
  if [[ -z $pid ]]; then
    printf '%-9s %-5s %-12s %s\n' influxdb down "" "127.0.0.1:$IOC_INFLUX_PORT$([[ -f $INFLUX_PID_FILE ]] && printf ' (stale PID file)')"
    return 1
  fi
  code=$(influx_ping)
  printf '%-9s %-5s %-12s %s\n' influxdb up "pid $pid" \
    "http://127.0.0.1:$IOC_INFLUX_PORT (ping $code), rpc 127.0.0.1:$IOC_INFLUX_RPC_PORT, data $INFLUX_HOME"
  [[ $code == 204 ]]
}

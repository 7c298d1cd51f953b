# shellcheck shell=bash
# Shared settings and helpers of deploy/ioc. Sourced, not run.

IOC_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
IOC_DEPLOY="$IOC_REPO/deploy"
IOC_CONF="$IOC_DEPLOY/conf"

: "${IOC_RUNTIME_DIR:=$IOC_REPO/.runtime}"
mkdir -p "$IOC_RUNTIME_DIR"
IOC_RUNTIME_DIR=$(cd "$IOC_RUNTIME_DIR" && pwd)

# The jobs' state (checkpoints, savepoints, PID files) and the demo's: separate from the services'
# runtime so that tests can keep their own while sharing the services.
: "${IOC_STATE_DIR:=$IOC_RUNTIME_DIR}"
: "${IOC_KAFKA_PORT:=9092}"
: "${IOC_KAFKA_CONTROLLER_PORT:=9093}"
: "${IOC_INFLUX_PORT:=8086}"
: "${IOC_INFLUX_RPC_PORT:=8088}"
# A properties file (IOC_CONFIG) may name the servers and the database; the environment wins over
# it, as on the Java side. Read here because these are exported to the Java side as variables,
# which would otherwise hide the file's values behind the defaults below.
config_value() {
  [[ -n ${IOC_CONFIG:-} && -f $IOC_CONFIG ]] || return 0
  sed -n "s/^[[:space:]]*$1[[:space:]]*[=:][[:space:]]*//p" "$IOC_CONFIG" | tail -n 1 | tr -d '\r' |
    sed 's/[[:space:]]*$//'
}
[[ -n ${IOC_KAFKA_BOOTSTRAP:-} ]] || IOC_KAFKA_BOOTSTRAP=$(config_value kafka.bootstrap)
[[ -n ${IOC_INFLUX_URL:-} ]] || IOC_INFLUX_URL=$(config_value influx.url)
[[ -n ${IOC_INFLUX_DB:-} ]] || IOC_INFLUX_DB=$(config_value influx.db)
: "${IOC_KAFKA_BOOTSTRAP:=127.0.0.1:$IOC_KAFKA_PORT}"
: "${IOC_INFLUX_URL:=http://127.0.0.1:$IOC_INFLUX_PORT}"
: "${IOC_INFLUX_DB:=ioc}"
: "${IOC_START_TIMEOUT:=90}"
: "${IOC_BROKER_HEAP:=512m}"
: "${IOC_TOOL_HEAP:=512m}"
: "${IOC_JOB_HEAP:=1g}"
: "${IOC_JAVA:=java}"
: "${IOC_MVN:=mvn}"
: "${IOC_MVN_FLAGS:=}"
# The Java side reads these from the environment (vn.ioc.launcher.IocConfig).
export IOC_RUNTIME_DIR IOC_KAFKA_BOOTSTRAP IOC_INFLUX_URL IOC_INFLUX_DB

IOC_JAR="$IOC_REPO/jobs/target/ioc-jobs.jar"

say() { printf '%s\n' "$*"; }
warn() { printf 'ioc: %s\n' "$*" >&2; }
die() {
  printf 'ioc: %s\n' "$*" >&2
  exit 1
}
# debian_packages COMMAND=PACKAGE...: installs from Debian's packages those whose command is
# missing (as root; otherwise one line saying what to install).
debian_packages() {
  local pair missing=()
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null || missing+=("${pair#*=}")
  done
  ((${#missing[@]} == 0)) && return 0
  ((EUID == 0)) || die "${missing[*]} missing; install as root: apt-get update && apt-get install -y ${missing[*]}"
  say "installing ${missing[*]} from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get install ${missing[*]} failed"
}

# A wrong command, option or value: one line, exit 2 (the exit codes of docs/operations.md).
usage_error() {
  printf 'ioc: %s\n' "$*" >&2
  exit 2
}

require_port() {
  if [[ ! $2 =~ ^[0-9]+$ ]] || (($2 < 1 || $2 > 65535)); then
    die "$1 must be a port number, got '$2'"
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Who listens on a port, for error messages ("users:(("java",pid=123,fd=4))").
port_owner() {
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:(\(.*\))/\1/p' | head -1
}

# True when $1 is a live process (not a zombie) whose command line contains $2. A PID file alone
# is not proof: after a reboot or a crash its number may belong to someone else's process.
pid_is_ours() {
  local pid=$1 marker=$2 state
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"
}

# The PID recorded in file $1 when that process is alive and ours (marker $2); empty otherwise.
recorded_pid() {
  local file=$1 marker=$2 pid
  [[ -f $file ]] || return 0
  pid=$(tr -dc '0-9' <"$file")
  if pid_is_ours "$pid" "$marker"; then printf '%s' "$pid"; fi
}

# Stops the recorded process: SIGTERM, wait up to $3 seconds, then SIGKILL. Never by name.
stop_recorded() {
  local name=$1 file=$2 grace=$3 marker=$4 pid i
  pid=$(recorded_pid "$file" "$marker")
  if [[ -z $pid ]]; then
    [[ -f $file ]] && rm -f "$file" && say "$name: not running (removed a stale PID file)" && return 0
    say "$name: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    pid_is_ours "$pid" "$marker" || break
    sleep 0.1
  done
  if pid_is_ours "$pid" "$marker"; then
    warn "$name (pid $pid) did not stop within ${grace}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$file"
  say "$name: stopped (pid $pid)"
}

# A log of more than IOC_LOG_ROTATE_MB (50) MB moves aside before a process starts writing to it:
# log -> log.1 -> ... -> log.IOC_LOG_KEEP (5), the oldest dropped. The Java processes' own log
# files (jobs.log, the broker's server.log) also rotate by size while they run (log4j2).
rotate_log() {
  local log=$1 keep=${IOC_LOG_KEEP:-5} limit=$((${IOC_LOG_ROTATE_MB:-50} * 1024 * 1024)) i
  [[ -f $log ]] || return 0
  (($(stat -c %s "$log") > limit)) || return 0
  rm -f "$log.$keep"
  for ((i = keep - 1; i >= 1; i--)); do
    [[ -f $log.$i ]] && mv "$log.$i" "$log.$((i + 1))"
  done
  mv "$log" "$log.1"
}

# Starts a command in its own session, detached from this shell, output to a log; prints its PID.
# No fork between here and the program: setsid and nohup exec it, so $! is the program's PID.
start_detached() {
  local log=$1
  shift
  rotate_log "$log"
  setsid nohup "$@" >>"$log" 2>&1 </dev/null &
  printf '%s' "$!"
}

log_tail() {
  local file=$1
  if [[ -f $file ]]; then
    printf -- '--- last lines of %s ---\n' "$file" >&2
    tail -n 40 "$file" >&2
    printf -- '---\n' >&2
  fi
}

# Copies a template, replacing @NAME@ with the given values: fill TEMPLATE OUT NAME=value...
fill_template() {
  local template=$1 out=$2
  shift 2
  local content kv name value
  content=$(<"$template")
  for kv in "$@"; do
    name=${kv%%=*}
    value=${kv#*=}
    content=${content//"@$name@"/"$value"}
  done
  if [[ $content == *@[A-Z_]*@* ]]; then
    local left=${content#*@}
    die "template $template: no value for @${left%%@*}@"
  fi
  printf '%s\n' "$content" >"$out.tmp"
  mv "$out.tmp" "$out"
}

# Maven, quiet, its output on stderr. Debian's Maven prints colour resets even with -B: dropped.
mvn_quiet() {
  # shellcheck disable=SC2086 # IOC_MVN_FLAGS is a list of flags
  "$IOC_MVN" -q -B $IOC_MVN_FLAGS "$@" 2>&1 | sed -u $'s/\e\\[0m//g' >&2
  return "${PIPESTATUS[0]}"
}

# ---- the engine's jar ----------------------------------------------------------------------------

# Missing, older than a source, or without the launcher's main class (a jar packaged while another
# Maven run was recompiling the same tree; zip entry names are stored uncompressed).
jar_is_stale() {
  [[ ! -f $IOC_JAR ]] && return 0
  [[ -n $(find "$IOC_REPO/pom.xml" "$IOC_REPO/jobs/pom.xml" "$IOC_REPO/jobs/src/main" -newer "$IOC_JAR" -print -quit) ]] && return 0
  ! LC_ALL=C grep -qaF 'vn/ioc/launcher/Main.class' "$IOC_JAR"
}

# Builds jobs/target/ioc-jobs.jar when it is missing or older than the sources. A lock keeps two
# deploy/ioc commands from running Maven in the same tree at once. With "tools", a failed build
# falls back to the existing jar: the operator tools change rarely, and a half-edited job source
# must not keep the services from starting. Jobs always need a fresh build.
ensure_jar() {
  local mode=${1:-strict}
  jar_is_stale || return 0
  mkdir -p "$IOC_RUNTIME_DIR"
  (
    flock 9
    jar_is_stale || exit 0
    say "build: mvn -q -B -Dmaven.test.skip=true -Dspotless.check.skip=true package (jobs/target/ioc-jobs.jar is missing, incomplete or older than the sources)" >&2
    # maven.test.skip: the jar needs no test classes, and a half-written test elsewhere in the
    # tree must not stop the services from starting.
    # spotless.check.skip: formatting is checked by the test build, not by every run of a job
    if (cd "$IOC_REPO" && mvn_quiet -Dmaven.test.skip=true -Dspotless.check.skip=true package); then
      touch "$IOC_JAR"
    elif [[ $mode == tools && -f $IOC_JAR ]]; then
      warn "build failed (see above): the tools run from the existing, older $IOC_JAR"
    else
      die "build failed (see the Maven output above)"
    fi
  ) 9>"$IOC_RUNTIME_DIR/build.lock" || exit 1
}

# Java for the tools and the jobs. The Kafka port variables are for this script only: IocConfig
# turns every other IOC_KAFKA_* variable into a Kafka client property.
# `ioc_java --exec ...` replaces the shell with Java, so the caller's PID is Java's (for signals).
ioc_java() {
  if [[ ${1:-} == --exec ]]; then
    shift
    exec env -u IOC_KAFKA_PORT -u IOC_KAFKA_CONTROLLER_PORT "$IOC_JAVA" "$@"
  fi
  env -u IOC_KAFKA_PORT -u IOC_KAFKA_CONTROLLER_PORT "$IOC_JAVA" "$@"
}

# Runs an operator tool of the jar: tool [--exec] NAME ARGS...
tool() {
  local exec=()
  if [[ ${1:-} == --exec ]]; then
    exec=(--exec)
    shift
  fi
  ensure_jar tools
  mkdir -p "$IOC_RUNTIME_DIR/tmp"
  ioc_java "${exec[@]}" -Xmx"$IOC_TOOL_HEAP" \
    -Djava.io.tmpdir="$IOC_RUNTIME_DIR/tmp" \
    -Dlog4j.configurationFile="$IOC_CONF/log4j2-tools.properties" \
    -cp "$IOC_JAR" vn.ioc.launcher.Main "$@"
}

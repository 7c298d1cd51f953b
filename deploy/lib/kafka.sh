# shellcheck shell=bash
# The local single-node KRaft Kafka broker. Sourced by deploy/ioc after common.sh.

KAFKA_HOME="$IOC_RUNTIME_DIR/kafka"
KAFKA_LIB="$KAFKA_HOME/lib"
KAFKA_CONFIG="$KAFKA_HOME/server.properties"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_LOGS="$KAFKA_HOME/logs"
KAFKA_PID_FILE="$KAFKA_HOME/kafka.pid"
KAFKA_STDOUT="$KAFKA_LOGS/stdout.log"
# What identifies our broker among the machine's processes: its config file's path.
KAFKA_MARKER="$KAFKA_CONFIG"

# The version the jars in KAFKA_LIB must be: the parent pom's kafka.version.
kafka_version() {
  sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$IOC_REPO/pom.xml" | head -1
}

# Resolves the broker's jars from Maven Central once (deploy/kafka/pom.xml), into a fresh folder
# that replaces the old one only when complete.
kafka_install() {
  local version
  version=$(kafka_version)
  [[ -n $version ]] || die "cannot read kafka.version from pom.xml"
  if [[ -f $KAFKA_LIB/.complete && $(<"$KAFKA_LIB/.complete") == "$version" ]]; then
    return 0
  fi
  say "kafka: resolving the broker $version (org.apache.kafka:kafka_2.13) into $KAFKA_LIB"
  mkdir -p "$KAFKA_HOME"
  rm -rf "$KAFKA_LIB.partial"
  mvn_quiet -f "$IOC_DEPLOY/kafka/pom.xml" dependency:copy-dependencies -Dkafka.lib.dir="$KAFKA_LIB.partial" ||
    die "could not resolve the Kafka broker jars (see the Maven output above)"
  ls "$KAFKA_LIB.partial"/kafka_2.13-*.jar >/dev/null 2>&1 || die "no kafka_2.13 jar in $KAFKA_LIB.partial"
  printf '%s' "$version" >"$KAFKA_LIB.partial/.complete"
  rm -rf "$KAFKA_LIB"
  mv "$KAFKA_LIB.partial" "$KAFKA_LIB"
  rm -rf "$IOC_DEPLOY/kafka/target"
}

kafka_java() {
  "$IOC_JAVA" -Djava.io.tmpdir="$IOC_RUNTIME_DIR/tmp" \
    -Dlog4j2.configurationFile="$IOC_CONF/log4j2-kafka.properties" -Dkafka.logs.dir="$KAFKA_LOGS" \
    -cp "$KAFKA_LIB/*" "$@"
}

kafka_configure() {
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS" "$IOC_RUNTIME_DIR/tmp"
  fill_template "$IOC_CONF/kafka-server.properties.template" "$KAFKA_CONFIG" \
    KAFKA_PORT="$IOC_KAFKA_PORT" KAFKA_CONTROLLER_PORT="$IOC_KAFKA_CONTROLLER_PORT" KAFKA_DATA_DIR="$KAFKA_DATA"
}

# Formats the storage once. The controller's address is written into the metadata log by the
# format, so a later change of IOC_KAFKA_CONTROLLER_PORT needs a fresh data folder.
kafka_format() {
  local formatted_port="$KAFKA_HOME/controller-port"
  if [[ -f $KAFKA_DATA/meta.properties ]]; then
    if [[ -f $formatted_port && $(<"$formatted_port") != "$IOC_KAFKA_CONTROLLER_PORT" ]]; then
      die "kafka: the data in $KAFKA_DATA was formatted for controller port $(<"$formatted_port"), not $IOC_KAFKA_CONTROLLER_PORT; use that port, or another IOC_RUNTIME_DIR"
    fi
    return 0
  fi
  local id
  id=$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$KAFKA_LOGS/format.log") || {
    log_tail "$KAFKA_LOGS/format.log"
    die "kafka: could not make a cluster id"
  }
  kafka_java kafka.tools.StorageTool format -t "$id" -c "$KAFKA_CONFIG" --standalone >>"$KAFKA_LOGS/format.log" 2>&1 || {
    log_tail "$KAFKA_LOGS/format.log"
    die "kafka: formatting $KAFKA_DATA failed"
  }
  printf '%s\n' "$id" >"$KAFKA_HOME/cluster.id"
  printf '%s' "$IOC_KAFKA_CONTROLLER_PORT" >"$formatted_port"
  say "kafka: formatted $KAFKA_DATA (cluster $id)"
}

kafka_pid() {
  recorded_pid "$KAFKA_PID_FILE" "$KAFKA_MARKER"
}

# Starts the broker unless ours already runs; does not wait (see kafka_wait).
kafka_start() {
  local pid port
  pid=$(kafka_pid)
  if [[ -n $pid ]]; then
    say "kafka: already running (pid $pid)"
    return 0
  fi
  rm -f "$KAFKA_PID_FILE"
  for port in "$IOC_KAFKA_PORT" "$IOC_KAFKA_CONTROLLER_PORT"; do
    if port_open "$port"; then
      die "kafka: port $port is already in use by another process ($(port_owner "$port")); set IOC_KAFKA_PORT / IOC_KAFKA_CONTROLLER_PORT to free ports"
    fi
  done
  kafka_install
  kafka_configure
  kafka_format
  printf '\n=== %s start\n' "$(date -Is)" >>"$KAFKA_STDOUT"
  pid=$(start_detached "$KAFKA_STDOUT" "$IOC_JAVA" -Xms256m -Xmx"$IOC_BROKER_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true -Djava.io.tmpdir="$IOC_RUNTIME_DIR/tmp" \
    -Dlog4j2.configurationFile="$IOC_CONF/log4j2-kafka.properties" -Dkafka.logs.dir="$KAFKA_LOGS" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_CONFIG")
  printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
  say "kafka: started (pid $pid) on 127.0.0.1:$IOC_KAFKA_PORT, controller 127.0.0.1:$IOC_KAFKA_CONTROLLER_PORT"
}

# Waits until the broker accepts connections, then until an admin call succeeds (the topics tool,
# which also creates the topics). Fails with the log's tail when the broker dies or is too slow.
kafka_wait_and_create_topics() {
  local deadline=$((SECONDS + IOC_START_TIMEOUT)) pid
  pid=$(kafka_pid)
  while ! port_open "$IOC_KAFKA_PORT"; do
    if [[ -z $(kafka_pid) ]]; then
      log_tail "$KAFKA_LOGS/server.log"
      log_tail "$KAFKA_STDOUT"
      die "kafka: the broker exited during start-up"
    fi
    if ((SECONDS >= deadline)); then
      log_tail "$KAFKA_LOGS/server.log"
      die "kafka: not listening on 127.0.0.1:$IOC_KAFKA_PORT after ${IOC_START_TIMEOUT}s"
    fi
    sleep 0.5
  done
  local left=$((deadline - SECONDS))
  ((left > 10)) || left=10
  if ! tool topics --wait="$left"; then
    if [[ -z $(kafka_pid) ]]; then
      log_tail "$KAFKA_LOGS/server.log"
      die "kafka: the broker exited"
    fi
    die "kafka: the topics tool failed (see above); the broker's log is $KAFKA_LOGS/server.log"
  fi
}

kafka_stop() {
  stop_recorded kafka "$KAFKA_PID_FILE" 30 "$KAFKA_MARKER"
}

kafka_status() {
  local pid
  pid=$(kafka_pid)
  if [[ -z $pid ]]; then
    printf '%-9s %-5s %-12s %s\n' kafka down "" "127.0.0.1:$IOC_KAFKA_PORT$([[ -f $KAFKA_PID_FILE ]] && printf ' (stale PID file)')"
    return 1
  fi
  local answer=listening
  port_open "$IOC_KAFKA_PORT" || answer="NOT listening"
  printf '%-9s %-5s %-12s %s\n' kafka up "pid $pid" \
    "127.0.0.1:$IOC_KAFKA_PORT ($answer), controller 127.0.0.1:$IOC_KAFKA_CONTROLLER_PORT, data $KAFKA_DATA"
  [[ $answer == listening ]]
}

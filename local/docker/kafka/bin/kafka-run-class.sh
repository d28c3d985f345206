#!/usr/bin/env bash
# What Kafka's bin/kafka-run-class.sh does, in short (the distribution's scripts are not on Maven
# Central): runs a class with /opt/kafka/libs on the class path and the usual KAFKA_* options.
if [ $# -lt 1 ]; then
  echo "USAGE: $0 classname [opts]"
  exit 1
fi
base_dir="$(cd "$(dirname "$0")/.." && pwd)"
LOG_DIR="${LOG_DIR:-$base_dir/logs}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx256M}"
KAFKA_JVM_PERFORMANCE_OPTS="${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true}"
KAFKA_LOG4J_OPTS="${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$base_dir/config/tools-log4j2.yaml}"
# shellcheck disable=SC2086 # the option variables hold several options, as in Kafka's script
exec java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS -Dkafka.logs.dir="$LOG_DIR" $KAFKA_LOG4J_OPTS ${KAFKA_OPTS:-} \
  -cp "$base_dir/libs/*${CLASSPATH:+:$CLASSPATH}" "$@"

#!/usr/bin/env bash
# kafka-console-producer.sh: produces lines from stdin
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.ConsoleProducer "$@"

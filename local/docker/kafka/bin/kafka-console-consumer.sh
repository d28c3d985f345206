#!/usr/bin/env bash
# kafka-console-consumer.sh: prints records to stdout
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.consumer.ConsoleConsumer "$@"

#!/usr/bin/env bash
# kafka-consumer-groups.sh: lists and describes consumer groups, resets offsets
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"

#!/usr/bin/env bash
# kafka-topics.sh: creates, lists and describes topics
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.TopicCommand "$@"

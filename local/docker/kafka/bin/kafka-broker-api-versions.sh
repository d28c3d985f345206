#!/usr/bin/env bash
# kafka-broker-api-versions.sh: the API versions each broker supports (the compose healthcheck's probe)
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.BrokerApiVersionsCommand "$@"

#!/usr/bin/env bash
# kafka-get-offsets.sh: partition offsets
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.GetOffsetShell "$@"

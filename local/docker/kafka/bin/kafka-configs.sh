#!/usr/bin/env bash
# kafka-configs.sh: reads and alters dynamic configuration
exec "$(dirname "$0")/kafka-run-class.sh" kafka.admin.ConfigCommand "$@"

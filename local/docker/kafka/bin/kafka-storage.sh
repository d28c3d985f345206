#!/usr/bin/env bash
# kafka-storage.sh: formats and inspects KRaft storage
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"

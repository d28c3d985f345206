#!/usr/bin/env bash
# kafka-cluster.sh: cluster id and broker unregistration
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.ClusterTool "$@"

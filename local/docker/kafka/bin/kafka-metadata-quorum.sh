#!/usr/bin/env bash
# kafka-metadata-quorum.sh: describes the KRaft quorum
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.MetadataQuorumCommand "$@"

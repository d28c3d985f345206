#!/usr/bin/env bash
# kafka-transactions.sh: lists and describes transactions
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.TransactionsCommand "$@"

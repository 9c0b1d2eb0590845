#!/usr/bin/env bash
# Stops the RabbitMQ node that start-local.sh started in <data dir>, then that node's epmd.
# Quiet and successful when nothing runs there. The data folder is kept: durable queues and
# persistent messages survive a restart with start-local.sh on the same folder.
#
# Usage: stop-local.sh <data dir>
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin=/usr/lib/rabbitmq/bin
# shellcheck source=scripts/lib/processes.sh
source "$here/../../scripts/lib/processes.sh"

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 <data dir>" >&2
  exit 2
fi
if [[ ! -f "$1/rabbitmq-env.sh" ]]; then
  exit 0 # start-local.sh never ran here
fi
data="$(cd "$1" && pwd)"

while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(RABBITMQ_|ERL_)' || true)
# shellcheck source=/dev/null
source "$data/rabbitmq-env.sh"

node_pid="$(cat "$data/rabbitmq.pid" 2>/dev/null || true)"
if running "$node_pid" beam; then
  # A clean shutdown flushes queues to disk; signals are the fallback when the node does not answer.
  if ! "$bin/rabbitmqctl" -q shutdown --timeout 60 > "$data/log/shutdown.out" 2>&1; then
    stop_pid "$node_pid" beam 30
  fi
  if running "$node_pid" beam; then
    echo "$0: RabbitMQ (PID $node_pid) is still running" >&2
    exit 1
  fi
fi
rm -f "$data/rabbitmq.pid"

# epmd outlives the node; this one is only this node's (its own port), so end it by its PID.
epmd_pid="$(cat "$data/epmd.pid" 2>/dev/null || true)"
stop_pid "$epmd_pid" epmd 5
rm -f "$data/epmd.pid"

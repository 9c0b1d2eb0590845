#!/usr/bin/env bash
# Stops the Azurite that start-azurite.sh started for <data dir>; quiet and successful when
# none runs. The stored blobs stay in the folder. Only the PID recorded in the folder is
# signalled, and only while it still runs as node.
#
# --kill sends SIGKILL instead, as a crash would: Azurite gets no chance to save the blob
# metadata it keeps in memory (saved every 5 s), so writes it acknowledged may be lost.
#
# Usage: stop-azurite.sh <data dir> [--kill]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib/processes.sh
source "$here/lib/processes.sh"

if [[ $# -lt 1 || $# -gt 2 || -z "$1" || ($# -eq 2 && "$2" != "--kill") ]]; then
  echo "usage: $0 <data dir> [--kill]" >&2
  exit 2
fi
pid_file="$1/azurite.pid"
if [[ ! -f "$pid_file" ]]; then
  exit 0
fi

pid="$(cat "$pid_file")"
if [[ "${2:-}" == "--kill" ]] && running "$pid" node; then
  kill -KILL "$pid"
fi
stop_pid "$pid" node 10
if running "$pid" node; then
  echo "$0: Azurite (PID $pid) is still running" >&2
  exit 1
fi
rm -f "$pid_file"

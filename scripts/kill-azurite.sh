#!/usr/bin/env bash
# Kills the Azurite that start-azurite.sh started for <data dir> with SIGKILL, as a crash would: it gets no
# chance to save the blob metadata it keeps in memory (saved every 5 s), so writes it acknowledged may be lost.
# Only the PID recorded in the folder is signalled, and only while it still runs as node; quiet and successful
# when none runs. start-azurite.sh then restarts it on the same folder and port.
#
# Usage: kill-azurite.sh <data dir>
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib/processes.sh
source "$here/lib/processes.sh"

if [[ $# -ne 1 || -z "$1" ]]; then
  echo "usage: $0 <data dir>" >&2
  exit 2
fi
pid_file="$1/azurite.pid"
if [[ ! -f "$pid_file" ]]; then
  exit 0
fi

pid="$(cat "$pid_file")"
if running "$pid" node; then
  kill -KILL "$pid"
  deadline=$((SECONDS + 10))
  while running "$pid" node; do
    if ((SECONDS >= deadline)); then
      echo "$0: Azurite (PID $pid) is still running after SIGKILL" >&2
      exit 1
    fi
    sleep 0.05
  done
fi
rm -f "$pid_file"

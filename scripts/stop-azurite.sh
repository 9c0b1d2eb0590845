#!/usr/bin/env bash
# Stops the Azurite that start-azurite.sh started for <data dir>; quiet and successful when
# none runs. The stored blobs stay in the folder.
#
# Usage: stop-azurite.sh <data dir>
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
stop_pid "$pid" node 10
if running "$pid" node; then
  echo "$0: Azurite (PID $pid) is still running" >&2
  exit 1
fi
rm -f "$pid_file"

#!/usr/bin/env bash
# Prints N (default 1) distinct TCP ports that nothing on this machine listens on, one per line.
# Ports come from 20000-32767, below Linux's ephemeral range, so outgoing connections never take them.
# Another process may still bind one before the caller does: start services soon after.
set -euo pipefail

count="${1:-1}"
if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [count]" >&2
  exit 2
fi

# shellcheck source=scripts/lib/processes.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/processes.sh"

declare -A chosen=()
found=0
for _ in $(seq 1 1000); do
  port=$((20000 + RANDOM % 12768))
  if [[ -z "${chosen[$port]:-}" ]] && ! port_in_use "$port"; then
    chosen[$port]=1
    echo "$port"
    found=$((found + 1))
    if ((found == count)); then
      exit 0
    fi
  fi
done
echo "$0: found only $found free ports of $count" >&2
exit 1

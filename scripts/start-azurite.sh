#!/usr/bin/env bash
# Starts Azurite's blob service (tools/azurite, installed by install-prerequisites.sh) as a
# background process on 127.0.0.1 (or a given address), storing into <data dir>, and waits until it accepts
# connections. Prints shell variables for `eval`:
#   AZURITE_HOST AZURITE_PORT AZURITE_PID AZURITE_DATA_DIR AZURITE_BLOB_CONNECTION
# The connection string uses Azurite's fixed development account (devstoreaccount1), whose
# key is published in Azure's documentation: fine for scripts and tests, never for src/.
#
# Usage: start-azurite.sh <data dir> [port] [bind address]
#   Without a port (or with "-"), the port used last time for this folder if still free, else a
#   free one. If Azurite already runs for the folder, its variables are printed again.
#   The bind address defaults to 127.0.0.1; give another (say a network namespace's) to serve other hosts.
#   Example: eval "$(scripts/start-azurite.sh /tmp/azurite)"
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
main="$(cd "$here/.." && pwd)/tools/azurite/node_modules/azurite/dist/src/blob/main.js"
# shellcheck source=scripts/lib/processes.sh
source "$here/lib/processes.sh"

if [[ $# -lt 1 || $# -gt 3 || -z "$1" ]]; then
  echo "usage: $0 <data dir> [port] [bind address]" >&2
  exit 2
fi
if [[ ! -f "$main" ]] || ! command -v node >/dev/null 2>&1; then
  echo "$0: Azurite or Node.js is not installed; run scripts/install-prerequisites.sh" >&2
  exit 1
fi

mkdir -p "$1"
data="$(cd "$1" && pwd)"
vars_file="$data/azurite-vars.sh"

if [[ -f "$vars_file" ]] && running "$(cat "$data/azurite.pid" 2>/dev/null || true)" node; then
  cat "$vars_file"
  exit 0
fi

port="${2:--}"
host="${3:-127.0.0.1}"
if ! [[ "$host" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "$0: not an IPv4 address: $host" >&2
  exit 2
fi
if [[ "$port" == "-" ]]; then
  port="$(sed -n 's/^AZURITE_PORT=//p' "$vars_file" 2>/dev/null || true)"
  if [[ -z "$port" ]] || port_listening "$port"; then
    port="$("$here/free-port.sh")"
  fi
fi
if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
  echo "$0: not a TCP port: $port" >&2
  exit 2
fi

mkdir -p "$data/blob"
# --skipApiVersionCheck: the Azure SDK speaks a newer API version than Azurite knows and would get HTTP 400.
# Started from the data folder so nothing it might write lands in the caller's directory.
(cd "$data" && exec setsid node "$main" --blobHost "$host" --blobPort "$port" --location "$data/blob" \
  --silent --disableTelemetry --skipApiVersionCheck > "$data/azurite.out" 2>&1 < /dev/null) &
pid=$!
echo "$pid" > "$data/azurite.pid"

if ! wait_for_port "$port" 30 "$pid" "$host"; then
  echo "$0: Azurite did not listen on $host:$port within 30 s" >&2
  tail -n 20 "$data/azurite.out" >&2 || true
  stop_pid "$pid" "" 5
  rm -f "$data/azurite.pid"
  exit 1
fi

account=devstoreaccount1
key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
connection="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=http://$host:$port/$account;"
{
  echo "AZURITE_HOST=$host"
  echo "AZURITE_PORT=$port"
  echo "AZURITE_PID=$pid"
  echo "AZURITE_DATA_DIR=$(printf '%q' "$data")"
  echo "AZURITE_BLOB_CONNECTION=$(printf '%q' "$connection")"
} > "$vars_file"
cat "$vars_file"

#!/usr/bin/env bash
# Creates (or brings up to date) everything the pipeline needs on a RabbitMQ node or cluster,
# through the management HTTP API, so it works from any machine that reaches port 15672:
#   - a virtual host for the pipeline, with its default queue type (classic or quorum)
#   - least-privilege users: one for processors, one for submitters, optionally one for monitoring
#   - a dead-letter exchange and queue, and a policy giving the work queues a delivery limit
#     (quorum queues only) and that dead-letter exchange
# Idempotent: run it again after changing a password or the regexes below.
#
# Usage: setup-pipeline.sh <management url> [--vhost NAME] [--queue-type classic|quorum] [--delete-guest]
#   e.g. setup-pipeline.sh http://127.0.0.1:15672 --vhost imagepipe --queue-type quorum --delete-guest
# Environment (secrets never go on the command line, where `ps` shows them):
#   RABBITMQ_ADMIN_USER, RABBITMQ_ADMIN_PASSWORD   an administrator (guest works from loopback only)
#   IMAGEPIPE_PROCESSOR_PASSWORD, IMAGEPIPE_SUBMITTER_PASSWORD   required
#   IMAGEPIPE_MONITOR_PASSWORD   optional: creates the monitoring user the queue-depth gauges use
#   IMAGEPIPE_PROCESSOR_USER, IMAGEPIPE_SUBMITTER_USER, IMAGEPIPE_MONITOR_USER   names, defaults below
set -euo pipefail

usage() { echo "usage: $0 <management url> [--vhost NAME] [--queue-type classic|quorum] [--delete-guest]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
api="${1%/}/api"
shift
vhost=imagepipe queue_type=classic delete_guest=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --vhost) vhost="${2:?}"; shift 2 ;;
    --queue-type) queue_type="${2:?}"; shift 2 ;;
    --delete-guest) delete_guest=true; shift ;;
    *) usage ;;
  esac
done
[[ "$queue_type" == classic || "$queue_type" == quorum ]] || usage
for tool in curl jq; do
  command -v "$tool" > /dev/null || { echo "$0: $tool is required (apt-get install -y $tool)" >&2; exit 1; }
done
: "${RABBITMQ_ADMIN_USER:?}" "${RABBITMQ_ADMIN_PASSWORD:?}" "${IMAGEPIPE_PROCESSOR_PASSWORD:?}" "${IMAGEPIPE_SUBMITTER_PASSWORD:?}"
processor_user="${IMAGEPIPE_PROCESSOR_USER:-imagepipe-processor}"
submitter_user="${IMAGEPIPE_SUBMITTER_USER:-imagepipe-submitter}"
monitor_user="${IMAGEPIPE_MONITOR_USER:-imagepipe-monitor}"

# The names MassTransit declares (the same regex serves configure, write and read, since it declares,
# binds, publishes to and consumes from each of them):
#   work queues and the fanout exchanges of the same name, with MassTransit's _error and _skipped;
#   one exchange per message type, "ImagePipeline.Contracts:TileProcessed" and so on;
#   fault exchanges "MassTransit:Fault--ImagePipeline.Contracts:ProcessTile--" (and "MassTransit:Fault").
processor_regex='^((process-tile(-[0-9]+|-interactive)?|reduce-tile-statistics|assemble-image|remove-image-intermediates|image-state|job-state)(_error|_skipped)?|ImagePipeline\.Contracts:[A-Za-z]+|MassTransit:Fault(--ImagePipeline\.Contracts:[A-Za-z]+--)?)$'
# A submitter only sends to the tile lanes and the job saga's queue. It declares each queue and its exchange and binds them, which
# needs read on the exchange: RabbitMQ matches names, not kinds, so read covers the same-named queue.
# While `submit --wait` waits it also hears jobs end: it declares an exclusive queue of its own
# (imagepipe-job-ends-<32 hex>) with its exchange, and binds the JobCompleted exchange to it, which needs
# configure and read on that exchange but not write: it still cannot publish JobCompleted.
submitter_sends='process-tile(-[0-9]+|-interactive)?|job-state'
submitter_listens='imagepipe-job-ends-[0-9a-f]{32}'
submitter_configure="^($submitter_sends|$submitter_listens|ImagePipeline\\.Contracts:JobCompleted)\$"
submitter_write="^($submitter_sends|$submitter_listens)\$"
submitter_read="$submitter_configure"
dead_letter=imagepipe.dead-letter

vh="$(jq -rn --arg v "$vhost" '$v | @uri')"
call() { # call METHOD PATH [JSON]: fails loudly with the API's answer
  local method="$1" path="$2" body="${3:-}" out status
  out="$(mktemp)"
  status="$(curl -sS -o "$out" -w '%{http_code}' -u "$RABBITMQ_ADMIN_USER:$RABBITMQ_ADMIN_PASSWORD" \
    -X "$method" -H 'content-type: application/json' ${body:+--data "$body"} "$api/$path")"
  if [[ "$status" != 2* && ! ("$method" == DELETE && "$status" == 404) ]]; then
    echo "$0: $method $path: HTTP $status $(cat "$out")" >&2
    rm -f "$out"
    exit 1
  fi
  cat "$out"
  rm -f "$out"
}
permissions() { jq -cn --arg c "$1" --arg w "$2" --arg r "$3" '{configure: $c, write: $w, read: $r}'; }
user() { # user NAME PASSWORD TAGS
  call PUT "users/$(jq -rn --arg v "$1" '$v | @uri')" "$(jq -cn --arg p "$2" --arg t "$3" '{password: $p, tags: $t}')" > /dev/null
}

# The default queue type makes queues declared without x-queue-type (a submitter's, MassTransit's
# error queues) that type too, so they match what processors declare with RabbitMq:QueueType.
# RabbitMQ 3.10's API reads "defaultqueuetype", later ones "default_queue_type": both are sent.
call PUT "vhosts/$vh" "$(jq -cn --arg t "$queue_type" '{description: "ImagePipeline", defaultqueuetype: $t, default_queue_type: $t}')" > /dev/null
actual="$(call GET "vhosts/$vh" | jq -r '.default_queue_type // .metadata.default_queue_type // "classic"')"
if [[ "$actual" != "$queue_type" && ! ("$queue_type" == classic && "$actual" == undefined) ]]; then
  echo "$0: vhost $vhost already has default queue type $actual; a vhost's type cannot change (see docs/DEPLOY.md)" >&2
  exit 1
fi

user "$processor_user" "$IMAGEPIPE_PROCESSOR_PASSWORD" ""
call PUT "permissions/$vh/$(jq -rn --arg v "$processor_user" '$v | @uri')" \
  "$(permissions "$processor_regex" "$processor_regex" "$processor_regex")" > /dev/null
user "$submitter_user" "$IMAGEPIPE_SUBMITTER_PASSWORD" ""
call PUT "permissions/$vh/$(jq -rn --arg v "$submitter_user" '$v | @uri')" \
  "$(permissions "$submitter_configure" "$submitter_write" "$submitter_read")" > /dev/null
if [[ -n "${IMAGEPIPE_MONITOR_PASSWORD:-}" ]]; then
  # The monitoring tag shows queue statistics in the management API; no resource may be touched.
  user "$monitor_user" "$IMAGEPIPE_MONITOR_PASSWORD" monitoring
  call PUT "permissions/$vh/$(jq -rn --arg v "$monitor_user" '$v | @uri')" "$(permissions '^$' '^$' '^$')" > /dev/null
fi

# Messages a work queue gives up on land here for an operator to inspect, instead of vanishing.
call PUT "exchanges/$vh/$dead_letter" '{"type": "fanout", "durable": true}' > /dev/null
call PUT "queues/$vh/$dead_letter" "$(jq -cn --arg t "$queue_type" '{durable: true, arguments: {"x-queue-type": $t}}')" > /dev/null
call POST "bindings/$vh/e/$dead_letter/q/$dead_letter" '{"routing_key": ""}' > /dev/null
# MassTransit retries in the process and moves failures to <queue>_error itself, so the broker only
# redelivers after a connection is lost. A tile that crashes every processor that takes it would loop
# forever: after 5 deliveries a quorum queue dead-letters it instead. Classic queues ignore the limit.
call PUT "policies/$vh/imagepipe-work" "$(jq -cn --arg d "$dead_letter" '{
  pattern: "^(process-tile(-[0-9]+|-interactive)?|reduce-tile-statistics|assemble-image|remove-image-intermediates|image-state|job-state)$", "apply-to": "queues", priority: 1,
  definition: {"delivery-limit": 5, "dead-letter-exchange": $d}}')" > /dev/null

if [[ "$delete_guest" == true ]]; then
  call DELETE "users/guest" > /dev/null
fi
echo "vhost $vhost ($queue_type queues): users $processor_user, $submitter_user${IMAGEPIPE_MONITOR_PASSWORD:+, $monitor_user}"

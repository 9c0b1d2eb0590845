# shellcheck shell=bash
# Starts and stops a private RabbitMQ node and Azurite under one work folder, for scripts that
# need both (tests, benchmarks). Source it; it defines functions only.

services_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# start_local_services WORK: starts both at once (RabbitMQ takes 5-10 s, Azurite 1-3 s) and sets
# the RABBITMQ_* and AZURITE_* variables that deploy/rabbitmq/start-local.sh and
# scripts/start-azurite.sh print.
start_local_services() {
  local work="$1" rabbitmq_start
  "$services_repo/deploy/rabbitmq/start-local.sh" "$work/rabbitmq" > "$work/rabbitmq.vars" &
  rabbitmq_start=$!
  "$services_repo/scripts/start-azurite.sh" "$work/azurite" > "$work/azurite.vars"
  wait "$rabbitmq_start"
  # shellcheck source=/dev/null
  source "$work/rabbitmq.vars"
  # shellcheck source=/dev/null
  source "$work/azurite.vars"
}

# export_pipeline_settings: points every ImagePipeline process started from this shell at the
# services start_local_services started, through the IMAGEPIPE_* settings a deployment would set.
export_pipeline_settings() {
  export IMAGEPIPE_RabbitMq__Host="$RABBITMQ_HOST" IMAGEPIPE_RabbitMq__Port="$RABBITMQ_PORT" \
    IMAGEPIPE_RabbitMq__Username="$RABBITMQ_USER" IMAGEPIPE_RabbitMq__Password="$RABBITMQ_PASSWORD" \
    IMAGEPIPE_Storage__Provider=AzureBlob IMAGEPIPE_Storage__ConnectionString="$AZURITE_BLOB_CONNECTION"
}

# describe_machine: one line for benchmark reports: cores, memory, CPU model, load.
describe_machine() {
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {print $2, $3}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-); load: $(cat /proc/loadavg)"
}

# stop_local_services WORK: stops whatever start_local_services started there; never fails.
stop_local_services() {
  local work="$1"
  "$services_repo/deploy/rabbitmq/stop-local.sh" "$work/rabbitmq" || true
  "$services_repo/scripts/stop-azurite.sh" "$work/azurite" || true
}

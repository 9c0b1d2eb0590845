#!/usr/bin/env bash
# Scaling and fairness of a fleet (docs/SCALING.md). Runs N = 1, 2, 4, 8 processors, each a host of its own:
# its own network namespace, joined to a bridge by a veth pair, and its own cgroup v1 cpu quota (0.15 core by
# default), so that N of them fit in this machine's cores beside the broker and Azurite, which run in the root
# namespace and listen on the bridge. For each N: a warm-up job, a batch of 1 MP images and one 48 MP image in
# tiles, each printed as one JSON line with its steady rate and the queues' peak depth and oldest-message age.
# Then, with two such processors, the fairness runs (a one-image job alone, behind a batch, on the batch's own
# lane; two batches at once). Stops and removes everything it made, whatever happens.
#
# Each N runs once against Azurite and once against the pipeline's file-system store in a tmpfs folder that every
# host shares, whose cost each process pays in its own CPU: what the fleet does when the blob store is not an
# emulator on the same two cores.
#
# Usage: sudo scripts/bench-fleet.sh
#   IMAGEPIPE_FLEET_COUNTS   processor counts (default "1 2 4 8")
#   IMAGEPIPE_FLEET_QUOTA_US each processor's CPU per 100 ms period, in microseconds (default 15000: 0.15 core)
#   IMAGEPIPE_FLEET_BATCH    images in the scaling batch (default 80); the fairness batch has 50
#   IMAGEPIPE_FLEET_LARGE_OP the large image's operation (default bilateral: about 30 ms a tile, so that its tiles
#                            take seconds even at 8 hosts, many times the client's 0.2 s status polls)
#   IMAGEPIPE_FLEET_JSON     where the JSON lines go (default docs/scaling.json)
#   IMAGEPIPE_FLEET_JOBS     what runs (default "batch large fairness"): the batch and the large image for each N,
#                            then the fairness measurements
#   IMAGEPIPE_FLEET_STORES   the blob stores, in turn (default "azurite files"); fairness runs on the first
# Needs root, iproute2 and cgroup v1's cpu controller at /sys/fs/cgroup/cpu. Not part of scripts/test.sh.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/local-services.sh
source "$repo/scripts/lib/local-services.sh"
read -r -a counts <<< "${IMAGEPIPE_FLEET_COUNTS:-1 2 4 8}"
quota_us="${IMAGEPIPE_FLEET_QUOTA_US:-15000}"
batch="${IMAGEPIPE_FLEET_BATCH:-80}" fair_batch=50
json="${IMAGEPIPE_FLEET_JSON:-$repo/docs/scaling.json}"
jobs=" ${IMAGEPIPE_FLEET_JOBS:-batch large fairness} "
read -r -a stores <<< "${IMAGEPIPE_FLEET_STORES:-azurite files}"
for store in "${stores[@]}"; do
  [[ "$store" == azurite || "$store" == files ]] || { echo "$0: IMAGEPIPE_FLEET_STORES lists azurite or files" >&2; exit 2; }
done
batch_op=bilateral large_op="${IMAGEPIPE_FLEET_LARGE_OP:-bilateral}" fair_op=gaussian

if [[ $EUID -ne 0 || ! -w /sys/fs/cgroup/cpu ]]; then
  echo "$0: needs root and cgroup v1's cpu controller at /sys/fs/cgroup/cpu (network namespaces, CPU quotas)" >&2
  exit 1
fi

dotnet build "$repo/src/ProcessorService" -c Release --nologo -v quiet > /dev/null
dotnet build "$repo/bench/ImagePipeline.Benchmarks" -c Release --nologo -v quiet > /dev/null
processor="$repo/src/ProcessorService/bin/Release/net10.0/ImagePipeline.ProcessorService.dll"
bench="$repo/bench/ImagePipeline.Benchmarks/bin/Release/net10.0/ImagePipeline.Benchmarks.dll"

id="$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
work="$(mktemp -d "${TMPDIR:-/tmp}/imagepipe-fleet.XXXXXX")"
bridge="ipf$id" cgroup="/sys/fs/cgroup/cpu/imagepipe-fleet-$id"
max=0
for n in "${counts[@]}"; do ((n > max)) && max=$n; done
# The fairness runs use two processors, whatever the counts.
[[ "$jobs" == *" fairness "* ]] && ((max < 2)) && max=2
used="$(ip -4 -o addr)"
subnet=""
for candidate in $(shuf -i 1-250); do
  [[ "$used" == *"10.214.$candidate."* ]] || { subnet=$candidate; break; }
done
gateway="10.214.$subnet.1"
running=()

# shellcheck disable=SC2317 # called by the trap
cleanup() {
  stop_processors
  for ((i = 1; i <= max; i++)); do
    ip netns del "$bridge-p$i" 2> /dev/null || true
    rmdir "$cgroup/p$i" 2> /dev/null || true
  done
  rmdir "$cgroup" 2> /dev/null || true
  ip link del "$bridge" 2> /dev/null || true
  stop_local_services "$work"
  rm -rf "$work" "/dev/shm/imagepipe-fleet-$id"
}
# shellcheck disable=SC2317
stop_processors() {
  local pid
  for pid in "${running[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${running[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2> /dev/null || true
  done
  running=()
}
trap cleanup EXIT

# The hosts: a namespace, a veth into the bridge, an address, and a cpu cgroup with the quota.
ip link add "$bridge" type bridge
ip addr add "$gateway/24" dev "$bridge"
ip link set "$bridge" up
mkdir "$cgroup"
for ((i = 1; i <= max; i++)); do
  ns="$bridge-p$i"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add "vf$id$i" type veth peer name eth0 netns "$ns"
  ip link set "vf$id$i" master "$bridge"
  ip link set "vf$id$i" up
  ip -n "$ns" addr add "10.214.$subnet.$((i + 1))/24" dev eth0
  ip -n "$ns" link set eth0 up
  mkdir "$cgroup/p$i"
  echo 100000 > "$cgroup/p$i/cpu.cfs_period_us"
  echo "$quota_us" > "$cgroup/p$i/cpu.cfs_quota_us"
done

"$repo/deploy/rabbitmq/start-local.sh" "$work/rabbitmq" - - "$gateway" > "$work/rabbitmq.vars" &
rabbitmq_start=$!
"$repo/scripts/start-azurite.sh" "$work/azurite" - "$gateway" > "$work/azurite.vars"
wait "$rabbitmq_start"
# shellcheck source=/dev/null
source "$work/rabbitmq.vars"
# shellcheck source=/dev/null
source "$work/azurite.vars"
export RABBITMQ_USER RABBITMQ_PASSWORD

# use_store STORE: points the processors started next, and the client, at that blob store.
use_store() {
  store="$1"
  export_pipeline_settings
  export IMAGEPIPE_RabbitMq__Host="$gateway"
  if [[ "$store" == files ]]; then
    mkdir -p "/dev/shm/imagepipe-fleet-$id"
    export IMAGEPIPE_Storage__Provider=FileSystem IMAGEPIPE_Storage__RootPath="/dev/shm/imagepipe-fleet-$id"
    unset IMAGEPIPE_Storage__ConnectionString
  fi
}
export IMAGEPIPE_BENCH_MANAGEMENT="http://$gateway:$RABBITMQ_MANAGEMENT_PORT/" IMAGEPIPE_BENCH_REPO="$repo"

# start_processors N [PREFETCH]: one processor per host, one tile at a time (what 0.15 core can do), every one
# also able to take the sagas (only one at a time does: single active consumer). Waits until all N consume tiles.
start_processors() {
  local n="$1" prefetch="${2:-}" i consumers
  for ((i = 1; i <= n; i++)); do
    (
      echo "$BASHPID" > "$cgroup/p$i/cgroup.procs"
      cd "$(dirname "$processor")"
      exec ip netns exec "$bridge-p$i" env IMAGEPIPE_Processing__ConcurrentTiles=1 IMAGEPIPE_Telemetry__Exporter=none \
        ${prefetch:+IMAGEPIPE_Processing__PrefetchCount=$prefetch} dotnet "$processor"
    ) > "$work/processor-$n-$i.log" 2>&1 &
    running+=("$!")
  done
  for _ in $(seq 600); do
    consumers="$(curl -s -u "$RABBITMQ_USER:$RABBITMQ_PASSWORD" "${IMAGEPIPE_BENCH_MANAGEMENT}api/queues/%2F/process-tile" | jq -r '.consumers // 0')"
    [[ "$consumers" == "$n" ]] && return 0
    sleep 0.5
  done
  echo "$0: $n processors did not all start; see $work/processor-$n-*.log" >&2
  tail -n 5 "$work"/processor-"$n"-*.log >&2
  exit 1
}

fleet() { dotnet "$bench" fleet "$@"; }

# cpu_seconds PID...: user and system CPU the processes have used so far.
cpu_seconds() {
  local pid ticks=0
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] && ticks=$((ticks + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "scale=2; $ticks / $(getconf CLK_TCK)" | bc
}

# run_queue_seconds PID...: how long the processes' threads have waited for a core (not for their quota):
# what this machine's other work costs them.
run_queue_seconds() {
  local pid nanos=0
  for pid in "$@"; do
    nanos=$((nanos + $(cat /proc/"$pid"/task/*/schedstat 2> /dev/null | awk '{ sum += $2 } END { printf "%.0f", sum }')))
  done
  echo "scale=2; $nanos / 1000000000" | bc
}

# measured N ARGS...: one `fleet throughput` run, with the CPU the processors, the broker and Azurite used
# meanwhile, the processors' busy fraction (their CPU over what their quotas allowed in that time) and how long
# their threads waited for a core of this machine.
measured() {
  local n="$1" fleet_before broker_before blob_before waited_before start result
  shift
  # The broker's queue statistics lag by up to 5 s: let the last job's leave before this one is sampled.
  sleep 6
  waited_before="$(run_queue_seconds "${running[@]}")"
  fleet_before="$(cpu_seconds "${running[@]}")" broker_before="$(cpu_seconds "$RABBITMQ_PID")" blob_before="$(cpu_seconds "$AZURITE_PID")"
  start="$(date +%s.%N)"
  result="$(fleet throughput "$@")"
  jq -c --argjson wall "$(echo "$(date +%s.%N) - $start" | bc)" --argjson n "$n" --argjson quota "$quota_us" \
    --argjson fleet "$(echo "$(cpu_seconds "${running[@]}") - $fleet_before" | bc)" \
    --argjson broker "$(echo "$(cpu_seconds "$RABBITMQ_PID") - $broker_before" | bc)" \
    --argjson blob "$(echo "$(cpu_seconds "$AZURITE_PID") - $blob_before" | bc)" \
    --arg store "$store" \
    --argjson waited "$(echo "$(run_queue_seconds "${running[@]}") - $waited_before" | bc)" \
    '. + {store: $store, processors: $n, processorCpuSeconds: $fleet, brokerCpuSeconds: $broker, blobStoreCpuSeconds: $blob,
          processorRunQueueWaitSeconds: $waited,
          processorBusyFraction: (($fleet / ($n * $quota / 100000 * $wall)) * 100 | round / 100)}' <<< "$result"
}

dotnet "$bench" fleet inputs "$work/inputs" "$batch"
mapfile -t images < <(find "$work/inputs/batch" -name '*.jpg' | sort)
large="$work/inputs/large-48mp.png"

describe_machine
jq -cn --arg machine "$(describe_machine)" --argjson quota "$quota_us" '{label: "machine", machine: $machine, quotaMicrosecondsPer100ms: $quota}' > "$json"
for store in "${stores[@]}"; do
  use_store "$store"
  for n in "${counts[@]}"; do
    # Two messages held per processor: more would let the first processors to connect hoard a small batch.
    start_processors "$n" 2
    echo "N=$n processors at $quota_us us per 100 ms each, $store; load $(cut -d' ' -f1-3 /proc/loadavg)"
    # Compiled and connected: a small job per processor first, not measured, and the large image once, so that every
    # processor has compiled the tile path too (about a CPU-second each at first) before the large image is measured.
    fleet throughput --label "warm-up N=$n" --op "$batch_op" "${images[@]:0:$((2 * n))}" > /dev/null
    if [[ "$jobs" == *" large "* ]]; then
      fleet throughput --label "warm-up large N=$n" --op "$large_op" --tile-size 512 "$large" > /dev/null
    fi
    if [[ "$jobs" == *" batch "* ]]; then
      measured "$n" --label "batch N=$n $store" --op "$batch_op" "${images[@]}" | tee -a "$json"
    fi
    if [[ "$jobs" == *" large "* ]]; then
      measured "$n" --label "large N=$n $store" --op "$large_op" --tile-size 512 "$large" | tee -a "$json"
    fi
    stop_processors
  done
done
[[ "$jobs" == *" fairness "* ]] || exit 0
use_store "${stores[0]}"

# With the default prefetch (8 per lane for a one-core process): the lanes and turns must hold against it.
start_processors 2
fleet throughput --label "warm-up fairness" --op "$fair_op" "${images[@]:0:4}" > /dev/null
fleet fairness --op "$fair_op" --batch "$fair_batch" "${images[@]}" | tee -a "$json"
stop_processors

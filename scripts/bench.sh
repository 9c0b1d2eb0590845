#!/usr/bin/env bash
# The benchmark suite (docs/PERFORMANCE.md): builds Release, starts a private RabbitMQ node and
# Azurite as scripts/test.sh does, and runs, per op and in one session, the seed's Python code in
# Debian's python3-opencv (a process pool over the 1 MP batch; each 12 and 48 MP image whole) against
# `imagepipe run` on the same inputs, then `imagepipe submit --wait` with one and two processors
# (their CPU-seconds per image against the pool's), then each kernel and codec alone, in C# and in
# Python; stops both services whatever happens.
#
# Usage: scripts/bench.sh [--quick] [--no-kernels]
#   --quick       40 images instead of 200, four representative ops instead of the seed's ten
#   --no-kernels  skip the per-kernel CPU times
# The CLI and processors are published first as hosts get them (scripts/publish.sh, ReadyToRun);
# IMAGEPIPE_BENCH_BUILT=1 runs the plain build output instead.
# Raw numbers go to docs/performance.json (IMAGEPIPE_BENCH_JSON to change). Not part of scripts/test.sh.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/local-services.sh
source "$repo/scripts/lib/local-services.sh"
quick=() kernels=1
for argument in "$@"; do
  case "$argument" in
    --quick) quick=(--quick) ;;
    --no-kernels) kernels=0 ;;
    *) echo "usage: $0 [--quick] [--no-kernels]" >&2; exit 2 ;;
  esac
done

"$repo/scripts/install-prerequisites.sh"
dotnet build "$repo/ImagePipeline.sln" -c Release --nologo -v quiet

work="$(mktemp -d "${TMPDIR:-/tmp}/imagepipe-bench.XXXXXX")"
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  stop_local_services "$work"
  rm -rf "$work/suite" "$work/azurite" "$work/rabbitmq" "$work/published" "$work/fresh-store.sh"
}
trap cleanup EXIT

start_local_services "$work"

# The programs as hosts run them (scripts/publish.sh: self-contained, composite ReadyToRun). About
# 8 minutes here; IMAGEPIPE_BENCH_BUILT=1 measures the build output instead.
if [[ "${IMAGEPIPE_BENCH_BUILT:-0}" != 1 ]]; then
  export IMAGEPIPE_BENCH_PUBLISHED="$work/published"
  "$repo/scripts/publish.sh" "$IMAGEPIPE_BENCH_PUBLISHED" > /dev/null
fi

export_pipeline_settings
export IMAGEPIPE_BENCH_REPO="$repo" IMAGEPIPE_BENCH_CONFIGURATION=Release

# The suite empties Azurite before each distributed job with this (same folder, same port), so that
# a job does not measure the emulator as earlier jobs left it.
cat > "$work/fresh-store.sh" <<FRESH
#!/usr/bin/env bash
set -euo pipefail
"$repo/scripts/stop-azurite.sh" "$work/azurite"
rm -rf "$work/azurite"
"$repo/scripts/start-azurite.sh" "$work/azurite" "$AZURITE_PORT" > /dev/null
FRESH
export IMAGEPIPE_BENCH_FRESH_STORE="$work/fresh-store.sh"

bench="$repo/bench/ImagePipeline.Benchmarks/bin/Release/net10.0/ImagePipeline.Benchmarks.dll"
describe_machine
dotnet "$bench" suite --work "$work/suite" --json "${IMAGEPIPE_BENCH_JSON:-$repo/docs/performance.json}" "${quick[@]}"

if ((kernels)); then
  echo "Kernels and codecs, one thread, CPU ms: the pipeline's, then the seed's in Debian's python3-opencv"
  # With the heap settings the pipeline's processes run with (deploy/systemd, src/Submitter/Hosting/NativeHeap.cs).
  MALLOC_MMAP_THRESHOLD_=8388608 MALLOC_TRIM_THRESHOLD_=33554432 dotnet "$bench" kernels "$repo/samples"
  /usr/bin/python3 "$repo/bench/yardsticks/seed_kernels.py" "$repo/samples" 2> /dev/null
fi

#!/usr/bin/env bash
# Giant images (docs/GIANT-IMAGES.md): peak resident memory of each role of the
# distributed pipeline on a 48 MP (8000 x 6000) and a 400 MP (20000 x 20000) image. Builds Release,
# starts a private RabbitMQ node and Azurite as scripts/bench.sh does, then for each size runs
# `bench/ImagePipeline.Benchmarks giant`, which:
#   - writes a PNG mosaic of the sample photos (samples/) at that size;
#   - starts one tile-only ProcessorService (Processor:ProcessTiles=true, AssembleImages=false,
#     HostSagas=false) and one saga + assembler host (ProcessTiles=false, AssembleImages=true,
#     HostSagas=true), fresh for each image, so each high-water mark is one role's on one image;
#   - runs `imagepipe submit <image> --op gaussian --wait --out <folder>` (default tile size, 2048 px);
#   - reads VmHWM (/proc/<pid>/status) of the three processes, sampled every 50 ms and at the end;
#   - checks the output against its own computation: the whole image at 48 MP (must be equal), at
#     400 MP the dimensions and seven 1024 px regions at corners and tile seams (must be equal).
# Stops both services whatever happens. Needs about 6 GB of free memory and 4 GB of disk for 400 MP;
# takes about 10 minutes on 2 cores. Not part of scripts/test.sh nor CI.
#
# Usage: scripts/bench-giant.sh [--sizes 48,400] [--op gaussian]
#   --sizes  which images, comma-separated: 48 and/or 400 (default both)
#   --op     the operation spec (default gaussian)
# Numbers go to docs/giant-images.json (IMAGEPIPE_GIANT_JSON to change); a table is printed at the end.
# Exits non-zero if a job failed or an output differed.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/local-services.sh
source "$repo/scripts/lib/local-services.sh"
sizes=48,400 op=gaussian
while (($# > 0)); do
  case "$1" in
    --sizes) sizes="${2:?--sizes needs a value}"; shift 2 ;;
    --op) op="${2:?--op needs a value}"; shift 2 ;;
    *) echo "usage: $0 [--sizes 48,400] [--op gaussian]" >&2; exit 2 ;;
  esac
done

"$repo/scripts/install-prerequisites.sh"
dotnet build "$repo/ImagePipeline.sln" -c Release --nologo -v quiet

work="$(mktemp -d "${TMPDIR:-/tmp}/imagepipe-giant.XXXXXX")"
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  stop_local_services "$work"
  rm -rf "$work"
}
trap cleanup EXIT

start_local_services "$work"

export_pipeline_settings
export IMAGEPIPE_BENCH_REPO="$repo" IMAGEPIPE_BENCH_CONFIGURATION=Release

bench="$repo/bench/ImagePipeline.Benchmarks/bin/Release/net10.0/ImagePipeline.Benchmarks.dll"
describe_machine
dotnet "$bench" giant --work "$work/giant" --json "${IMAGEPIPE_GIANT_JSON:-$repo/docs/giant-images.json}" --op "$op" --sizes "$sizes"

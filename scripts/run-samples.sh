#!/usr/bin/env bash
# The quick start: builds imagepipe and runs the whole pipeline in one process on the sample
# photographs in samples/, writing one PNG per photo. Installs OpenCV's one system dependency
# (libgtk-3-0) if it is missing.
#
# Usage: scripts/run-samples.sh [operation] [output folder]
#   Defaults: gaussian, out/samples. `imagepipe ops` lists the operations.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
operation="${1:-gaussian}"
output="${2:-$repo/out/samples}"

"$repo/scripts/install-prerequisites.sh" --embedded
dotnet build "$repo/src/Submitter" --nologo -v quiet -c Release -o "$repo/out/bin" > /dev/null
# Tiles of 256 px so that even these sub-megapixel photos go through the tiled path.
dotnet "$repo/out/bin/imagepipe.dll" run "$repo/samples" --op "$operation" --tile-size 256 --out "$output"

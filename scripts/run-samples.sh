#!/usr/bin/env bash
# The quick start: installs the `imagepipe` command (scripts/install-cli.sh: a .NET tool built from this checkout, on
# PATH), then runs the whole pipeline in one process on the sample photographs in samples/, writing one PNG per
# photo. Installs OpenCV's one system dependency (libgtk-3-0) if it is missing. Quiet while all goes well; a step
# that fails shows its output.
#
# Usage: scripts/run-samples.sh [operation] [output folder]
#   Defaults: gaussian, out/samples. `imagepipe ops` lists the operations.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
operation="${1:-gaussian}"
output="${2:-$repo/out/samples}"

"$repo/scripts/install-prerequisites.sh" --embedded
"$repo/scripts/install-cli.sh"
# The installed tool itself, whether or not this shell has its folder on PATH yet.
# Tiles of 256 px so that even these sub-megapixel photos go through the tiled path.
"${DOTNET_CLI_HOME:-$HOME}/.dotnet/tools/imagepipe" run "$repo/samples" --op "$operation" --tile-size 256 --out "$output"

#!/usr/bin/env bash
# Publishes what a host runs, into one folder that scripts/install-host.sh installs:
#   <out>/processor/   ImagePipeline.ProcessorService (the worker the systemd units start)
#   <out>/cli/         imagepipe (submit, status, download)
#   <out>/deploy/, <out>/docs/DEPLOY.md, <out>/scripts/install-host.sh (+ lib/apt.sh)   units, env example, broker setup
# Self-contained for linux-x64 by default: the target needs no .NET runtime (Debian 12 ships none).
#
# Usage: scripts/publish.sh [out dir] [--framework-dependent]
#   Default out dir: out/publish. --framework-dependent makes smaller binaries that need the .NET 10
#   runtime installed on every host.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/out/publish"
# Self-contained: one composite ReadyToRun image of the app and the runtime libraries, so the generic
# code they share (async state machines, collections over our types) is compiled ahead of time too;
# one CLI invocation starts about 0.2 s sooner than framework-dependent ReadyToRun, for twice the size.
mode=(--self-contained true -p:PublishReadyToRunComposite=true)
for argument in "$@"; do
  case "$argument" in
    --framework-dependent) mode=(--self-contained false) ;;
    -*) echo "usage: $0 [out dir] [--framework-dependent]" >&2; exit 2 ;;
    *) out="$argument" ;;
  esac
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

publish() { # publish PROJECT FOLDER
  rm -rf "${out:?}/$2"
  # Its own build folders (--artifacts-path): a linux-x64 restore must not race the checkout's obj/ folders.
  # ReadyToRun: compiled ahead of time, so a CLI invocation does not spend most of its start-up in the JIT.
  dotnet publish "$repo/src/$1" --nologo -v quiet -c Release -r linux-x64 "${mode[@]}" -p:PublishReadyToRun=true --artifacts-path "$out/.build" \
    -o "$out/$2" > "$out/$2.log" 2>&1 \
    || { echo "$0: publishing $1 failed:" >&2; tail -n 30 "$out/$2.log" >&2; exit 1; }
  rm -f "$out/$2.log"
}
publish ProcessorService processor
publish Submitter cli
rm -rf "${out:?}/.build"

rm -rf "${out:?}/deploy" "$out/docs" "$out/scripts"
mkdir -p "$out/docs" "$out/scripts/lib"
cp -r "$repo/deploy" "$out/deploy"
cp "$repo/docs/DEPLOY.md" "$out/docs/" 2>/dev/null || true
cp "$repo/scripts/install-host.sh" "$out/scripts/"
cp "$repo/scripts/lib/apt.sh" "$out/scripts/lib/"
echo "$out"

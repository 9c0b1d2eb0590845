#!/usr/bin/env bash
# Installs what ImagePipeline needs on a Debian 12 machine (run as root), and only what is
# missing, so it returns in well under a second when everything is there:
#   - rabbitmq-server: the message broker (deploy/rabbitmq/start-local.sh runs it)
#   - libgtk-3-0: OpenCvSharp's native library links GTK even when no window is opened
#   - Node.js and npm, only if absent (Debian's own packages)
#   - Azurite, the Azure Blob Storage emulator, into tools/azurite from its package-lock.json
#   - python3-opencv: the tests compare our operations with the seed's Python code on Debian's OpenCV
#   - chromium: the web page is tested in a real browser (Playwright drives /usr/bin/chromium)
# Quiet unless something fails; then it prints the log of the step that failed. While another apt or dpkg holds the
# package locks (a freshly booted machine's unattended upgrades), it waits, and says so.
#
# Usage: install-prerequisites.sh [--embedded]
#   --embedded: only what `imagepipe run` needs (libgtk-3-0), for the quick start.
set -euo pipefail

profile=all
if [[ "${1:-}" == "--embedded" ]]; then
  profile=embedded
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/apt.sh
source "$repo/scripts/lib/apt.sh"
azurite="$repo/tools/azurite"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

run() {
  if ! "$@" > "$log" 2>&1; then
    echo "$0: failed: $*" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

packages=(libgtk-3-0)
if [[ "$profile" == all ]]; then
  packages+=(rabbitmq-server python3-opencv chromium)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [[ "$profile" == all ]] && ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs)
fi
if [[ "$profile" == all ]] && ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if ((${#missing[@]} > 0)); then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "$0: run as root to install: ${missing[*]}" >&2
    exit 1
  fi
  # The wait is said here, not in the quiet step's log.
  wait_for_apt_locks
  run apt_get update
  run apt_get install -y --no-install-recommends "${missing[@]}"
fi

if [[ "$profile" == embedded ]]; then
  exit 0
fi

# Reinstall Azurite only when the lock file changed since the last install.
stamp="$azurite/node_modules/.imagepipe-lock.sha256"
wanted="$(sha256sum "$azurite/package-lock.json" | cut -d' ' -f1)"
if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]] \
  || [[ ! -f "$azurite/node_modules/azurite/dist/src/blob/main.js" ]]; then
  # No package of this tree needs an install script, so none is run.
  (cd "$azurite" && run npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  echo "$wanted" > "$stamp"
fi

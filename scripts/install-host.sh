#!/usr/bin/env bash
# Installs ImagePipeline's processor (and the imagepipe CLI) on a fresh Debian 12 host, as root, from a
# folder made by scripts/publish.sh (copied to the host). Safe to run again for an upgrade: binaries
# and units are replaced, /etc/imagepipe/processor.env is kept.
#   - apt: libgtk-3-0 (OpenCV's native library links it), libicu72 (.NET globalization), curl, jq
#   - system user and group "imagepipe", no home, no shell
#   - /opt/imagepipe/{processor,cli} (root-owned, read-only to the service), /usr/local/bin/imagepipe
#   - /etc/imagepipe/processor.env from deploy/systemd/processor.env.example (mode 0600) if absent
#   - every unit in deploy/systemd/ into /etc/systemd/system, then daemon-reload
#
# Usage: install-host.sh <published folder> [--start N]
#   --start N: enable and start imagepipe-processor@1..N (edit processor.env first!)
set -euo pipefail

usage() { echo "usage: $0 <published folder> [--start N]" >&2; exit 2; }
[[ $# -ge 1 ]] || usage
src="$(cd "$1" && pwd)"
shift
start=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --start) start="${2:?}"; shift 2 ;;
    *) usage ;;
  esac
done
[[ "$start" =~ ^[0-9]+$ ]] || usage
[[ "$(id -u)" -eq 0 ]] || { echo "$0: run as root" >&2; exit 1; }
[[ -x "$src/processor/ImagePipeline.ProcessorService" ]] || { echo "$0: $src is not a scripts/publish.sh folder" >&2; exit 1; }

packages=(libgtk-3-0 libicu72 curl jq)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  # Waits, saying so, while another apt or dpkg holds the locks (a freshly booted host's unattended upgrades).
  # shellcheck source=scripts/lib/apt.sh
  source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}"
fi

getent group imagepipe > /dev/null || groupadd --system imagepipe
getent passwd imagepipe > /dev/null \
  || useradd --system --gid imagepipe --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin imagepipe

# Root owns the binaries: the service may read and run them, never change them.
install -d -m 0755 /opt/imagepipe /opt/imagepipe/docs
for part in processor cli; do
  rm -rf "/opt/imagepipe/$part.new"
  cp -r "$src/$part" "/opt/imagepipe/$part.new"
  chown -R root:root "/opt/imagepipe/$part.new"
  chmod -R u=rwX,go=rX "/opt/imagepipe/$part.new"
  rm -rf "/opt/imagepipe/$part.old"
  if [[ -d "/opt/imagepipe/$part" ]]; then mv "/opt/imagepipe/$part" "/opt/imagepipe/$part.old"; fi
  mv "/opt/imagepipe/$part.new" "/opt/imagepipe/$part"
done
rm -rf /opt/imagepipe/processor.old /opt/imagepipe/cli.old
cp "$src/docs/DEPLOY.md" /opt/imagepipe/docs/ 2>/dev/null || true
ln -sf /opt/imagepipe/cli/imagepipe /usr/local/bin/imagepipe

install -d -m 0750 -o root -g root /etc/imagepipe
if [[ ! -f /etc/imagepipe/processor.env ]]; then
  install -m 0600 -o root -g root "$src/deploy/systemd/processor.env.example" /etc/imagepipe/processor.env
  echo "Edit /etc/imagepipe/processor.env (broker, blob store, credentials) before starting processors."
fi

install -m 0644 "$src"/deploy/systemd/*.service /etc/systemd/system/
if [[ -d /run/systemd/system ]]; then
  systemctl daemon-reload
  for i in $(seq 1 "$start"); do
    systemctl enable --now "imagepipe-processor@$i"
  done
elif ((start > 0)); then
  echo "$0: systemd is not running here; units installed but not started" >&2
fi
echo "installed into /opt/imagepipe; units: $(cd "$src/deploy/systemd" && echo *.service)"

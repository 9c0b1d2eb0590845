#!/usr/bin/env bash
# Starts a loopback-only RabbitMQ node as a plain background process, with everything it
# writes (database, logs, Erlang cookie, PID files) in one data folder, and waits until it
# serves. Prints shell variables for `eval`:
#   RABBITMQ_HOST RABBITMQ_PORT RABBITMQ_MANAGEMENT_PORT RABBITMQ_USER RABBITMQ_PASSWORD
#   RABBITMQ_PID RABBITMQ_EPMD_PID RABBITMQ_NODE RABBITMQ_DATA_DIR
#
# Usage: start-local.sh <data dir> [amqp port] [management port] [bind address]
#   A port left out (or given as "-") is the one the folder's node used last time if it is
#   still free, else a free one. If the folder's node is already running, its variables are
#   printed again and nothing is started. Stop it with stop-local.sh <data dir>.
#   With a bind address (say 10.0.0.11, for other hosts or network namespaces), AMQP listens there as
#   well as on loopback and the management API there only; guest, which RabbitMQ refuses off loopback,
#   is replaced by an administrator "imagepipe-admin" with a random password (RABBITMQ_USER/PASSWORD).
#   Example: eval "$(deploy/rabbitmq/start-local.sh /tmp/rmq)"
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
scripts="$(cd "$here/../../scripts" && pwd)"
bin=/usr/lib/rabbitmq/bin

if [[ $# -lt 1 || $# -gt 4 || -z "$1" ]]; then
  echo "usage: $0 <data dir> [amqp port] [management port] [bind address]" >&2
  exit 2
fi
if [[ ! -x "$bin/rabbitmq-server" ]]; then
  echo "$0: RabbitMQ is not installed ($bin/rabbitmq-server missing); run scripts/install-prerequisites.sh" >&2
  exit 1
fi

mkdir -p "$1"
data="$(cd "$1" && pwd)"
env_file="$data/rabbitmq-env.sh"
vars_file="$data/rabbitmq-vars.sh"

# shellcheck source=scripts/lib/processes.sh
source "$scripts/lib/processes.sh"

if [[ -f "$vars_file" ]] && running "$(cat "$data/rabbitmq.pid" 2>/dev/null || true)" beam \
  && running "$(cat "$data/epmd.pid" 2>/dev/null || true)" epmd; then
  cat "$vars_file"
  exit 0
fi

# Ports this folder's node used last time, kept when still free so clients can reconnect.
previous() { sed -n "s/^$1=//p" "$vars_file" 2>/dev/null || true; }
reuse() {
  local port="$1"
  if [[ -n "$port" ]] && ! port_listening "$port"; then echo "$port"; fi
}
pick() {
  if [[ -n "$1" && "$1" != "-" ]]; then echo "$1"; return; fi
  local port
  port="$(reuse "$(previous "$2")")"
  if [[ -z "$port" ]]; then port="$("$scripts/free-port.sh")"; fi
  echo "$port"
}
amqp_port="$(pick "${2:-}" RABBITMQ_PORT)"
management_port="$(pick "${3:-}" RABBITMQ_MANAGEMENT_PORT)"
bind="${4:-127.0.0.1}"
if ! [[ "$bind" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "$0: not an IPv4 address: $bind" >&2
  exit 2
fi
# Erlang's distribution port and this node's own epmd port, internal but loopback too.
read -r dist_port epmd_port < <("$scripts/free-port.sh" 6 | grep -vx -e "$amqp_port" -e "$management_port" | head -2 | paste -sd' ') \
  || { echo "$0: found no free ports" >&2; exit 1; }
for port in "$amqp_port" "$management_port"; do
  if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
    echo "$0: not a TCP port: $port" >&2
    exit 2
  fi
done

# The node name must stay the same for a folder: the database lives under it.
node="imagepipe-$(printf '%s' "$data" | sha256sum | cut -c1-12)@localhost"

mkdir -p "$data/home" "$data/mnesia" "$data/log"
sed -e "s/^listeners\.tcp\.default = .*/listeners.tcp.default = 127.0.0.1:$amqp_port/" \
    -e "s/^management\.tcp\.ip = .*/management.tcp.ip = $bind/" \
    -e "s/^management\.tcp\.port = .*/management.tcp.port = $management_port/" \
    "$here/rabbitmq.conf" > "$data/rabbitmq.conf"
if [[ "$bind" != 127.0.0.1 ]]; then
  echo "listeners.tcp.external = $bind:$amqp_port" >> "$data/rabbitmq.conf"
fi
# What `rabbitmq-plugins enable --offline rabbitmq_management` writes, without starting Erlang.
echo '[rabbitmq_management].' > "$data/enabled_plugins"

cat > "$env_file" <<EOF
# Written by start-local.sh: the environment of this node, for rabbitmqctl and stop-local.sh.
export HOME=$(printf '%q' "$data/home")
export RABBITMQ_NODENAME=$node
$(if [[ "$bind" == 127.0.0.1 ]]; then
  printf 'export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1\nexport RABBITMQ_NODE_PORT=%s\n' "$amqp_port"
else
  echo "# Listeners come from rabbitmq.conf: RABBITMQ_NODE_IP_ADDRESS would replace them with one."
fi)
export RABBITMQ_DIST_PORT=$dist_port
export RABBITMQ_MNESIA_BASE=$(printf '%q' "$data/mnesia")
export RABBITMQ_LOG_BASE=$(printf '%q' "$data/log")
export RABBITMQ_PID_FILE=$(printf '%q' "$data/rabbitmq.pid")
export RABBITMQ_CONFIG_FILE=$(printf '%q' "$data/rabbitmq.conf")
export RABBITMQ_ADVANCED_CONFIG_FILE=$(printf '%q' "$data/advanced.config")
export RABBITMQ_ENABLED_PLUGINS_FILE=$(printf '%q' "$data/enabled_plugins")
export RABBITMQ_CONF_ENV_FILE=/dev/null
export ERL_EPMD_ADDRESS=127.0.0.1
export ERL_EPMD_PORT=$epmd_port
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
EOF
# Only this node's settings: variables from the caller (another node's, say) must not leak in.
while read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(RABBITMQ_|ERL_)' || true)
# shellcheck source=/dev/null
source "$env_file"

fail() {
  echo "$0: $1" >&2
  if [[ -s "$data/log/$node.log" ]]; then
    echo "--- first errors in $data/log/$node.log" >&2
    grep -m 8 -F '[error]' "$data/log/$node.log" >&2 || tail -n 8 "$data/log/$node.log" >&2
  fi
  for log in "$data/log/server.out" "$data/log/epmd.out"; do
    if [[ -s "$log" ]]; then
      echo "--- last lines of $log" >&2
      tail -n 8 "$log" >&2
    fi
  done
  "$here/stop-local.sh" "$data" || true
  exit 1
}

# This node's own epmd, on its own port, so nodes never share or fight over one; started
# here rather than by Erlang so its PID is known and stop-local.sh can end it.
rm -f "$data/rabbitmq.pid" "$data/epmd.pid"
setsid epmd -address 127.0.0.1 -port "$epmd_port" > "$data/log/epmd.out" 2>&1 < /dev/null &
echo $! > "$data/epmd.pid"
wait_for_port "$epmd_port" 10 "$(cat "$data/epmd.pid")" || fail "epmd did not listen on 127.0.0.1:$epmd_port"

setsid "$bin/rabbitmq-server" > "$data/log/server.out" 2>&1 < /dev/null &
"$bin/rabbitmqctl" -q wait --timeout 60 "$RABBITMQ_PID_FILE" > "$data/log/wait.out" 2>&1 \
  || fail "RabbitMQ did not start within 60 s ($(tail -n 3 "$data/log/wait.out" | tr '\n' ' '))"
wait_for_port "$management_port" 30 "" "$bind" || fail "the management plugin did not listen on $bind:$management_port"

user=guest password=guest
if [[ "$bind" != 127.0.0.1 ]]; then
  # Off loopback: an administrator of its own (the password kept from last time), and no guest.
  user=imagepipe-admin
  password="$(sed -n 's/^RABBITMQ_PASSWORD=//p' "$vars_file" 2>/dev/null || true)"
  if [[ -z "$password" || "$password" == guest ]]; then password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"; fi
  ctl() { "$bin/rabbitmqctl" -q "$@" > /dev/null 2>> "$data/log/users.out"; }
  # "--" ends rabbitmqctl's options: a password that begins with "-" (one in 64 of these) was read as
  # options, and every attempt failed with a usage message. Still retried, with the reason shown, in
  # case the first call after start-up meets a node not yet ready for it.
  created=false
  for _ in 1 2 3 4 5; do
    if ctl add_user -- "$user" "$password" || ctl change_password -- "$user" "$password"; then created=true; break; fi
    sleep 1
  done
  $created || fail "could not create $user ($(tail -n 2 "$data/log/users.out" | tr '\n' ' '))"
  ctl set_user_tags "$user" administrator && ctl set_permissions -p / "$user" '.*' '.*' '.*' || fail "could not grant $user"
  ctl delete_user guest || true
fi

touch "$vars_file" && chmod 600 "$vars_file"
{
  echo "RABBITMQ_HOST=$bind"
  echo "RABBITMQ_PORT=$amqp_port"
  echo "RABBITMQ_MANAGEMENT_PORT=$management_port"
  echo "RABBITMQ_USER=$user"
  echo "RABBITMQ_PASSWORD=$password"
  echo "RABBITMQ_PID=$(cat "$RABBITMQ_PID_FILE")"
  echo "RABBITMQ_EPMD_PID=$(cat "$data/epmd.pid")"
  echo "RABBITMQ_NODE=$node"
  echo "RABBITMQ_DATA_DIR=$(printf '%q' "$data")"
} > "$vars_file"
cat "$vars_file"

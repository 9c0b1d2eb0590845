# shellcheck shell=bash
# Helpers for the start/stop scripts of local services. Source it; it defines functions only.

# running PID [NAME]: true when PID is a live process (not a zombie) whose name contains NAME.
# Leave NAME out for a child just started: until it has exec'd, its name is still the shell's.
# PID 1 on these machines does not reap orphans, so a finished service can linger as a zombie.
running() {
  local pid="$1" name="${2:-}" stat
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  # Fields: pid (comm) state ...; comm may hold spaces, so cut at the last ')'.
  local comm="${stat#*(}"
  comm="${comm%)*}"
  local state="${stat##*) }"
  state="${state%% *}"
  [[ "$state" != Z && "$comm" == *"$name"* ]]
}

# port_in_use PORT: true when a TCP socket on this machine uses PORT (listening, connected or
# closing), per `ss`; without `ss` (a minimal system), when 127.0.0.1:PORT accepts connections.
port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Htan "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# port_listening PORT: true when something listens on PORT. A restarted service may take back its
# old port even while connections to it linger in TIME_WAIT: only a listener stops it binding.
port_listening() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# wait_for_port PORT SECONDS [PID] [HOST]: true once HOST (default 127.0.0.1):PORT accepts connections;
# false after SECONDS, or as soon as the optional PID (the service just started) ends.
wait_for_port() {
  local port="$1" seconds="$2" pid="${3:-}" host="${4:-127.0.0.1}"
  local deadline=$((SECONDS + seconds))
  while ((SECONDS < deadline)); do
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      return 0
    fi
    if [[ -n "$pid" ]] && ! running "$pid"; then
      return 1
    fi
    sleep 0.1
  done
  return 1
}

# stop_pid PID NAME [SECONDS]: sends TERM if PID still runs as NAME (any name if empty), then
# KILL after SECONDS (default 10).
stop_pid() {
  local pid="$1" name="$2" seconds="${3:-10}"
  running "$pid" "$name" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + seconds))
  while running "$pid" "$name"; do
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      return 0
    fi
    sleep 0.1
  done
}

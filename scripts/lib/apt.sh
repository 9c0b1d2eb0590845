# shellcheck shell=bash
# apt-get that waits for another package manager to finish instead of failing. Source it; it defines functions only.
# A freshly booted Debian often runs apt by itself (unattended-upgrades, cloud-init) and holds dpkg's lock for a minute
# or more; apt-get then fails at once with "Could not get lock /var/lib/dpkg/lock-frontend".

# The locks apt and dpkg take (fcntl locks, listed in /proc/locks); APT_LOCK_FILES overrides them, space-separated.
apt_lock_files() {
  if [[ -n "${APT_LOCK_FILES:-}" ]]; then
    tr ' ' '\n' <<< "$APT_LOCK_FILES"
  else
    printf '%s\n' /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock
  fi
}

# apt_lock_holder: "NAME (PID n), which holds FILE" for the first of those locks another process holds; nothing if none.
apt_lock_holder() {
  local file inode pid
  while read -r file; do
    [[ -e "$file" ]] || continue
    inode="$(stat -c %i "$file")"
    # /proc/locks: "1: POSIX ADVISORY WRITE <pid> <major>:<minor>:<inode> <start> <end>"
    pid="$(awk -v inode="$inode" '{ n = split($6, id, ":"); if (id[n] == inode && $5 > 0) { print $5; exit } }' /proc/locks)"
    if [[ -n "$pid" ]]; then
      echo "$(cat "/proc/$pid/comm" 2>/dev/null || echo "a process") (PID $pid), which holds $file"
      return 0
    fi
  done < <(apt_lock_files)
}

# wait_for_apt_locks [SECONDS]: returns once no other process holds apt's or dpkg's locks, saying on standard error
# what it waits for; fails after SECONDS (default 900).
wait_for_apt_locks() {
  local limit="${1:-900}" holder said=""
  local deadline=$((SECONDS + limit))
  while holder="$(apt_lock_holder)" && [[ -n "$holder" ]]; do
    if ((SECONDS >= deadline)); then
      echo "$0: gave up after ${limit} s waiting for $holder" >&2
      return 1
    fi
    if [[ "$holder" != "$said" ]]; then
      echo "$0: waiting for another package manager to finish: $holder ..." >&2
      said="$holder"
    fi
    sleep 2
  done
}

# apt_get ARGS...: apt-get ARGS once no other package manager holds the locks; apt-get itself waits up to a minute more
# for a lock taken in between (DPkg::Lock::Timeout).
apt_get() {
  wait_for_apt_locks || return 1
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@"
}

#!/usr/bin/env bash
# netlab's side in the guest. A generated lab script sources this file; netlab also
# runs it directly:  netlab-guest.sh down LAB | status | exec LAB NODE [CMD...]
#
# It runs as root. Every line netlab reads starts with "::netlab::" and a tab, then
# tab-separated fields; anything free-form travels base64-encoded. Nothing else is
# printed on stdout, so the host can follow the run line by line over one channel.
#
# The journal ($NL_ROOT/LAB/journal) records each namespace as soon as it exists;
# teardown removes exactly what the journal names, never anything else.

NL_MARK='::netlab::'
NL_ROOT=/run/netlab
NL_NETNS_DIR=/run/netns
NL_KEEP=0
NL_TMP=
NL_STAGE=
NL_CHECK_IDS=()
NL_CHECK_PIDS=()
NL_CLAIMED=0
NL_RUN=

nl_emit() {
  local IFS=$'\t'
  printf '%s\t%s\n' "$NL_MARK" "$*"
}

nl_b64() {
  base64 -w 0 <"$1" 2>/dev/null || base64 <"$1" | tr -d '\n'
}

nl_b64_text() {
  printf '%s' "$1" >"$NL_TMP/text"
  nl_b64 "$NL_TMP/text"
}

# Writes go to a host that may have gone away: ignore SIGPIPE so a lost connection
# cannot stop the script before it has torn its lab down.
nl_traps() {
  trap '' PIPE
  trap nl_on_exit EXIT
  trap 'nl_interrupted 130' INT
  trap 'nl_interrupted 143' TERM
}

# Ctrl-C, `netlab down` or a host that went away: remove what this run made (its own
# journal only), then stop.
nl_interrupted() {
  trap '' INT TERM
  local pid
  for pid in "${NL_CHECK_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  if [ "$NL_CLAIMED" = 1 ]; then
    nl_emit phase teardown
    nl_teardown
  fi
  nl_emit end interrupted
  exit "$1"
}

nl_on_exit() {
  local pid
  for pid in "${NL_CHECK_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  [ -n "$NL_RUN" ] && rm -f "$NL_ROOT/.runs/$NL_RUN"
  [ -n "$NL_TMP" ] && rm -rf "$NL_TMP"
  # Only a directory netlab staged (it carries the marker file) is removed.
  if [ -n "$NL_STAGE" ] && [ -f "$NL_STAGE/.netlab-stage" ]; then rm -rf "$NL_STAGE"; fi
}

nl_setup() {
  NL_STAGE=$1
  NL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/netlab-run.XXXXXX") || exit 3
  nl_traps
  if [ "$(id -u)" != 0 ]; then
    nl_emit end not-root
    exit 3
  fi
  mkdir -p "$NL_ROOT" || exit 3
}

# A process's start time (clock ticks since boot): with its PID it names one process,
# even after the PID is reused.
nl_started() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  set -- $stat
  printf '%s' "${20}"
}

# The host names each run with a token, so that `netlab down` can stop this very
# process, also while it still waits for the lock and has no journal yet.
nl_register_run() {
  NL_RUN=$1
  mkdir -p "$NL_ROOT/.runs" && printf '%s %s\n' "$$" "$(nl_started $$)" >"$NL_ROOT/.runs/$NL_RUN"
}

# Stop a netlab run named by "PID STARTTIME" (from the token file or the lab's meta), if
# it is still that process; wait for it, bounded.
nl_stop_run() {
  local pid=$1 started=$2 tries=0
  [ -n "$pid" ] && [ "$pid" != "$$" ] || return 0
  [ -n "$started" ] && [ "$(nl_started "$pid")" = "$started" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 100 ]; do
    sleep 0.05
    tries=$((tries + 1))
  done
  nl_emit down stopped "$pid"
}

# One netlab run at a time changes a guest: that keeps the check for name collisions
# and the journals consistent. Other runs wait, for a bounded time.
nl_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9<"$NL_ROOT"
  if ! flock -n 9; then
    nl_emit waiting lock
    # In the background, so that Ctrl-C or netlab down is acted on while waiting; the
    # lock stays with the descriptor this shell shares with flock.
    flock -w "${1:-120}" 9 &
    wait "$!" || { nl_emit end busy; exit 3; }
  fi
}

nl_package_for() {
  local manager=apt
  if command -v apt-get >/dev/null 2>&1; then manager=apt
  elif command -v dnf >/dev/null 2>&1; then manager=dnf
  elif command -v yum >/dev/null 2>&1; then manager=yum
  elif command -v apk >/dev/null 2>&1; then manager=apk
  elif command -v pacman >/dev/null 2>&1; then manager=pacman
  elif command -v zypper >/dev/null 2>&1; then manager=zypper
  fi
  local package
  case "$manager:$1" in
    apt:ip|apk:ip|pacman:ip|zypper:ip) package=iproute2 ;;
    dnf:ip|yum:ip) package=iproute ;;
    apt:ping) package=iputils-ping ;;
    *:ping) package=iputils ;;
    apt:sysctl|apk:sysctl|zypper:sysctl) package=procps ;;
    *:sysctl) package=procps-ng ;;
    *:flock|*:mktemp) package=util-linux ;;
    *) package=coreutils ;;
  esac
  printf '%s\t%s' "$manager" "$package"
}

# Everything the lab needs, all reported at once, before anything is changed.
nl_preflight() {
  local need_ipv6=$1 cmd missing=0
  shift
  for cmd in "$@"; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
      nl_emit preflight missing "$cmd" "$(nl_package_for "$cmd")"
      missing=1
    fi
  done
  if [ ! -e /proc/self/ns/net ]; then
    nl_emit preflight kernel netns
    missing=1
  elif command -v ip >/dev/null 2>&1 && ! ip netns list >"$NL_TMP/out" 2>&1; then
    nl_emit preflight broken netns "$(nl_b64 "$NL_TMP/out")"
    missing=1
  fi
  if [ "$need_ipv6" = 1 ] && [ ! -d /proc/sys/net/ipv6 ]; then
    nl_emit preflight kernel ipv6
    missing=1
  fi
  if [ "$missing" = 1 ]; then
    nl_emit end preflight
    exit 3
  fi
  nl_emit preflight ok
}

# Which lab's journal names this namespace, if any.
nl_owner() {
  local journal
  for journal in "$NL_ROOT"/*/journal; do
    [ -f "$journal" ] || continue
    if grep -qxF "netns $1" "$journal"; then
      basename "$(dirname "$journal")"
      return 0
    fi
  done
  return 1
}

# Remove what an earlier run of this lab left, then refuse to touch any name that
# exists but is not ours: netlab never deletes what it did not create.
nl_claim() {
  local lab=$1 ns owner conflict=0
  shift
  NL_LAB=$lab
  NL_DIR=$NL_ROOT/$lab
  if [ -f "$NL_DIR/journal" ]; then
    nl_emit leftover begin
    nl_teardown leftover || { nl_emit end teardown; exit 3; }
  fi
  rm -rf "$NL_DIR"
  for ns in "$@"; do
    [ -e "$NL_NETNS_DIR/$ns" ] || continue
    owner=$(nl_owner "$ns")
    nl_emit conflict "$ns" "$owner"
    conflict=1
  done
  if [ "$conflict" = 1 ]; then
    nl_emit end conflict
    exit 3
  fi
  mkdir -p "$NL_DIR" && : >"$NL_DIR/journal" || exit 3
  NL_CLAIMED=1
  cp "$NL_STAGE"/scenario.yaml "$NL_STAGE"/lab.sh "$NL_DIR"/ 2>/dev/null
  nl_meta applying "$@"
}

nl_meta() {
  local state=$1
  shift
  {
    printf 'lab=%s\n' "$NL_LAB"
    printf 'state=%s\n' "$state"
    printf 'started=%s\n' "${NL_STARTED:=$(date -u +%Y-%m-%dT%H:%M:%SZ)}"
    printf 'pid=%s\n' "$$"
    printf 'pidstart=%s\n' "$(nl_started $$)"
    printf 'namespaces=%s\n' "${NL_NAMESPACES:=$*}"
  } >"$NL_DIR/meta.tmp" && mv "$NL_DIR/meta.tmp" "$NL_DIR/meta"
}

nl_fail() {
  local id=$1 rc=$2
  nl_emit step "$id" fail "$rc" "$(nl_b64 "$NL_TMP/out")"
  nl_abort
}

nl_step() {
  local id=$1
  shift
  nl_emit step "$id" start
  if "$@" >"$NL_TMP/out" 2>&1; then
    nl_emit step "$id" ok "$(nl_b64 "$NL_TMP/out")"
  else
    nl_fail "$id" "$?"
  fi
}

nl_netns() {
  local id=$1 ns=$2
  nl_emit step "$id" start
  if ip netns add "$ns" >"$NL_TMP/out" 2>&1; then
    printf 'netns %s\n' "$ns" >>"$NL_DIR/journal"
    nl_emit step "$id" ok ""
  else
    nl_fail "$id" "$?"
  fi
}

# A link's IPv6 set-up ends a moment after it comes up (the kernel adds its multicast
# route then); neighbour discovery before that is dropped. Wait for it, bounded.
nl_settle_ipv6() {
  local id=$1 spec ns dev pending tries=0
  shift
  nl_emit step "$id" start
  while :; do
    pending=
    for spec in "$@"; do
      ns=${spec%%:*}
      dev=${spec#*:}
      if [ -z "$(ip -n "$ns" -6 route show table local type multicast dev "$dev" 2>/dev/null)" ]; then
        pending="$pending $spec"
      fi
    done
    [ -z "$pending" ] && break
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      printf 'IPv6 not ready after 3 s on:%s\n' "$pending" >"$NL_TMP/out"
      nl_emit step "$id" ok "$(nl_b64 "$NL_TMP/out")"
      return 0
    fi
    sleep 0.05
  done
  nl_emit step "$id" ok ""
}

nl_check_run() {
  local id=$1 attempts=$2 n=0 rc
  shift 2
  while :; do
    n=$((n + 1))
    "$@" >"$NL_TMP/check-$id" 2>&1
    rc=$?
    if [ "$rc" = 0 ] || [ "$n" -ge "$attempts" ]; then break; fi
    sleep 0.2
  done
  printf '%s %s\n' "$rc" "$n" >"$NL_TMP/check-$id.rc"
}

# Checks run in parallel; their results are reported in order as each one ends.
nl_check() {
  local id=$1
  nl_emit check "$id" start
  nl_check_run "$@" 9>&- &
  NL_CHECK_IDS+=("$id")
  NL_CHECK_PIDS+=("$!")
}

nl_checks_wait() {
  local i id rc attempts
  for i in "${!NL_CHECK_IDS[@]}"; do
    id=${NL_CHECK_IDS[$i]}
    wait "${NL_CHECK_PIDS[$i]}"
    read -r rc attempts <"$NL_TMP/check-$id.rc"
    nl_emit check "$id" done "$rc" "$attempts" "$(nl_b64 "$NL_TMP/check-$id")"
  done
  NL_CHECK_IDS=()
  NL_CHECK_PIDS=()
}

# What the guest reports about one node: addresses, routes of both families, and the
# sysctls netlab set, each as the tools print them.
nl_collect() {
  local node=$1 ns=$2
  shift 2
  [ -e "$NL_NETNS_DIR/$ns" ] || return 0
  ip -n "$ns" -j address show >"$NL_TMP/out" 2>&1
  nl_emit collect "$node" address "$(nl_b64 "$NL_TMP/out")"
  ip -n "$ns" -j -4 route show >"$NL_TMP/out" 2>&1
  nl_emit collect "$node" route4 "$(nl_b64 "$NL_TMP/out")"
  ip -n "$ns" -j -6 route show >"$NL_TMP/out" 2>&1
  nl_emit collect "$node" route6 "$(nl_b64 "$NL_TMP/out")"
  ip netns exec "$ns" sysctl "$@" >"$NL_TMP/out" 2>&1
  nl_emit collect "$node" sysctl "$(nl_b64 "$NL_TMP/out")"
}

nl_teardown() {
  local why=${1:-teardown} kind name failed=0 lines line
  [ -f "$NL_DIR/journal" ] || return 0
  mapfile -t lines < <(tac "$NL_DIR/journal")
  for line in "${lines[@]}"; do
    kind=${line%% *}
    name=${line#* }
    [ "$kind" = netns ] || continue
    if [ ! -e "$NL_NETNS_DIR/$name" ]; then
      nl_emit "$why" netns "$name" gone
    elif ip netns delete "$name" >"$NL_TMP/out" 2>&1; then
      nl_emit "$why" netns "$name" ok
    else
      nl_emit "$why" netns "$name" fail "$(nl_b64 "$NL_TMP/out")"
      failed=1
    fi
  done
  [ "$failed" = 0 ] || return 1
  rm -rf "$NL_DIR"
}

# After the checks, or after a failed step: report what the guest has, then leave the
# lab up (--keep) or remove it.
nl_conclude() {
  local state=$1 end=$2
  declare -F lab_collect >/dev/null && lab_collect
  if [ "$NL_KEEP" = 1 ]; then
    nl_meta "$state"
    nl_emit kept "$NL_LAB"
  else
    nl_emit phase teardown
    nl_teardown || { nl_emit end teardown; exit 3; }
  fi
  nl_emit end "$end"
}

nl_abort() {
  nl_conclude failed failed
  exit 3
}

nl_finish() {
  nl_conclude up ok
}

# netlab down LAB [RUN]: stop the run named RUN, or the lab's run if it is still
# building, then remove what the lab's journal names.
nl_cmd_down() {
  local lab=$1 run=${2:-} pid started
  NL_LAB=$lab
  NL_DIR=$NL_ROOT/$lab
  if [ -n "$run" ] && [ -f "$NL_ROOT/.runs/$run" ]; then
    read -r pid started <"$NL_ROOT/.runs/$run"
    nl_stop_run "$pid" "$started"
  fi
  if [ ! -d "$NL_DIR" ]; then
    nl_emit down absent
    nl_emit end ok
    return 0
  fi
  if grep -qx 'state=applying' "$NL_DIR/meta" 2>/dev/null; then
    nl_stop_run "$(sed -n 's/^pid=//p' "$NL_DIR/meta")" "$(sed -n 's/^pidstart=//p' "$NL_DIR/meta")"
  fi
  nl_lock 30
  nl_emit phase teardown
  nl_teardown || { nl_emit end teardown; exit 3; }
  nl_emit end ok
}

# netlab status: every lab whose journal is in this guest, with its meta data.
nl_cmd_status() {
  local dir
  for dir in "$NL_ROOT"/*/; do
    [ -f "$dir/meta" ] || continue
    nl_emit lab "$(nl_b64 "$dir/meta")"
  done
  nl_emit end ok
}

# netlab exec LAB NODE [CMD...]: a command inside a node of a lab that is up.
nl_cmd_exec() {
  local lab=$1 ns=$2
  shift 2
  if [ ! -f "$NL_ROOT/$lab/journal" ] || ! grep -qxF "netns $ns" "$NL_ROOT/$lab/journal"; then
    nl_emit end not-up
    exit 3
  fi
  nl_on_exit
  trap - EXIT
  if [ "$#" = 0 ]; then set -- bash -l; fi
  exec ip netns exec "$ns" "$@"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  nl_setup "$(cd "$(dirname "$0")" && pwd)"
  command=$1
  shift
  case "$command" in
    down) nl_cmd_down "$@" ;;
    status) nl_cmd_status ;;
    exec) nl_cmd_exec "$@" ;;
    *) nl_emit end usage; exit 2 ;;
  esac
fi

#!/usr/bin/env bash
# netlab's guest set-up, run by Vagrant as root (vagrant up, vagrant provision).
# Installs what netlab's labs and checks use; on Ubuntu and Debian. Safe to run again:
# what is installed already is left alone, and nothing is fetched when nothing is missing.
set -euo pipefail

# command netlab runs  ->  the package that has it
packages=(
  iproute2       # ip: namespaces, veth, addresses, routes
  iputils-ping   # ping: the checks
  procps         # sysctl: forwarding, per-namespace settings
  coreutils      # base64, tac, mktemp: the guest script's markers and journal
  util-linux     # flock: one netlab run at a time
  tcpdump        # for the learner: watch a veth
  traceroute     # for the learner: see the hops
)

log() { printf 'netlab provision: %s\n' "$*"; }

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  log "this guest has no apt; provision/guest.sh knows Ubuntu and Debian only." >&2
  log "install these yourself: ${packages[*]}" >&2
  exit 1
fi

installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]
}

missing=()
for package in "${packages[@]}"; do
  installed "$package" || missing+=("$package")
done

if [ "${#missing[@]}" -eq 0 ]; then
  log "all present: ${packages[*]}"
else
  export DEBIAN_FRONTEND=noninteractive
  # A fresh Ubuntu VM runs its own apt jobs at first boot; wait for their lock, bounded.
  apt=(apt-get -q -y -o DPkg::Lock::Timeout=300)
  updated=0
  for attempt in 1 2 3; do
    if "${apt[@]}" update; then
      updated=1
      break
    fi
    log "apt-get update failed (attempt $attempt of 3)"
    sleep $((attempt * 5))
  done
  if [ "$updated" != 1 ]; then
    log "cannot reach the package mirror; the VM needs the internet once to install:" >&2
    log "${missing[*]}" >&2
    exit 1
  fi
  log "installing: ${missing[*]}"
  "${apt[@]}" install --no-install-recommends "${missing[@]}"
fi

# Namespaces are made under /run/netns by `ip netns add`; check the kernel allows them.
if [ ! -e /proc/self/ns/net ]; then
  log "this kernel has no network namespaces (CONFIG_NET_NS); netlab cannot run labs here" >&2
  exit 1
fi
log "ready: $(ip -V 2>&1 | head -n1)"

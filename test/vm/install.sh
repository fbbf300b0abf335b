#!/usr/bin/env bash
# Installs what the real-VM test needs, from Debian's packages, when it is missing.
# --no-install-recommends keeps out libvirt's system daemon and its default network
# (a 192.168.122.0/24 bridge), which must not exist on these machines.
#
#   test/vm/install.sh          install what is missing (needs root and apt-get)
#   test/vm/install.sh --check  exit 0 when everything is there, else print what is not
set -euo pipefail

packages=(
  vagrant vagrant-libvirt libvirt-daemon libvirt-clients libvirt-daemon-driver-qemu
  qemu-system-x86 qemu-utils debootstrap e2fsprogs util-linux iproute2 openssh-client
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$package")
done

if [ "${1:-}" = --check ]; then
  [ "${#missing[@]}" -eq 0 ] && exit 0
  echo "missing Debian packages: ${missing[*]}"
  exit 1
fi
[ "${#missing[@]}" -eq 0 ] && exit 0

[ "$(id -u)" = 0 ] || { echo "install.sh: needs root to install ${missing[*]}" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "install.sh: no apt-get here to install ${missing[*]}" >&2; exit 1; }
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Builds netlab's test box: a small Debian bookworm guest for vagrant-libvirt, made from
# Debian's packages on this machine (the box netlab's Vagrantfile normally downloads is
# not reachable here). Built once and cached in two layers: the guest's disk, kernel and
# initrd under .cache/vm/image-KEY/ (KEY hashes this script), and the box file under
# .cache/vm/box-KEY/ (KEY hashes this script and test/vm/box/Vagrantfile). A change to
# the script rebuilds both; a change to the box's Vagrantfile only repacks the box.
#
#   test/vm/build-box.sh            build if needed; the last line on stdout is the box file
#   NETLAB_VM_MIRROR=URL            Debian mirror (default: the one apt uses here)
#
# Needs root (debootstrap, chroot) and: debootstrap, mke2fs (e2fsprogs), qemu-img.
# Progress and timings go to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache="$repo/.cache/vm"
suite=bookworm
# The guest runs netlab's labs, and provision/guest.sh must find all it installs already
# there: the guest has no route to a mirror.
packages=(
  linux-image-amd64 openssh-server iproute2 iputils-ping systemd-sysv sudo udev kmod
  qemu-guest-agent procps tcpdump traceroute dbus
)
# The guest's filesystem size in GiB (metadata.json's virtual_size).
disk_gib=2

started=$(date +%s)
log() { printf '[build-box %4ss] %s\n' "$(($(date +%s) - started))" "$*" >&2; }
die() { printf 'build-box: %s\n' "$*" >&2; exit 1; }

image_key=$(sha256sum <"${BASH_SOURCE[0]}" | cut -c1-16)
key=$(cat "${BASH_SOURCE[0]}" "$here/box/Vagrantfile" | sha256sum | cut -c1-16)
image="$cache/image-$image_key"
out="$cache/box-$key"
box="$out/netlab-test.box"

if [ -f "$out/done" ]; then
  log "cached: $box"
  echo "$box"
  exit 0
fi

# pack_box: the box file from the cached image and the box's Vagrantfile.
pack_box() {
  local tmp="$cache/box-$key.tmp"
  rm -rf "$tmp" "$out"
  mkdir -p "$tmp"
  cp "$here/box/Vagrantfile" "$tmp/Vagrantfile"
  tar -cf "$tmp/netlab-test.box" -C "$image" metadata.json box.img vmlinuz initrd.img \
    -C "$tmp" Vagrantfile
  chmod 644 "$tmp/netlab-test.box"
  echo "packed $(date -u +%FT%TZ) from image-$image_key" >"$tmp/done"
  mv "$tmp" "$out"
  # Boxes and images of other versions of this script or Vagrantfile are ours to drop.
  find "$cache" -mindepth 1 -maxdepth 1 \( \( -name 'box-*' ! -name "box-$key" \) \
    -o \( -name 'image-*' ! -name "image-$image_key" \) \) -exec rm -rf {} + 2>/dev/null || true
}

[ "$(id -u)" = 0 ] || die "building the box needs root (debootstrap); run as root once, then it is cached"
for tool in debootstrap mke2fs qemu-img unshare chroot tar; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install debootstrap e2fsprogs qemu-utils)"
done

# The mirror apt is set up with here, unless told otherwise.
apt_mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' \
    | grep -v security | head -n1 || true)
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi
  echo "$uri"
}
mirror=${NETLAB_VM_MIRROR:-$(apt_mirror)}
[ -n "$mirror" ] || die "no Debian mirror found in apt's sources; set NETLAB_VM_MIRROR"

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
if [ -f "$out/done" ]; then
  log "built by another run meanwhile: $box"
  echo "$box"
  exit 0
fi
if [ -f "$image/done" ]; then
  pack_box
  log "image cached; box repacked in $(($(date +%s) - started))s: $box"
  echo "$box"
  exit 0
fi

work="$cache/build-$image_key.tmp"
rm -rf "$work"
mkdir -p "$work" "$cache/debs"
root="$work/rootfs"

# debootstrap and the chroot steps mount /proc and /sys inside the target: a private
# mount namespace makes sure nothing stays mounted when they end, even on failure.
in_chroot() {
  unshare --mount --propagation private -- sh -ec '
    root=$1; shift
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
      DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"
  ' in_chroot "$root" "$@"
}

log "debootstrap $suite (minbase + ${packages[*]})"
t0=$(date +%s)
include=$(IFS=,; echo "${packages[*]}")
unshare --mount --propagation private -- \
  debootstrap --variant=minbase --include="$include" --cache-dir="$cache/debs" \
  "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
log "debootstrap done in $(($(date +%s) - t0))s ($(du -sh "$root" | cut -f1))"

log "configuring the guest"
echo netlab-test >"$root/etc/hostname"
cat >"$root/etc/hosts" <<'EOF'
127.0.0.1 localhost
127.0.1.1 netlab-test
::1 localhost ip6-localhost ip6-loopback
EOF
echo '/dev/vda / ext4 rw,errors=remount-ro 0 0' >"$root/etc/fstab"
# No nameserver: the guest has no route to one, and lookups should fail at once.
: >"$root/etc/resolv.conf"

# DHCP from QEMU's user-mode network on the NIC at PCI slot 0x10 only; the other NIC
# (vagrant-libvirt's UDP tunnel to nowhere) stays unconfigured.
mkdir -p "$root/etc/systemd/network"
cat >"$root/etc/systemd/network/10-netlab-user.network" <<'EOF'
[Match]
Path=pci-0000:00:10.0

[Network]
DHCP=ipv4
LinkLocalAddressing=no
IPv6AcceptRA=no
EOF
in_chroot systemctl enable systemd-networkd.service >/dev/null 2>&1
in_chroot systemctl mask systemd-networkd-wait-online.service apt-daily.timer \
  apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer >/dev/null 2>&1 || true

mkdir -p "$root/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\n' >"$root/etc/systemd/journald.conf.d/netlab.conf"

# The vagrant user: Vagrant's well-known insecure key (Vagrant swaps it for a key of
# its own on the first `vagrant up`), and sudo without a password.
insecure_pub=$(find /usr/share/rubygems-integration /usr/lib/ruby /opt/vagrant -path '*vagrant-*/keys/vagrant.pub' \
  2>/dev/null | head -n1 || true)
[ -n "$insecure_pub" ] || die "Vagrant's insecure public key (keys/vagrant.pub) was not found; is vagrant installed?"
in_chroot useradd --create-home --shell /bin/bash --user-group vagrant
in_chroot usermod -p '*' vagrant
install -d -m 700 "$root/home/vagrant/.ssh"
install -m 600 "$insecure_pub" "$root/home/vagrant/.ssh/authorized_keys"
in_chroot chown -R vagrant:vagrant /home/vagrant/.ssh
echo 'vagrant ALL=(ALL) NOPASSWD: ALL' >"$root/etc/sudoers.d/vagrant"
chmod 440 "$root/etc/sudoers.d/vagrant"
printf 'UseDNS no\nPasswordAuthentication no\n' >"$root/etc/ssh/sshd_config.d/netlab.conf"

# A small initramfs: only what finding a virtio root disk needs.
cat >"$root/etc/initramfs-tools/conf.d/netlab.conf" <<'EOF'
MODULES=list
EOF
printf '%s\n' virtio_pci virtio_blk virtio_net ext4 >>"$root/etc/initramfs-tools/modules"
in_chroot update-initramfs -u -k all >"$work/initramfs.log" 2>&1 \
  || { cat "$work/initramfs.log" >&2; die "update-initramfs failed"; }

# Room matters more than completeness: no docs, no package lists, no stale machine id.
in_chroot apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/info/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old
find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} +
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"

kernel=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n1)
initrd=$(ls "$root"/boot/initrd.img-* | sort -V | tail -n1)
mkdir -p "$work/box"
cp "$kernel" "$work/box/vmlinuz"
cp "$initrd" "$work/box/initrd.img"
log "guest configured ($(du -sh "$root" | cut -f1); kernel $(basename "$kernel"), initrd $(du -h "$initrd" | cut -f1))"

log "disk image"
t0=$(date +%s)
truncate -s "${disk_gib}G" "$work/root.raw"
mke2fs -q -t ext4 -L root -m 0 -d "$root" "$work/root.raw" >"$work/mke2fs.log" 2>&1 \
  || { cat "$work/mke2fs.log" >&2; die "mke2fs failed"; }
qemu-img convert -O qcow2 "$work/root.raw" "$work/box/box.img"
rm -f "$work/root.raw"
log "disk done in $(($(date +%s) - t0))s (qcow2 $(du -h "$work/box/box.img" | cut -f1))"

printf '{"provider":"libvirt","format":"qcow2","virtual_size":%s}\n' "$disk_gib" >"$work/box/metadata.json"
echo "built $(date -u +%FT%TZ) in $(($(date +%s) - started))s" >"$work/box/done"
rm -rf "$image"
mv "$work/box" "$image"
rm -rf "$work"
pack_box
log "box built in $(($(date +%s) - started))s: $box ($(du -h "$box" | cut -f1))"
echo "$box"

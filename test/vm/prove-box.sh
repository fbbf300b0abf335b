#!/usr/bin/env bash
# Proves the test box with the real Vagrant alone (no netlab): box add, up, ssh-config,
# a namespace made with sudo in the guest, status, halt, destroy, from a scratch project
# with a minimal Vagrantfile. Records the real CLI's outputs to test/vm/recorded/ and
# prints timings and the peak memory of the run's processes.
#
#   test/vm/prove-box.sh [--project] [--no-record]
#     --project    use the project's Vagrantfile and provision/ instead of a minimal
#                  Vagrantfile, and also run `netlab run router-lab same-segment` in the
#                  guest through --target ssh:// (the Vagrant target is not needed for it)
#     --no-record  do not copy the outputs to test/vm/recorded/
# Needs root (it creates the test user; see env.sh), vagrant, vagrant-libvirt, libvirt, qemu.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
record=1
project=0
for arg in "$@"; do
  case $arg in
    --no-record) record=0 ;;
    --project) project=1 ;;
    *) echo "prove-box: unknown option $arg" >&2; exit 2 ;;
  esac
done
recorded="$here/recorded"
logs="$repo/.cache/vm/logs/prove-box"
# shellcheck source=env.sh
. "$here/env.sh"

t_start=$(date +%s)
box=$("$here/build-box.sh" | tail -n1)
t_box=$(($(date +%s) - t_start))

cleanup() {
  local rc=$?
  set +e
  if [ -n "$VM_DIR" ]; then
    (cd "$VM_DIR/project" 2>/dev/null && as_user timeout 300 vagrant destroy -f >/dev/null 2>&1) || true
    vm_env_teardown "$logs"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$logs"
mkdir -p "$logs"
vm_env_setup

vm_start_sampler

cd "$VM_DIR/project"
if [ "$project" = 1 ]; then
  cp -r "$repo/Vagrantfile" "$repo/provision" .
else
  cat >Vagrantfile <<'EOF'
Vagrant.configure("2") do |config|
  config.vm.box = ENV.fetch("NETLAB_VM_BOX")
end
EOF
fi
chown -R "$VM_USER:$VM_USER" .

step() {
  local name=$1; shift
  local t0 rc
  t0=$(date +%s.%N)
  set +e
  "$@"
  rc=$?
  set -e
  printf '%-28s %6.1fs  exit %s\n' "$name" "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')" "$rc" | tee -a "$logs/timings.txt" >&2
  return "$rc"
}
save() { # save NAME: stdin to the log folder (and to recorded/ when recording)
  tee "$logs/$1"
}

as_user vagrant --version | save vagrant-version.txt
step 'vagrant box add' as_user vagrant box add --name "$VM_BOX_NAME" "$box" >"$logs/box-add.log" 2>&1
as_user vagrant box list --machine-readable | save box-list.machine-readable.txt >/dev/null
as_user vagrant status --machine-readable | save status-not-created.machine-readable.txt >/dev/null
step 'vagrant up' as_user timeout 1200 vagrant up --machine-readable | save up.machine-readable.txt \
  | { grep -E ',ui,(info|output|error),|,error-exit,' | cut -d, -f4- >&2 || true; }
as_user vagrant ssh-config | save ssh-config.txt
as_user vagrant ssh-config --machine-readable | save ssh-config.machine-readable.txt >/dev/null
as_user vagrant status --machine-readable | save status-running.machine-readable.txt >/dev/null

# The guest does what netlab needs: a namespace made and removed with sudo, over plain
# ssh from the ssh-config Vagrant printed, and through vagrant ssh.
step 'ssh: ip netns add/del' as_user ssh -F "$logs/ssh-config.txt" default \
  'sudo ip netns add t1 && sudo ip netns list && sudo ip netns del t1 && echo netns-ok' \
  | save ssh-netns.txt
grep -q netns-ok "$logs/ssh-netns.txt"
step 'vagrant ssh -c uname' as_user vagrant ssh -c 'uname -a; cat /etc/debian_version; ip -br addr' \
  | save vagrant-ssh-c.txt

if [ "$project" = 1 ]; then
  (cd "$repo" && npm run --silent build >"$logs/npm-build.log" 2>&1)
  port=$(awk '$1 == "Port" {print $2}' "$logs/ssh-config.txt")
  key=$(awk '$1 == "IdentityFile" {print $2}' "$logs/ssh-config.txt")
  for lab in router-lab same-segment; do
    step "netlab run $lab (ssh)" as_user timeout 600 node "$repo/bin/netlab.js" run "$lab" \
      --target "ssh://vagrant@127.0.0.1:$port" -i "$key" --accept-new-host-key \
      --known-hosts "$VM_DIR/project/known_hosts" --reporter text,json | save "netlab-run-$lab.txt" >&2
  done
  cp -r "$VM_DIR/project/.netlab" "$logs/netlab" 2>/dev/null || true
fi

step 'vagrant halt' as_user timeout 300 vagrant halt --machine-readable | save halt.machine-readable.txt >/dev/null
as_user vagrant status --machine-readable | save status-shutoff.machine-readable.txt >/dev/null
as_user vagrant ssh-config --machine-readable 2>&1 | save ssh-config-not-running.machine-readable.txt \
  >/dev/null || true
step 'vagrant destroy -f' as_user timeout 300 vagrant destroy -f --machine-readable \
  | save destroy.machine-readable.txt >/dev/null
as_user vagrant status --machine-readable | save status-destroyed.machine-readable.txt >/dev/null

peak=$(vm_peak_mib)
vm_stop_sampler
printf '%-28s %6ss\n' 'box build (this run)' "$t_box" | tee -a "$logs/timings.txt" >&2
printf '%-28s %6s MiB\n' 'peak RSS (user processes)' "$peak" | tee -a "$logs/timings.txt" >&2

if [ "$record" = 1 ]; then
  mkdir -p "$recorded"
  for f in vagrant-version.txt box-list.machine-readable.txt status-not-created.machine-readable.txt \
    up.machine-readable.txt ssh-config.txt ssh-config.machine-readable.txt \
    status-running.machine-readable.txt halt.machine-readable.txt status-shutoff.machine-readable.txt \
    ssh-config-not-running.machine-readable.txt destroy.machine-readable.txt \
    status-destroyed.machine-readable.txt; do
    cp "$logs/$f" "$recorded/$f"
  done
  echo "recorded to $recorded" >&2
fi
echo "prove-box: all steps passed in $(($(date +%s) - t_start))s" >&2

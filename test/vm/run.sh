#!/usr/bin/env bash
# netlab against a real VM (npm run test:vm): installs what is missing, builds the test
# box once (cached under .cache/vm/), adds it under a test name in a VAGRANT_HOME of the
# run's own, boots nothing itself, and runs test/vm/real-vm.test.ts, which drives
# `netlab doctor`, `netlab vm up`, `netlab run router-lab`, ... from a clean project folder
# with the real vagrant. Whatever happens, everything the run started is stopped by its
# PID and the run's user, folder, pool and domain are removed.
#
# When this machine cannot run a VM (not Linux on x86_64, not root, packages missing and
# not installable), the suite is reported as skipped with the reason, never as passed;
# with NETLAB_REQUIRE_REAL=1 (CI) that skip is a failure.
#
#   NETLAB_VM_REPORT_DIR  where the JUnit report, netlab's reports, logs and timings go
#                         (default: out/test-vm)
#   NETLAB_VM_INSTALL=0   never install packages; skip when they are missing
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
report=${NETLAB_VM_REPORT_DIR:-$repo/out/test-vm}
t_start=$(date +%s)
# shellcheck source=env.sh
. "$here/env.sh"

skip_reason=
preflight() {
  if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
    skip_reason="needs Linux on x86_64 (this is $(uname -s) $(uname -m))"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    skip_reason="needs root (to build the box and create the test's own user)"
    return
  fi
  if ! "$here/install.sh" --check >/dev/null; then
    if [ "${NETLAB_VM_INSTALL:-1}" = 0 ]; then
      skip_reason="$("$here/install.sh" --check), and NETLAB_VM_INSTALL=0"
      return
    fi
    if ! "$here/install.sh" >"$report/install.log" 2>&1; then
      skip_reason="$("$here/install.sh" --check) and could not be installed: $(tail -n 3 "$report/install.log" | tr '\n' ' ')"
      return
    fi
  fi
  local tool
  for tool in vagrant virsh libvirtd qemu-system-x86_64 qemu-img debootstrap setpriv useradd; do
    command -v "$tool" >/dev/null || { skip_reason="$tool is missing"; return; }
  done
}

# vitest runs in the background and is waited for, so that a TERM or INT to this script
# is handled at once (bash runs traps only between foreground commands).
vitest_pid=
run_vitest() {
  local rc=0
  (cd "$repo" && export NETLAB_VM_REPORT_DIR="$report" \
    && exec node_modules/.bin/vitest run --configLoader runner --config test/vm/vitest.config.ts) &
  vitest_pid=$!
  wait "$vitest_pid" || rc=$?
  vitest_pid=
  return "$rc"
}

# "N passed, N failed, N skipped" from the JUnit report, as the closing line.
summarize() {
  node -e '
    const xml = require("fs").readFileSync(process.argv[1], "utf8");
    const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
    const failed = cases.filter((c) => /<failure|<error/.test(c)).length;
    const skipped = cases.filter((c) => /<skipped/.test(c)).length;
    console.log(`test:vm: ${cases.length - failed - skipped} passed, ${failed} failed, ${skipped} skipped`);
  ' "$report/junit.xml" 2>/dev/null || echo "test:vm: no JUnit report (vitest did not run)"
}

rm -rf "$report"
mkdir -p "$report/logs"
preflight
if [ -n "$skip_reason" ]; then
  echo "test:vm: skipped: $skip_reason" >&2
  rc=0
  NETLAB_VM_SKIP_REASON=$skip_reason run_vitest || rc=$?
  summarize
  exit "$rc"
fi

cleanup() {
  local rc=$?
  set +e
  if [ -n "$vitest_pid" ]; then
    echo "test:vm: interrupted; stopping vitest (PID $vitest_pid)" >&2
    vm_stop_tree "$vitest_pid" vitest
  fi
  if [ -n "$VM_DIR" ]; then
    # A VM the suite left behind (a failed step) goes before libvirtd does.
    if [ -d "$VM_DIR/project/.vagrant" ]; then
      (cd "$VM_DIR/project" && as_user timeout 300 vagrant destroy -f >"$report/logs/cleanup-destroy.log" 2>&1)
    fi
    echo "peak RSS of the run's processes: $(vm_peak_mib) MiB" >>"$report/timings.txt"
    vm_env_teardown "$report/logs"
  fi
  echo "total: $(($(date +%s) - t_start))s" >>"$report/timings.txt"
  cat "$report/timings.txt" >&2
  summarize
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$(date +%s)
box=$("$here/build-box.sh" | tail -n1)
echo "box build: $(($(date +%s) - t0))s ($(cat "$(dirname "$box")/done"))" >>"$report/timings.txt"

(cd "$repo" && npm run --silent build >"$report/logs/build.log" 2>&1) \
  || { cat "$report/logs/build.log" >&2; echo "test:vm: npm run build failed" >&2; exit 1; }

vm_env_setup
vm_start_sampler

t0=$(date +%s)
(cd "$VM_DIR" && as_user vagrant box add --name "$VM_BOX_NAME" "$box" >"$report/logs/box-add.log" 2>&1)
echo "vagrant box add: $(($(date +%s) - t0))s" >>"$report/timings.txt"

# The clean project folder: what a user has in a fresh clone, the project's Vagrantfile
# and its provisioner, and nothing else (no .vagrant/, no .netlab/).
for item in Vagrantfile provision; do
  if [ -e "$repo/$item" ]; then cp -r "$repo/$item" "$VM_DIR/project/"; fi
done
chown -R "$VM_USER:$VM_USER" "$VM_DIR/project"

# What the suite needs to act as the run's user; values hold no newline.
{
  echo "NETLAB_VM_USER=$VM_USER"
  echo "NETLAB_VM_PROJECT=$VM_DIR/project"
  vm_user_env | tr '\0' '\n' | sed 's/^/ENV /'
} >"$report/logs/suite.env"

rc=0
NETLAB_VM_SUITE_ENV="$report/logs/suite.env" run_vitest || rc=$?
exit "$rc"

# Sourced by test/vm/run.sh and test/vm/prove-box.sh: the real-VM test's own world.
#
# libvirt's qemu:///session does not exist for root (a root client is sent to the system
# daemon's socket, and a libvirtd started as root is the privileged system daemon, with
# its network and firewall drivers). So the VM runs as a dedicated unprivileged user
# that this file creates and removes, with libvirt in session mode, exactly as measured
# in shared/docs/real-vm.md. Everything lives in one folder under /tmp, with short names
# because libvirt puts UNIX sockets under XDG_CONFIG_HOME (108 bytes at most):
#
#   $VM_DIR/home       the user's HOME (XDG_CACHE_HOME and XDG_DATA_HOME under it)
#   $VM_DIR/cfg        XDG_CONFIG_HOME (libvirt session config, and QEMU's sockets)
#   $VM_DIR/run        XDG_RUNTIME_DIR (libvirtd's socket)
#   $VM_DIR/vagrant.d  VAGRANT_HOME (the test box is added here)
#   $VM_DIR/pool       the libvirt storage pool (named after the folder)
#   $VM_DIR/project    the clean project folder
#
# Every process started here is recorded by PID in $VM_DIR/pids and stopped by PID.
# Needs root, setpriv and useradd.

VM_USER=netlab-vm
VM_GECOS='netlab real-VM test (test/vm)'
VM_DIR=
VM_LIBVIRTD_PID=
VM_CREATED_USER=0

vm_log() { printf '[vm %s] %s\n' "$(date +%T)" "$*" >&2; }

vm_free_tcp_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# An even UDP port whose pair (port, port+1) nothing on 127.0.0.1 uses.
vm_free_udp_pair() {
  local port attempt
  for attempt in $(seq 1 50); do
    port=$(( (RANDOM % 10000) * 2 + 40000 ))
    if ! ss -Hulna | awk '{print $4}' | grep -Eq ":($port|$((port + 1)))\$"; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

vm_create_user() {
  if getent passwd "$VM_USER" >/dev/null; then
    # A user of that name left by an earlier run of this file is ours; anyone else's is not.
    if [ "$(getent passwd "$VM_USER" | cut -d: -f5)" != "$VM_GECOS" ]; then
      vm_log "a user named $VM_USER exists and is not this test's; refusing to use it"
      return 1
    fi
    if [ -n "$(ps -o pid= -u "$VM_USER")" ]; then
      vm_log "user $VM_USER still has processes (another run?): $(ps -o pid=,comm= -u "$VM_USER" | tr '\n' ' ')"
      return 1
    fi
    usermod --home "$VM_DIR/home" "$VM_USER"
  else
    useradd --system --no-create-home --home-dir "$VM_DIR/home" --shell /bin/bash \
      --user-group --comment "$VM_GECOS" "$VM_USER"
  fi
  VM_CREATED_USER=1
}

# The environment every command of the user gets, and nothing else from ours.
vm_user_env() {
  local home="$VM_DIR/home"
  printf '%s\0' \
    "HOME=$home" "USER=$VM_USER" "LOGNAME=$VM_USER" "SHELL=/bin/bash" \
    "PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" "LANG=C.UTF-8" \
    "XDG_RUNTIME_DIR=$VM_DIR/run" "XDG_CONFIG_HOME=$VM_DIR/cfg" \
    "XDG_CACHE_HOME=$home/.cache" "XDG_DATA_HOME=$home/.local/share" \
    "VAGRANT_HOME=$VM_DIR/vagrant.d" "VAGRANT_DEFAULT_PROVIDER=libvirt" \
    "VAGRANT_CHECKPOINT_DISABLE=1" "VAGRANT_BOX_UPDATE_CHECK_DISABLE=1" \
    "LIBVIRT_DEFAULT_URI=qemu:///session" \
    "NETLAB_TEST_VM_DIR=$VM_DIR" "NETLAB_TEST_SSH_PORT=$VM_SSH_PORT" \
    "NETLAB_TEST_UDP_PORT=$VM_UDP_PORT" \
    "NETLAB_VM_BOX=$VM_BOX_NAME" "NETLAB_VM_PROVIDER=libvirt" \
    "NETLAB_VM_CPUS=2" "NETLAB_VM_MEMORY=1024"
}

# as_user CMD...: run CMD as the test user, in its environment, from the current folder.
as_user() {
  local -a env_list
  mapfile -d '' env_list < <(vm_user_env)
  setpriv --reuid="$VM_USER" --regid="$VM_USER" --init-groups \
    env -i "${env_list[@]}" "$@"
}

vm_env_setup() {
  VM_DIR=$(mktemp -d /tmp/nlvm.XXXXXX)
  chmod 755 "$VM_DIR"
  VM_SSH_PORT=$(vm_free_tcp_port)
  VM_UDP_PORT=$(vm_free_udp_pair)
  VM_BOX_NAME=${VM_BOX_NAME:-netlab-test/bookworm}
  : >"$VM_DIR/pids"
  vm_create_user || return 1
  mkdir -p "$VM_DIR/home" "$VM_DIR/cfg/libvirt" "$VM_DIR/run" "$VM_DIR/vagrant.d" "$VM_DIR/pool" \
    "$VM_DIR/project" "$VM_DIR/logs"
  chmod 700 "$VM_DIR/run"
  # QEMU's output to a file: no virtlogd for libvirtd to start.
  printf 'stdio_handler = "file"\n' >"$VM_DIR/cfg/libvirt/qemu.conf"
  chown -R "$VM_USER:$VM_USER" "$VM_DIR/home" "$VM_DIR/cfg" "$VM_DIR/run" "$VM_DIR/vagrant.d" "$VM_DIR/pool" \
    "$VM_DIR/project" "$VM_DIR/logs"
  vm_log "folder $VM_DIR, user $VM_USER, ssh 127.0.0.1:$VM_SSH_PORT, udp $VM_UDP_PORT-$((VM_UDP_PORT + 1))"

  # libvirtd in session mode, started here rather than auto-spawned, so its PID is known.
  (
    cd "$VM_DIR"
    mapfile -d '' env_list < <(vm_user_env)
    exec setpriv --reuid="$VM_USER" --regid="$VM_USER" --init-groups \
      env -i "${env_list[@]}" libvirtd >"$VM_DIR/logs/libvirtd.log" 2>&1
  ) &
  VM_LIBVIRTD_PID=$!
  echo "libvirtd $VM_LIBVIRTD_PID" >>"$VM_DIR/pids"
  local attempt
  for attempt in $(seq 1 100); do
    [ -S "$VM_DIR/run/libvirt/libvirt-sock" ] && break
    kill -0 "$VM_LIBVIRTD_PID" 2>/dev/null || { vm_log "libvirtd exited: $(cat "$VM_DIR/logs/libvirtd.log")"; return 1; }
    sleep 0.2
  done
  [ -S "$VM_DIR/run/libvirt/libvirt-sock" ] || { vm_log "libvirtd's socket did not appear in 20s"; return 1; }
  vm_log "libvirtd (session) running as PID $VM_LIBVIRTD_PID"
}

# The test user's processes, every 2 s until stopped (at most an hour): each new PID
# goes to $VM_DIR/pids (so the report can name what ran, qemu included), and the
# largest total RSS to $VM_DIR/logs/peak-rss-kib.
VM_SAMPLER_PID=
vm_start_sampler() {
  (
    peak=0
    for _ in $(seq 1 1800); do
      [ -f "$VM_DIR/logs/.stop-sampler" ] && break
      now=0
      while read -r pid rss comm; do
        [ -n "$pid" ] || continue
        now=$((now + rss))
        grep -q " $pid\$" "$VM_DIR/pids" || echo "$comm $pid" >>"$VM_DIR/pids"
      done < <(ps -o pid=,rss=,comm= -u "$VM_USER" 2>/dev/null)
      if [ "$now" -gt "$peak" ]; then
        peak=$now
        echo "$peak" >"$VM_DIR/logs/peak-rss-kib"
      fi
      sleep 2
    done
  ) &
  VM_SAMPLER_PID=$!
}

vm_stop_sampler() {
  [ -n "$VM_SAMPLER_PID" ] || return 0
  touch "$VM_DIR/logs/.stop-sampler"
  wait "$VM_SAMPLER_PID" 2>/dev/null || true
  VM_SAMPLER_PID=
}

# Peak total RSS of the user's processes so far, in MiB.
vm_peak_mib() {
  echo $(( $(cat "$VM_DIR/logs/peak-rss-kib" 2>/dev/null || echo 0) / 1024 ))
}

vm_stop_pid() {
  local pid=$1 what=$2 attempt
  kill -0 "$pid" 2>/dev/null || return 0
  vm_log "stopping $what (PID $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for attempt in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  vm_log "$what (PID $pid) ignored TERM for 20s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# PID and every process below it, deepest last in the list.
vm_process_tree() {
  local pid=$1 child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
    vm_process_tree "$child"
  done
}

# Stops PID and everything it started (each by its PID), e.g. vitest and its workers.
vm_stop_tree() {
  local pid=$1 what=$2 member
  local -a tree
  mapfile -t tree < <(vm_process_tree "$pid")
  for member in "${tree[@]}"; do
    kill -TERM "$member" 2>/dev/null || true
  done
  for member in "${tree[@]}"; do
    vm_stop_pid "$member" "$what (process tree of PID $pid)"
  done
}

# Removes what the run made, pass or fail: the domain, the pool, every process (by PID),
# the user and the folder. Copies the logs to $1 first when given.
vm_env_teardown() {
  local keep_logs=${1:-}
  [ -n "$VM_DIR" ] || return 0
  set +e
  vm_stop_sampler

  if [ -n "$VM_LIBVIRTD_PID" ] && kill -0 "$VM_LIBVIRTD_PID" 2>/dev/null; then
    local domain pool
    for domain in $(cd "$VM_DIR" && as_user virsh -q list --all --name 2>/dev/null); do
      vm_log "removing leftover domain $domain"
      (cd "$VM_DIR" && as_user virsh -q destroy "$domain" >/dev/null 2>&1)
      (cd "$VM_DIR" && as_user virsh -q undefine "$domain" --nvram >/dev/null 2>&1 \
        || as_user virsh -q undefine "$domain" >/dev/null 2>&1)
    done
    for pool in $(cd "$VM_DIR" && as_user virsh -q pool-list --all --name 2>/dev/null); do
      vm_log "removing storage pool $pool"
      (cd "$VM_DIR" && as_user virsh -q pool-destroy "$pool" >/dev/null 2>&1)
      (cd "$VM_DIR" && as_user virsh -q pool-undefine "$pool" >/dev/null 2>&1)
    done
  fi

  # QEMU (and anything else the session started) runs as the test user, which exists only
  # for this run: each of its processes is this run's, and is stopped by its PID.
  # A few rounds, bounded: a process being stopped may have started another meanwhile.
  local pid comm round
  for round in 1 2 3 4 5; do
    local found=0
    while read -r pid comm; do
      [ -n "$pid" ] || continue
      [ "$pid" = "$VM_LIBVIRTD_PID" ] && continue
      found=1
      echo "$comm $pid" >>"$VM_DIR/pids"
      vm_stop_pid "$pid" "$comm"
    done < <(ps -o pid=,comm= -u "$VM_USER" 2>/dev/null)
    [ "$found" = 0 ] && break
  done
  [ -n "$VM_LIBVIRTD_PID" ] && vm_stop_pid "$VM_LIBVIRTD_PID" libvirtd
  for round in 1 2 3 4 5; do
    local stray=0
    while read -r pid comm; do
      [ -n "$pid" ] || continue
      stray=1
      echo "$comm $pid" >>"$VM_DIR/pids"
      vm_stop_pid "$pid" "$comm"
    done < <(ps -o pid=,comm= -u "$VM_USER" 2>/dev/null)
    [ "$stray" = 0 ] && break
  done

  local left
  left=$(ps -o pid=,comm= -u "$VM_USER" 2>/dev/null)
  if [ -n "$left" ]; then
    vm_log "processes of $VM_USER still running: $left"
  else
    vm_log "no process of $VM_USER remains (seen: $(awk '{print $1"="$2}' "$VM_DIR/pids" | sort -u | tr '\n' ' '))"
  fi

  if [ -n "$keep_logs" ]; then
    mkdir -p "$keep_logs"
    cp -r "$VM_DIR/logs/." "$keep_logs/" 2>/dev/null
    cp "$VM_DIR/pids" "$keep_logs/" 2>/dev/null
    find "$VM_DIR/home/.cache/libvirt/qemu/log" -name '*.log' -exec cp {} "$keep_logs/" \; 2>/dev/null
  fi

  if [ "$VM_CREATED_USER" = 1 ] && [ -z "$left" ]; then
    userdel "$VM_USER" && vm_log "user $VM_USER removed"
  fi
  rm -rf "$VM_DIR"
  VM_DIR=
  set -e
}

#!/bin/bash
# Real engines driving ct with the systemd cgroup driver, where systemd is
# PID 1 on a unified cgroup v2 host (run by run-in-vm.sh after checks.sh, in
# the same `run-v2 --systemd` boot): podman with `--cgroup-manager systemd`
# running a container from a rootfs directory, and a private containerd
# whose runc-v2 shim runs ct with SystemdCgroup on, an image imported from a
# tarball of the project's busybox rootfs. Each engine's scope, its
# MemoryMax, the limit in the container's cgroup, the exit code, and that
# teardown leaves no unit. An engine that is not installed is skipped with
# the reason.
. "$(dirname "$0")/../lib/common.sh"
need_root
if [ "$(cat /proc/1/comm)" != systemd ] || [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ]; then
	echo "1..0 # SKIP needs systemd as PID 1 on a cgroup v2 host"
	exit 0
fi
CT=$(readlink -f "$CT")
prop() { systemctl show -P "$2" "$1"; }
# gone UNIT: systemd keeps nothing of it (bounded wait: the stop is async)
gone() {
	local i
	for i in $(seq 600); do
		[ "$(prop "$1" LoadState)" = not-found ] && return 0
		sleep 0.1
	done
	diag "$1: $(systemctl show -p LoadState -p ActiveState "$1" | tr '\n' ' ')"
	return 1
}
# until_true SECONDS COMMAND...: bounded wait until COMMAND succeeds
until_true() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.2
	done
}
# skip_checks COUNT REASON: COUNT TAP skips, so the plan stays the same
skip_checks() {
	local i
	for i in $(seq "$1"); do ok "# SKIP $2"; done
}
# bounded engine commands: a hung engine or runtime fails the check, not the VM
T=120

base_bundle

# --- podman --cgroup-manager systemd --runtime ct, from a rootfs directory
PODMAN_CHECKS=9
podman_checks() {
	local P=$TESTS_TMP/podman name R id unit out
	name=$(new_id)
	R=$P/rootfs
	mkdir -p "$P/run" "$P/storage" "$P/tmp"
	cp -a "$BASE_BUNDLE/rootfs" "$R"
	# a private configuration: nothing of the host's podman is read or written
	cat >"$P/containers.conf" <<-EOF
		[containers]
		netns = "none"
		log_driver = "k8s-file"
		default_sysctls = []
		[engine]
		cgroup_manager = "systemd"
		events_logger = "file"
		events_logfile_path = "$P/events.log"
		tmp_dir = "$P/tmp"
		runtime_supports_json = ["ct", "crun", "runc"]
		[network]
		network_config_dir = "$P/networks"
	EOF
	cat >"$P/storage.conf" <<-EOF
		[storage]
		driver = "vfs"
		graphroot = "$P/storage"
		runroot = "$P/run"
	EOF
	export CONTAINERS_CONF=$P/containers.conf CONTAINERS_STORAGE_CONF=$P/storage.conf
	pm() { timeout -k 10 $T podman --cgroup-manager systemd --runtime "$CT" "$@"; }
	# the container writes its memory.max where the test reads it, then
	# waits for /go so that its scope can be looked at, and exits 7
	id=$(pm run -d --name "$name" --memory 64m --rootfs "$R" \
		sh -c 'cat /sys/fs/cgroup/memory.max >/memory.max; until [ -e /go ]; do sleep 0.1; done; exit 7' \
		2>"$TESTS_TMP/podman-err")
	check "podman: run -d --rootfs --memory 64m with ct" equals "$(cat "$TESTS_TMP/podman-err")" ""
	unit=libpod-$id.scope
	until_true $T test -s "$R/memory.max"
	check "podman: the container's scope active" equals "$(prop "$unit" ActiveState)" active
	check "podman: scope in machine.slice" equals "$(prop "$unit" ControlGroup)" "/machine.slice/$unit"
	check "podman: scope MemoryMax" equals "$(prop "$unit" MemoryMax)" 67108864
	check "podman: memory.max inside the container" equals "$(cat "$R/memory.max")" 67108864
	touch "$R/go"
	out=$(pm wait "$name" 2>&1)
	check "podman: the container's exit code" equals "$out" 7
	check "podman: scope gone after the exit" gone "$unit"
	out=$(pm rm "$name" 2>&1)
	check "podman: rm" equals "$out" "$name"
	check "podman: nothing left (container, unit or cgroup naming it)" equals \
		"$(pm ps -aq)$(systemctl list-units --all --no-legend "*$id*")$(ls /sys/fs/cgroup/machine.slice | grep "$id")" ""
	pm rm -f "$name" >/dev/null 2>&1
	unset CONTAINERS_CONF CONTAINERS_STORAGE_CONF
}
if ! command -v podman >/dev/null || ! command -v conmon >/dev/null; then
	skip_checks $PODMAN_CHECKS "podman or conmon not installed (scripts/install-deps --test)"
else
	podman_checks
fi

# --- containerd: the runc-v2 shim with BinaryName = ct and SystemdCgroup = true
CTRD_CHECKS=9
# oci_archive ROOTFS NAME OUT: an OCI image archive of ROOTFS (one
# uncompressed layer), for `ctr images import`
oci_archive() {
	local rootfs=$1 name=$2 out=$3 d arch layer lsum lsize cfg csum csize man msum msize
	d=$TESTS_TMP/oci
	mkdir -p "$d/blobs/sha256"
	case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
	layer=$d/layer.tar
	tar --sort=name --numeric-owner -C "$rootfs" -cf "$layer" .
	lsum=$(sha256sum "$layer" | cut -d' ' -f1)
	lsize=$(stat -c %s "$layer")
	mv "$layer" "$d/blobs/sha256/$lsum"
	cfg=$(jq -cn --arg arch "$arch" --arg diff "sha256:$lsum" '{architecture: $arch, os: "linux",
		config: {Env: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["/bin/sh"]},
		rootfs: {type: "layers", diff_ids: [$diff]}}')
	printf '%s' "$cfg" >"$d/cfg"
	csum=$(sha256sum "$d/cfg" | cut -d' ' -f1)
	csize=$(stat -c %s "$d/cfg")
	mv "$d/cfg" "$d/blobs/sha256/$csum"
	man=$(jq -cn --arg c "sha256:$csum" --argjson cs "$csize" --arg l "sha256:$lsum" --argjson ls "$lsize" \
		'{schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
		config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $cs},
		layers: [{mediaType: "application/vnd.oci.image.layer.v1.tar", digest: $l, size: $ls}]}')
	printf '%s' "$man" >"$d/man"
	msum=$(sha256sum "$d/man" | cut -d' ' -f1)
	msize=$(stat -c %s "$d/man")
	mv "$d/man" "$d/blobs/sha256/$msum"
	jq -cn --arg m "sha256:$msum" --argjson ms "$msize" --arg n "$name" --arg arch "$arch" \
		'{schemaVersion: 2, manifests: [{mediaType: "application/vnd.oci.image.manifest.v1+json",
		digest: $m, size: $ms, platform: {architecture: $arch, os: "linux"},
		annotations: {"io.containerd.image.name": $n, "org.opencontainers.image.ref.name": "latest"}}]}' \
		>"$d/index.json"
	echo '{"imageLayoutVersion":"1.0.0"}' >"$d/oci-layout"
	tar -C "$d" -cf "$out" oci-layout index.json blobs
}
containerd_checks() {
	local C=$TESTS_TMP/ctrd img=localhost/ctt-busybox:latest cid pid unit out R
	cid=$(new_id)
	mkdir -p "$C/root" "$C/state"
	cat >"$C/config.toml" <<-EOF
		version = 2
		root = "$C/root"
		state = "$C/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs",
		  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper",
		  "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp",
		  "io.containerd.internal.v1.tracing"]
		[grpc]
		  address = "$C/sock"
		[ttrpc]
		  address = "$C/sock.ttrpc"
		[plugins."io.containerd.internal.v1.opt"]
		  path = "$C/opt"
	EOF
	containerd --config "$C/config.toml" >"$C/log" 2>&1 &
	CTRD_PID=$!
	c() { timeout -k 10 $T ctr --address "$C/sock" --namespace ctt "$@"; }
	until_true 60 c version || diag "containerd did not come up: $(tail -5 "$C/log")"
	oci_archive "$BASE_BUNDLE/rootfs" "$img" "$C/image.tar"
	out=$(c images import "$C/image.tar" 2>&1)
	[ "$(c images ls -q)" = "$img" ] || diag "import: $out"
	check "containerd: image imported from the busybox rootfs" equals "$(c images ls -q)" "$img"
	# the shim options SystemdCgroup and BinaryName, as a kubelet's containerd
	# config sets them for the CRI runtime, given by ctr for this container
	R=(--runtime io.containerd.runc.v2 --runc-binary "$CT" --runc-systemd-cgroup --runc-root "$C/ct")
	unit=ctt-$cid.scope
	out=$(c run -d "${R[@]}" --cgroup "system.slice:ctt:$cid" --memory-limit 67108864 "$img" "$cid" \
		sleep 600 2>&1)
	check "containerd: ctr run with ct and SystemdCgroup" equals "$out" ""
	check "containerd: the container's scope active" equals "$(prop "$unit" ActiveState)" active
	check "containerd: scope MemoryMax" equals "$(prop "$unit" MemoryMax)" 67108864
	pid=$(c task ls | awk -v id="$cid" '$1 == id {print $2}')
	check "containerd: the task in the scope" equals "$(cat "/proc/$pid/cgroup" 2>&1)" "0::/system.slice/$unit"
	check "containerd: memory.max of the task's cgroup" equals \
		"$(cat "/sys/fs/cgroup/system.slice/$unit/memory.max")" 67108864
	c task kill -s SIGKILL "$cid" >/dev/null
	until_true $T sh -c "ctr --address '$C/sock' --namespace ctt task ls | grep -q '^$cid .*STOPPED'"
	c task delete "$cid" >/dev/null 2>&1
	out=$(c containers delete "$cid" 2>&1)
	check "containerd: teardown leaves no scope" gone "$unit"
	# ctr run in the foreground passes the exit code through
	c run --rm "${R[@]}" --cgroup "system.slice:ctt:$cid-2" --memory-limit 67108864 "$img" "$cid-2" \
		sh -c 'exit 7' >/dev/null 2>&1
	check "containerd: the container's exit code" equals "$?" 7
	check "containerd: no scope after ctr run --rm" gone "ctt-$cid-2.scope"
	stop_containerd
}
stop_containerd() {
	local p i
	[ -n "${CTRD_PID:-}" ] || return 0
	kill -TERM "$CTRD_PID" 2>/dev/null
	for i in $(seq 100); do kill -0 "$CTRD_PID" 2>/dev/null || break; sleep 0.1; done
	kill -KILL "$CTRD_PID" 2>/dev/null
	wait "$CTRD_PID" 2>/dev/null
	# shims of this containerd (found by its socket), then its mounts
	for p in /proc/[0-9]*; do
		tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q -- "-address $TESTS_TMP/ctrd/sock " &&
			kill -KILL "${p#/proc/}" 2>/dev/null
	done
	awk -v r="$TESTS_TMP/ctrd/" 'index($2, r) == 1 {print $2}' /proc/self/mounts | sort -r |
		while read -r m; do umount -l "$m"; done
	CTRD_PID=
}
if ! command -v containerd >/dev/null || ! command -v ctr >/dev/null ||
	! command -v containerd-shim-runc-v2 >/dev/null; then
	skip_checks $CTRD_CHECKS "containerd, ctr or containerd-shim-runc-v2 not installed (scripts/install-deps --test)"
else
	trap 'stop_containerd; cleanup_all' EXIT
	containerd_checks
fi
finish

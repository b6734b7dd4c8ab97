#!/bin/bash
# The Kubernetes CRI path with a real engine: containerd's CRI plugin, in a
# private containerd (its own root, state, socket and config, under this
# test's temporary directory) whose default runtime is ct, driven over gRPC by
# tests/cri/cri-client.py as a kubelet would. The image (the project's busybox
# rootfs, also the pause image) is built here and imported with ctr.
#   - a pod whose container exits while a child it forked lives on (the pod's
#     shared pid namespace) is torn down, and leaves no process, shim, state
#     or cgroup
#   - ExecSync runs under the container's seccomp profile (Localhost and
#     RuntimeDefault)
#   - a Bidirectional mount made inside a container reaches the host
. "$(dirname "$0")/../lib/common.sh"
need_root
PY=/usr/bin/python3
skip() { echo "1..0 # SKIP $*"; exit 0; }
command -v containerd >/dev/null && command -v ctr >/dev/null &&
	command -v containerd-shim-runc-v2 >/dev/null || skip "containerd is not installed"
$PY -c 'import grpc, grpc_tools' 2>/dev/null || skip "python3-grpcio or python3-grpc-tools is not installed"

D=$TESTS_TMP/cri
SOCK=$D/containerd.sock
STATE=$D/ct-state              # ct's --root, as the shim gives it (plus /k8s.io)
NS=k8s.io                      # the CRI plugin's containerd namespace
IMAGE=localhost/ctcri-bb:latest
CGPARENT=/ctcri-$ID_PREFIX     # the pods' cgroup parent
HOSTVOL=$D/bidir               # the Bidirectional volume's host directory
SLEEP_ARG=$((3000000 + $$))    # a sleep the test can find by its argument
CTRD_PID=
POD=
CID=
PODS=()
export CRI_GEN_DIR=$D/gen CRI_TIMEOUT=60
mkdir -p "$D"

cri() { timeout -k 5 90 "$PY" "$TOP/tests/cri/cri-client.py" "$SOCK" "$@"; }
ctr_() { timeout -k 5 60 ctr --address "$SOCK" --namespace "$NS" "$@"; }

# wait_for SECONDS CMD...: poll every 0.2 s until CMD succeeds
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.2
	done
}

# settled CMD...: CMD succeeds within 30 s (its diagnostics shown if not)
settled() { wait_for 30 "$@" || "$@"; }

# the shims this containerd started (found by their -address argument)
shims() {
	local p
	for p in /proc/[0-9]*; do
		tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -q -- "containerd-shim.* -address $SOCK " &&
			echo "${p#/proc/}"
	done
}
# pids of the test's orphaned sleep
orphans() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(tr '\0' ' ' 2>/dev/null <"$p/cmdline")" = "sleep $SLEEP_ARG " ] && echo "${p#/proc/}"
	done
}
no_orphan() { [ -z "$(orphans)" ]; }
cgroups_named() { find /sys/fs/cgroup -maxdepth 5 -type d -name "$1" 2>/dev/null; }

stop_all() {
	local p c i
	for p in "${PODS[@]}"; do
		CRI_TIMEOUT=20 cri StopPodSandbox "{\"pod_sandbox_id\": \"$p\"}" >/dev/null 2>&1
		CRI_TIMEOUT=20 cri RemovePodSandbox "{\"pod_sandbox_id\": \"$p\"}" >/dev/null 2>&1
	done
	if [ -n "$CTRD_PID" ]; then
		kill -TERM "$CTRD_PID" 2>/dev/null
		for i in $(seq 1 50); do kill -0 "$CTRD_PID" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$CTRD_PID" 2>/dev/null
		wait "$CTRD_PID" 2>/dev/null
	fi
	for p in $(shims); do
		for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do kill -KILL "$c" 2>/dev/null; done
		kill -KILL "$p" 2>/dev/null
	done
	for p in $(orphans); do kill -KILL "$p" 2>/dev/null; done
	for c in "$STATE/$NS"/*/; do
		[ -d "$c" ] && "$CT" --root "$STATE/$NS" delete -f "$(basename "$c")" >/dev/null 2>&1
	done
	awk -v d="$D/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	# the pods' parent cgroup, made by ct for them
	cgroups_named "${CGPARENT#/}" | sort -r | while read -r c; do rmdir "$c/"* "$c" 2>/dev/null; done
}
trap 'stop_all; cleanup_all' EXIT

# ---------------------------------------------------------------- containerd
mkdir -p "$D/root" "$D/state" "$D/opt" "$D/cni/bin" "$D/cni/conf" "$D/logs"
cat >"$D/config.toml" <<EOF
version = 2
root = "$D/root"
state = "$D/state"
disabled_plugins = [
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  level = "info"
[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$D/opt"
  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "$IMAGE"
    disable_apparmor = true
    enable_selinux = false
    # the sandbox's -998 is not ours to give without CAP_SYS_RESOURCE
    restrict_oom_score_adj = true
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "$D/cni/bin"
      conf_dir = "$D/cni/conf"
    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "ct"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.ct]
        runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.ct.options]
          BinaryName = "$CT"
          Root = "$STATE"
EOF
containerd --config "$D/config.toml" >"$D/containerd.log" 2>&1 &
CTRD_PID=$!
if ! wait_for 30 ctr --address "$SOCK" version; then
	sed 's/^/# /' "$D/containerd.log" | tail -20
	skip "the private containerd did not start"
fi
if ! wait_for 30 cri Version '{}'; then
	grep -i "cri" "$D/containerd.log" | sed 's/^/# /' | tail -10
	skip "containerd's CRI plugin did not start here ($(cri Version '{}' 2>&1 | tail -1))"
fi
check "the CRI plugin answers Version" contains "$(cri Version '{}')" '"runtime_name": "containerd"'

# ---------------------------------------------------------------- the image
# the project's busybox rootfs as a one-layer image (docker archive format)
make_bundle "$D/imgbundle" true
mkdir -p "$D/img"
tar --numeric-owner -C "$D/imgbundle/rootfs" -cf "$D/img/layer.tar" .
jq -n --arg d "sha256:$(sha256sum "$D/img/layer.tar" | cut -d' ' -f1)" \
	--arg arch "$(dpkg --print-architecture)" '{architecture: $arch, os: "linux",
	config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
		 Cmd: ["/bin/sleep", "2147483647"]},
	rootfs: {type: "layers", diff_ids: [$d]}}' >"$D/img/config.json"
jq -n --arg t "$IMAGE" '[{Config: "config.json", RepoTags: [$t], Layers: ["layer.tar"]}]' \
	>"$D/img/manifest.json"
tar -C "$D/img" -cf "$D/image.tar" config.json manifest.json layer.tar
ctr_ images import "$D/image.tar" >"$D/import.log" 2>&1
check "ctr imports the image" contains "$(cat "$D/import.log"; ctr_ images ls -q 2>&1)" "$IMAGE"
check "the CRI plugin knows the image" wait_for 30 bash -c \
	"'$PY' '$TOP/tests/cri/cri-client.py' '$SOCK' ImageStatus '{\"image\": {\"image\": \"$IMAGE\"}}' | grep -q repo_tags"

# ---------------------------------------------------------------- helpers
# pod_config NAME: a PodSandboxConfig (host network, as there is no CNI
# here, and so no hostname: the pod has no UTS namespace of its own; the pod's
# pid namespace shared by its containers)
pod_config() {
	jq -nc --arg n "$1" --arg u "$ID_PREFIX-$1" --arg cg "$CGPARENT" --arg l "$D/logs/$1" \
		'{metadata: {name: $n, uid: $u, namespace: "ctcri"},
		log_directory: $l,
		linux: {cgroup_parent: $cg, security_context: ({namespace_options:
			{network: "NODE", pid: "POD", ipc: "POD"}})}}'
}
# run_pod NAME: RunPodSandbox; the id in POD (and in PODS, for the cleanup)
run_pod() {
	local out
	mkdir -p "$D/logs/$1"
	out=$(cri RunPodSandbox "{\"config\": $(pod_config "$1")}" 2>&1) || { echo "$out"; return 1; }
	POD=$(echo "$out" | jq -r .pod_sandbox_id)
	PODS+=("$POD")
}
# create_ctr POD-NAME NAME CONTAINER-CONFIG-EXTRA-JSON: CreateContainer and
# StartContainer in pod $POD; the id in CID
create_ctr() {
	local req out
	req=$(jq -nc --arg p "$POD" --argjson sc "$(pod_config "$1")" --arg n "$2" \
		--arg i "$IMAGE" --argjson x "$3" '{pod_sandbox_id: $p, sandbox_config: $sc,
		config: ({metadata: {name: $n}, image: {image: $i}, log_path: ($n + ".log")} + $x)}')
	out=$(cri CreateContainer "$req" 2>&1) || { echo "$out"; return 1; }
	CID=$(echo "$out" | jq -r .container_id)
	cri StartContainer "{\"container_id\": \"$CID\"}" >/dev/null
}
ctr_state() { cri ContainerStatus "{\"container_id\": \"$1\"}" | jq -r .status.state; }
is_exited() { [ "$(ctr_state "$1")" = CONTAINER_EXITED ]; }
exec_sync() {
	local cmd='[]' a
	for a in "${@:2}"; do cmd=$(jq -nc --argjson c "$cmd" --arg a "$a" '$c + [$a]'); done
	jq -nc --arg c "$1" --argjson cmd "$cmd" '{container_id: $c, timeout: 30, cmd: $cmd}' |
		cri ExecSync
}
# teardown POD-ID: StopPodSandbox and RemovePodSandbox (each under a deadline)
teardown() {
	cri StopPodSandbox "{\"pod_sandbox_id\": \"$1\"}" >/dev/null &&
		cri RemovePodSandbox "{\"pod_sandbox_id\": \"$1\"}" >/dev/null
}
# nothing left of the pod: no shim, no ct state, no cgroup of its containers
pod_left_nothing() {
	local id left=0
	if [ -n "$(shims)" ]; then diag "shim left: $(shims | tr '\n' ' ')"; left=1; fi
	for id in "$@"; do
		[ -n "$id" ] || { diag "no id"; left=1; continue; }
		if [ -e "$STATE/$NS/$id" ]; then diag "ct state left: $STATE/$NS/$id"; left=1; fi
		if [ -n "$(cgroups_named "$id")" ]; then diag "cgroup left: $(cgroups_named "$id" | head -3)"; left=1; fi
	done
	return $left
}

# ---------------------------------------------------------------- orphan
# the container's process forks a child and exits; the child lives on in the
# pod's pid namespace (its init is the pause process) and in the container's
# cgroup, and must go with the pod
check "orphan: RunPodSandbox" run_pod orphan
check "orphan: the container starts" create_ctr orphan orphan \
	"{\"command\": [\"sh\", \"-c\", \"sleep $SLEEP_ARG </dev/null >/dev/null 2>&1 & echo forked\"]}"
ORPHAN_CID=$CID
check "orphan: the container exits" wait_for 30 is_exited "$CID"
check "orphan: it forked its child" wait_for 30 grep -q " stdout F forked" "$D/logs/orphan/orphan.log"
# the shim kills what is left in the cgroup of a container without a pid
# namespace of its own (ct kill --all) when its process exits
check "orphan: the child goes with the container" wait_for 30 no_orphan
check "orphan: the pod is torn down" teardown "$POD"
check "orphan: no shim, ct state or cgroup left" settled pod_left_nothing "$POD" "$ORPHAN_CID"

# ---------------------------------------------------------------- seccomp
# ExecSync is confined by the container's profile: a Localhost profile that
# refuses mkdir, and the engine's RuntimeDefault
cat >"$D/seccomp.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
EOF
check "seccomp: RunPodSandbox" run_pod sec
check "seccomp: a container with a Localhost profile starts" create_ctr sec local \
	"{\"command\": [\"sleep\", \"2147483647\"], \"linux\": {\"security_context\": {\"seccomp\": {\"profile_type\": \"Localhost\", \"localhost_ref\": \"$D/seccomp.json\"}}}}"
LOCAL_CID=$CID
check "seccomp: a container with RuntimeDefault starts" create_ctr sec default \
	'{"command": ["sleep", "2147483647"], "linux": {"security_context": {"seccomp": {"profile_type": "RuntimeDefault"}}}}'
DEFAULT_CID=$CID
out=$(exec_sync "$LOCAL_CID" sh -c 'grep Seccomp: /proc/self/status; mkdir /tmp/x 2>&1; echo "mkdir: $?"' 2>&1)
check "seccomp: ExecSync (Localhost) is filtered" contains "$(echo "$out" | jq -r .stdout)" "$(printf 'Seccomp:\t2')"
check "seccomp: ExecSync (Localhost) is refused mkdir" contains "$(echo "$out" | jq -r .stdout)" "Operation not permitted
mkdir: 1"
out=$(exec_sync "$DEFAULT_CID" grep Seccomp: /proc/self/status 2>&1)
check "seccomp: ExecSync (RuntimeDefault) is filtered" equals "$(echo "$out" | jq -r .stdout)" "$(printf 'Seccomp:\t2')"
out=$(exec_sync "$DEFAULT_CID" sh -c 'exit 3' 2>&1)
check "seccomp: ExecSync passes the exit code" equals "$(echo "$out" | jq -r .exit_code)" 3
check "seccomp: the pod is torn down" teardown "$POD"
check "seccomp: no shim, ct state or cgroup left" settled pod_left_nothing "$POD" "$LOCAL_CID" "$DEFAULT_CID"

# ---------------------------------------------------------------- Bidirectional
# a host directory that is a shared mount of its own; containerd asks for
# rootfsPropagation rshared and an rshared bind; what the container mounts
# under it appears on the host
mkdir -p "$HOSTVOL"
mount --bind "$HOSTVOL" "$HOSTVOL" && mount --make-private "$HOSTVOL" && mount --make-shared "$HOSTVOL"
mkdir -p "$HOSTVOL/inner"
check "bidirectional: RunPodSandbox" run_pod bidir
check "bidirectional: the container starts" create_ctr bidir vol \
	"{\"command\": [\"sh\", \"-c\", \"mount -t tmpfs -o size=1m cri /vol/inner && echo made >/vol/inner/f; exec sleep 2147483647\"],
	  \"mounts\": [{\"container_path\": \"/vol\", \"host_path\": \"$HOSTVOL\", \"propagation\": \"PROPAGATION_BIDIRECTIONAL\"}],
	  \"linux\": {\"security_context\": {\"capabilities\": {\"add_capabilities\": [\"SYS_ADMIN\"]}}}}"
VOL_CID=$CID
check "bidirectional: the mount made inside is on the host" wait_for 30 grep -qx made "$HOSTVOL/inner/f"
check "bidirectional: the pod is torn down" teardown "$POD"
check "bidirectional: no shim, ct state or cgroup left" settled pod_left_nothing "$POD" "$VOL_CID"
umount "$HOSTVOL/inner" 2>/dev/null
umount "$HOSTVOL"
check "bidirectional: no host mount left" bash -c "! grep -q ' $HOSTVOL' /proc/self/mountinfo"
PODS=()
finish

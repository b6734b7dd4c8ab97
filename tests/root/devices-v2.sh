#!/bin/bash
# cgroup v2 device control: the eBPF device filter lets the default devices
# through and refuses the rest, follows the container's rules (the last rule
# that matches decides, the default allow list comes after the container's
# rules, as in runc and crun), is replaced on update, and leaves no program
# behind. Needs a pure cgroup v2 host (run-v2).
if [ "$(stat -f -c %T /sys/fs/cgroup)" != cgroup2fs ]; then
	echo "1..0 # SKIP needs cgroup v2"
	exit 0
fi
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
PY=/usr/bin/python3
[ -x $PY ] || PY=python3

# The number of device programs this runtime loaded (BPF programs of type
# CGROUP_DEVICE named lct_devices), through BPF_PROG_GET_NEXT_ID.
bpf_count() {
	$PY - <<'EOF'
import ctypes, os, struct
nr = {"x86_64": 321, "aarch64": 280}[os.uname().machine]
libc = ctypes.CDLL(None, use_errno=True)
def bpf(cmd, attr):
    return libc.syscall(nr, cmd, attr, len(attr))
n, next_id = 0, 0
while True:
    attr = ctypes.create_string_buffer(struct.pack("I", next_id), 128)
    if bpf(11, attr) < 0:  # BPF_PROG_GET_NEXT_ID: ENOENT after the last
        break
    next_id = struct.unpack_from("I", attr, 4)[0]
    attr = ctypes.create_string_buffer(struct.pack("I", next_id), 128)
    fd = bpf(13, attr)  # BPF_PROG_GET_FD_BY_ID
    if fd < 0:
        continue
    info = ctypes.create_string_buffer(80)
    attr = ctypes.create_string_buffer(struct.pack("IIQ", fd, 80, ctypes.addressof(info)), 128)
    if bpf(15, attr) == 0:  # BPF_OBJ_GET_INFO_BY_FD
        ptype = struct.unpack_from("I", info, 0)[0]
        name = info.raw[64:80].split(b"\0")[0]
        n += ptype == 15 and name == b"lct_devices"  # BPF_PROG_TYPE_CGROUP_DEVICE
    os.close(fd)
print(n)
EOF
}

# wait_count N: the program count falls back to N (the kernel frees a removed
# cgroup's programs from a work queue, a moment after rmdir)
wait_count() {
	local i
	for i in $(seq 100); do
		[ "$(bpf_count)" = "$1" ] && return 0
		sleep 0.2
	done
	diag "device programs: $(bpf_count), expected $1"
	return 1
}

# One line per access: NAME=ok or NAME=denied. mem (c 1:1) and kmsg (c 1:11)
# are not in the default list; the capabilities below make sure that only the
# device filter can refuse them. The nodes go in the container's /dev: the
# rootfs may be on a nodev mount (/tmp is in the VM).
PROBE='t() { if sh -c "$2" >/dev/null 2>&1; then echo "$1=ok"; else echo "$1=denied"; fi; }
mknod /dev/x-mem c 1 1; mknod /dev/x-kmsg c 1 11
t null-r "head -c1 /dev/null"
t null-w "echo x >/dev/null"
t full-r "[ \$(head -c1 /dev/full | wc -c) = 1 ]"
t mem-r "head -c1 /dev/x-mem"
t kmsg-r "head -n1 /dev/x-kmsg"
t kmsg-w "echo devices-v2 test >/dev/x-kmsg"'
CAPS='["CAP_MKNOD", "CAP_SYS_RAWIO", "CAP_SYSLOG"]'
ADD_CAPS='.process.capabilities.bounding += $c | .process.capabilities.effective += $c |
	.process.capabilities.permitted += $c'

# probe_with RULES: run the probe with these device rules after the config's
probe_with() {
	bundle_with "$B" sh -c "$PROBE"
	edit_config "$B" "$ADD_CAPS"' | .linux.resources.devices += $r' --argjson c "$CAPS" \
		--argjson r "$1"
	run_in "$B"
	[ "$RC" = 0 ] || diag "ct run: $RC $ERR"
}

base=$(bpf_count)

probe_with '[]'
check "defaults: /dev/null readable" contains "$OUT" "null-r=ok"
check "defaults: /dev/null writable" contains "$OUT" "null-w=ok"
check "defaults: /dev/full readable" contains "$OUT" "full-r=ok"
check "defaults: a mknod'ed /dev/mem cannot be opened" contains "$OUT" "mem-r=denied"
check "defaults: a mknod'ed /dev/kmsg cannot be written" contains "$OUT" "kmsg-w=denied"
check "defaults: nor read" contains "$OUT" "kmsg-r=denied"

probe_with '[{"allow": true, "type": "c", "major": 1, "minor": 1, "access": "r"},
	{"allow": true, "type": "c", "major": 1, "minor": 7, "access": "rw"}]'
check "a rule allowing c 1:1 r opens /dev/mem" contains "$OUT" "mem-r=ok"
check "a rule allowing c 1:7 keeps /dev/full readable" contains "$OUT" "full-r=ok"
check "other devices stay denied" contains "$OUT" "kmsg-w=denied"

probe_with '[{"allow": true, "type": "c", "major": 1, "minor": 11, "access": "rw"},
	{"allow": false, "type": "c", "major": 1, "minor": 11, "access": "w"}]'
check "allow c 1:11 rw, then deny w: reading works" contains "$OUT" "kmsg-r=ok"
check "allow c 1:11 rw, then deny w: writing fails" contains "$OUT" "kmsg-w=denied"

probe_with '[{"allow": false, "type": "c", "major": 1, "minor": 11, "access": "w"},
	{"allow": true, "type": "c", "major": 1, "minor": 11, "access": "w"}]'
check "deny, then allow c 1:11 w: the later rule decides" contains "$OUT" "kmsg-w=ok"
check "an allowed w does not allow r" contains "$OUT" "kmsg-r=denied"

probe_with '[{"allow": true, "type": "b", "access": "rw"}]'
check "a rule for block devices does not allow a char device" contains "$OUT" "kmsg-w=denied"

probe_with '[{"allow": true, "type": "c", "major": 1, "access": "w"}]'
check "a rule for c 1:* allows c 1:11" contains "$OUT" "kmsg-w=ok"

probe_with '[{"allow": true, "access": "rwm"}]'
check "allow all: /dev/mem opens" contains "$OUT" "mem-r=ok"
check "allow all: /dev/kmsg writable" contains "$OUT" "kmsg-w=ok"

# the default list comes after the container's rules (as in runc and crun,
# and as the v1 code writes it): a deny of /dev/null cannot take it away
probe_with '[{"allow": false, "type": "c", "major": 1, "minor": 3, "access": "w"}]'
check "deny c 1:3 w, then the defaults: /dev/null still writable" contains "$OUT" "null-w=ok"
check "deny c 1:3 w, then the defaults: /dev/null readable" contains "$OUT" "null-r=ok"

check "no device program left after the runs" wait_count "$base"

# update: the new filter replaces the old one (one program per container)
bundle_with "$B" sleep 300
edit_config "$B" "$ADD_CAPS" --argjson c "$CAPS"
id=$(new_id)
quiet ct run -d -b "$B" "$id"
check "a running container has one device program" equals "$(bpf_count)" $((base + 1))
out=$(ct exec "$id" sh -c 'mknod /dev/x-kmsg c 1 11; echo x >/dev/x-kmsg && echo w-ok' 2>&1)
check "before update: /dev/kmsg write denied" contains "$out" "Operation not permitted"
echo '{"devices": [{"allow": true, "type": "c", "major": 1, "minor": 11, "access": "w"}]}' \
	>"$TESTS_TMP/res.json"
err=$(ct update -r "$TESTS_TMP/res.json" "$id" 2>&1)
check "update with device rules succeeds" equals "$err" ""
out=$(ct exec "$id" sh -c 'echo x >/dev/x-kmsg && echo w-ok' 2>&1)
check "after update: /dev/kmsg writable" equals "$out" "w-ok"
out=$(ct exec "$id" sh -c 'echo x >/dev/null && echo null-ok' 2>&1)
check "after update: the defaults still apply" equals "$out" "null-ok"
check "after update: still one device program" equals "$(bpf_count)" $((base + 1))
quiet ct delete -f "$id"
check "deleted container: its device program is freed" wait_count "$base"
check "deleted container leaves nothing" leaves_nothing "$id" "$B"

# no leak: 20 create/destroy cycles leave as many programs as before
bundle_with "$B" true
fails=0
for i in $(seq 20); do
	run_in "$B"
	[ "$RC" = 0 ] || fails=$((fails + 1))
done
check "20 runs succeed" equals "$fails" 0
check "20 runs leave no device program" wait_count "$base"

finish

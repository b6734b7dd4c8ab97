#!/bin/bash
# --systemd-cgroup where no systemd runs (this host: no systemd as PID 1):
# a clear error, a non-zero status and nothing left behind. The driver
# itself is tested with systemd in tests/systemd.
. "$(dirname "$0")/../lib/common.sh"
need_root
if [ -d /run/systemd/system ]; then
	echo "1..0 # SKIP systemd runs here (the driver is tested in tests/systemd)"
	exit 0
fi
B=$TESTS_TMP/b
bundle_with "$B" true
for path in "system.slice:ctt:x" ""; do
	id=$(new_id)
	if [ -n "$path" ]; then
		edit_config "$B" '.linux.cgroupsPath = $p' --arg p "system.slice:ctt:$id"
	else
		edit_config "$B" 'del(.linux.cgroupsPath)'
	fi
	out=$(ct --systemd-cgroup run -b "$B" "$id" 2>&1)
	rc=$?
	what=${path:+cgroupsPath slice:prefix:name}
	what=${what:-default cgroupsPath}
	check "no systemd ($what): status 1" equals "$rc" 1
	check "no systemd ($what): message" contains "$out" \
		"ct: systemd cgroup driver: no systemd on the system bus ("
	check "no systemd ($what): nothing left" leaves_nothing "$id" "$B"
	check "no systemd ($what): no scope directory" \
		bash -c "! find /sys/fs/cgroup -maxdepth 4 -name 'ct*-$id.scope' | grep -q ."
done
# a bad path is named before systemd is asked
id=$(new_id)
edit_config "$B" '.linux.cgroupsPath = "a--b.slice:ctt:x"'
out=$(ct --systemd-cgroup run -b "$B" "$id" 2>&1)
check "bad slice: status" equals "$?" 1
check "bad slice: message names it" contains "$out" \
	"systemd cgroup driver: slice 'a--b.slice' of cgroup path 'a--b.slice:ctt:x' is not a slice name"
check "bad slice: nothing left" leaves_nothing "$id" "$B"
edit_config "$B" '.linux.cgroupsPath = "system.slice:ctt"'
out=$(ct --systemd-cgroup run -b "$B" "$id" 2>&1)
check "two parts: message" contains "$out" \
	"systemd cgroup driver: cgroup path 'system.slice:ctt' is not 'slice:prefix:name'"
# without the flag, the systemd form is a cgroupfs path, as before
edit_config "$B" '.linux.cgroupsPath = $p' --arg p "system.slice:ctt:$id"
out=$(ct run -b "$B" "$id" 2>&1)
check "without --systemd-cgroup: runs with cgroupfs" equals "$?" 0
check "without --systemd-cgroup: nothing left" leaves_nothing "$id" "$B"
finish

#!/bin/bash
# Masked files are bind mounts of /dev/null. An image whose /dev/null is a
# symlink to a file of the container's /proc (a host sysctl,
# kernel.core_pattern here), with no /dev tmpfs in the config, must not make
# the masks binds of that file (a writable view of the sysctl where
# /proc/keys is masked, runc's CVE-2025-31133): the default devices put the
# null device there first (a node, or with a user namespace a bind of the
# host's), and the masks are made only from an fd checked to be the null
# device (the container's when it is one, else the host's: a config may make
# /dev/null another device). Nothing is ever written to the sysctl here.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
before=$(cat /proc/sys/kernel/core_pattern)

for variant in plain userns; do
	bundle_with "$B" sh -c 'cat /proc/keys | wc -c; grep -c " /proc/keys " /proc/self/mountinfo;
		stat -L -c "%F %t:%T" /dev/null'
	# the image's /dev: no /dev tmpfs, no mount below it
	edit_config "$B" '.mounts |= map(select(.destination != "/dev" and
		(.destination | startswith("/dev/") | not)))'
	mkdir -p "$B/rootfs/dev"
	rm -f "$B/rootfs/dev/null"
	ln -s /proc/sys/kernel/core_pattern "$B/rootfs/dev/null"
	[ $variant = userns ] && with_userns "$B"
	run_in "$B"
	check "$variant: an image's /dev/null linked to a sysctl: runs" equals "$RC" 0 || diag "$ERR"
	check "$variant: /proc/keys is masked by the null device (empty)" equals "$(echo "$OUT" | sed -n 1,2p)" "0
1"
	check "$variant: /dev/null is the null device" equals "$(echo "$OUT" | sed -n 3p)" \
		"character special file 1:3"
	check "$variant: nothing of the sysctl shows" bash -c "! grep -qF -- \"\$1\" <<<\"\$2\"" \
		_ "$before" "$OUT$ERR"
	check "$variant: leaves nothing" leaves_nothing "$LAST_ID" "$B"
done
check "the host's core_pattern is as it was" equals "$(cat /proc/sys/kernel/core_pattern)" "$before"

# a config that makes /dev/null another device on purpose (linux.devices:
# /dev/zero's 1:5, as runc and crun run it): the node is what it says, and
# the masks are still the null device, the host's (as crun; runc would bind
# the zero device, an endless masked file)
bundle_with "$B" sh -c 'stat -c "%F %t:%T" /dev/null; head -c 16 /proc/keys | wc -c;
	grep -c " /proc/keys " /proc/self/mountinfo'
edit_config "$B" '.linux.devices = [{"path": "/dev/null", "type": "c", "major": 1, "minor": 5}]'
run_in "$B"
check "/dev/null made 1:5 by linux.devices: runs" equals "$RC" 0 || diag "$ERR"
check "/dev/null made 1:5 by linux.devices: the node is 1:5" equals "$(echo "$OUT" | sed -n 1p)" \
	"character special file 1:5"
check "/dev/null made 1:5 by linux.devices: /proc/keys masked by the null device (empty)" \
	equals "$(echo "$OUT" | sed -n 2,3p)" "0
1"
check "/dev/null made 1:5 by linux.devices: leaves nothing" leaves_nothing "$LAST_ID" "$B"
finish

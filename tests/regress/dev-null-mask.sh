#!/bin/bash
# Masked files are bind mounts of /dev/null. An image whose /dev/null is a
# symlink to a file of the container's /proc (a host sysctl,
# kernel.core_pattern here), with no /dev tmpfs in the config, must not make
# the masks binds of that file (a writable view of the sysctl where
# /proc/keys is masked, runc's CVE-2025-31133): the default devices put the
# null device there first (a node, or with a user namespace a bind of the
# host's), and the masks are made only from an fd checked to be the null
# device. Nothing is ever written to the sysctl here.
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
finish

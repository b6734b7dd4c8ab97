#!/bin/bash
# The root filesystem: pivot_root, mounts and their options, propagation,
# masked and read-only paths, a read-only root, device nodes and /dev links.
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b

bundle_with "$B" sh -c 'cat /proc/self/mountinfo'
run_in "$B"
check "runs" equals "$RC" 0
root_line=$(echo "$OUT" | awk '$5 == "/"')
check "the root is the bundle's rootfs" bash -c "echo \"\$1\" | awk '\$4 ~ /\/b\/rootfs\$/' | grep -q ." _ "$root_line"
check "no host mount is visible" bash -c "! echo \"\$1\" | awk '{print \$5}' | grep -qx /work" _ "$OUT"
check "/proc is proc" contains "$(echo "$OUT" | awk '$5 == "/proc"')" " - proc proc "
check "/dev is a tmpfs" contains "$(echo "$OUT" | awk '$5 == "/dev"')" " - tmpfs "
check "/dev/pts is devpts" contains "$(echo "$OUT" | awk '$5 == "/dev/pts"')" " - devpts "
check "/sys is read-only sysfs" bash -c "echo \"\$1\" | awk '\$5 == \"/sys\"' | grep -q ' ro,.* - sysfs '" _ "$OUT"
check "mounts do not propagate back (no shared: peer)" bash -c "! echo \"\$1\" | grep -q ' shared:'" _ "$OUT"

# tmpfs with size and mode, a read-only bind of a host directory, a file bind
mkdir -p "$TESTS_TMP/hostdir"
echo hello >"$TESTS_TMP/hostdir/file"
echo single >"$TESTS_TMP/single"
bundle_with "$B" sh -c 'stat -c %a /scratch; df -k /scratch | tail -1 | awk "{print \$2}";
	cat /data/file; touch /data/new 2>&1; cat /etc/single-file; grep " /data " /proc/self/mountinfo'
edit_config "$B" '.mounts += [
	{"destination": "/scratch", "type": "tmpfs", "source": "tmpfs", "options": ["size=1m", "mode=700", "nosuid"]},
	{"destination": "/data", "type": "bind", "source": $d, "options": ["rbind", "ro", "nosuid", "rprivate"]},
	{"destination": "/etc/single-file", "type": "none", "source": $f, "options": ["bind"]}]' \
	--arg d "$TESTS_TMP/hostdir" --arg f "$TESTS_TMP/single"
run_in "$B"
check "tmpfs mode" equals "$(echo "$OUT" | sed -n 1p)" 700
check "tmpfs size" equals "$(echo "$OUT" | sed -n 2p)" 1024
check "bind mount content" equals "$(echo "$OUT" | sed -n 3p)" hello
check "read-only bind refuses writes" contains "$(echo "$OUT" | sed -n 4p)" "Read-only file system"
check "file bind mount" equals "$(echo "$OUT" | sed -n 5p)" single
check "bind options in mountinfo" contains "$(echo "$OUT" | sed -n 6p)" " /data ro,nosuid"
check "nothing written to the host dir" test ! -e "$TESTS_TMP/hostdir/new"
check "no mount left on the host" leaves_nothing "$LAST_ID" "$B"

# nosymfollow (kernel 5.10; runc and crun): a symlink in the mount is not
# followed, on a tmpfs and on a read-only bind (kept by its remount)
mkdir -p "$TESTS_TMP/nsf"
echo target >"$TESTS_TMP/nsf/file"
ln -sf file "$TESTS_TMP/nsf/link"
bundle_with "$B" sh -c 'ln -s /etc/hostname /t/link; cat /t/link 2>&1; cat /b/link 2>&1;
	grep -E " /(t|b) " /proc/self/mountinfo | cut -d" " -f5,6'
edit_config "$B" '.mounts += [
	{"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["nosymfollow"]},
	{"destination": "/b", "type": "bind", "source": $d, "options": ["bind", "ro", "nosymfollow"]}]' \
	--arg d "$TESTS_TMP/nsf"
run_in "$B"
check "nosymfollow: runs" equals "$RC" 0
check "nosymfollow tmpfs: its symlink is not followed" contains "$(echo "$OUT" | sed -n 1p)" \
	"Too many levels of symbolic links"
check "nosymfollow bind: its symlink is not followed" contains "$(echo "$OUT" | sed -n 2p)" \
	"Too many levels of symbolic links"
# (the bind keeps its source's nosuid, nodev or noexec: a tmpfs /tmp has them)
check "nosymfollow: in mountinfo, with ro on the bind" \
	bash -c '[[ $1 =~ ^/t\ rw,relatime,nosymfollow\ /b\ ro,(nosuid,|nodev,|noexec,)*relatime,nosymfollow$ ]]' \
	- "$(echo "$OUT" | sed -n '3,4p' | xargs)"
check "the host's symlink is followed outside" equals "$(cat "$TESTS_TMP/nsf/link")" target

# linux.mountLabel: taken (a context option of the container's mounts on a
# host with SELinux; none here unless /sys/fs/selinux says so), a label
# that would break the option refused by name
bundle_with "$B" true
edit_config "$B" '.linux.mountLabel = "system_u:object_r:container_file_t:s0:c1,c2"'
run_in "$B"
if [ -e /sys/fs/selinux/enforce ]; then
	check "mountLabel on an SELinux host: runs" equals "$RC" 0
else
	check "mountLabel without SELinux: runs, nothing applied" equals "$RC" 0
fi
edit_config "$B" '.linux.mountLabel = "bad\"label"'
run_in "$B"
check "mountLabel with a quote: refused by name" contains "$ERR" \
	"linux.mountLabel: mount label 'bad\"label': a quote or a newline"
check "mountLabel with a quote: leaves nothing" leaves_nothing "$LAST_ID" "$B"

# the recursive access-time words (mount_setattr: one mode of three)
bundle_with "$B" sh -c 'grep -E " /(a1|a2|a3) " /proc/self/mountinfo | cut -d" " -f5,6'
edit_config "$B" '.mounts += [
	{"destination": "/a1", "type": "tmpfs", "source": "tmpfs", "options": ["rnoatime"]},
	{"destination": "/a2", "type": "tmpfs", "source": "tmpfs", "options": ["noatime", "rrelatime"]},
	{"destination": "/a3", "type": "tmpfs", "source": "tmpfs", "options": ["rstrictatime"]}]'
run_in "$B"
check "rnoatime, rrelatime, rstrictatime: runs" equals "$RC" 0 || diag "$ERR"
check "rnoatime, rrelatime, rstrictatime: each mode in mountinfo" equals "$(echo "$OUT" | xargs)" \
	"/a1 rw,noatime /a2 rw,relatime /a3 rw"

# masked and read-only paths
bundle_with "$B" sh -c 'cat /proc/keys 2>&1 | wc -c; ls /sys/firmware | wc -l;
	echo 1 > /proc/sys/kernel/domainname 2>&1; grep -c . /proc/self/mountinfo'
run_in "$B"
check "masked file reads empty" equals "$(echo "$OUT" | sed -n 1p)" 0
check "masked directory is empty" equals "$(echo "$OUT" | sed -n 2p)" 0
check "read-only /proc/sys" contains "$ERR" "Read-only file system"
# relative ones are the root's, an empty one names nothing (as runc and crun)
bundle_with "$B" sh -c 'wc -c </etc/passwd; (echo x >>/etc/group) 2>&1; echo x >>/etc/hostname && echo hostname-ok'
edit_config "$B" '.linux.maskedPaths = ["etc/passwd", ""] | .linux.readonlyPaths = ["etc/group", ""]'
run_in "$B"
check "relative masked and read-only paths: runs" equals "$RC" 0 || diag "$ERR"
check "a relative masked path is masked" equals "$(echo "$OUT" | sed -n 1p)" 0
check "a relative read-only path is read-only" contains "$(echo "$OUT" | sed -n 2p)" \
	"Read-only file system"
check "...and nothing else is" equals "$(echo "$OUT" | sed -n 3p)" hostname-ok

# a read-only root
bundle_with "$B" sh -c 'touch /x 2>&1; touch /tmp/x 2>&1 && echo tmp-ok'
edit_config "$B" '.root.readonly = true | .mounts += [{"destination": "/tmp", "type": "tmpfs", "source": "tmpfs"}]'
run_in "$B"
check "read-only root refuses writes" contains "$OUT" "Read-only file system"
check "a tmpfs under it is writable" contains "$OUT" "tmp-ok"

# device nodes: the defaults, links, and a configured one with mode and owner
bundle_with "$B" sh -c 'for d in null zero full random urandom tty; do stat -c "%n %t:%T %a" /dev/$d; done;
	for l in fd stdin stdout stderr ptmx; do readlink /dev/$l; done;
	stat -c "%n %F %t:%T %a %u:%g" /dev/mydev; echo x > /dev/null && echo null-ok;
	head -c 4 /dev/zero | wc -c'
edit_config "$B" '.linux.devices = [{"path": "/dev/mydev", "type": "c", "major": 1, "minor": 7,
	"fileMode": 416, "uid": 12, "gid": 34}] |
	.linux.resources.devices += [{"allow": true, "type": "c", "major": 1, "minor": 7, "access": "rwm"}]'
run_in "$B"
check "/dev/null is 1:3 0666" contains "$OUT" "/dev/null 1:3 666"
check "/dev/zero is 1:5" contains "$OUT" "/dev/zero 1:5 666"
check "/dev/full is 1:7" contains "$OUT" "/dev/full 1:7 666"
check "/dev/random is 1:8" contains "$OUT" "/dev/random 1:8 666"
check "/dev/urandom is 1:9" contains "$OUT" "/dev/urandom 1:9 666"
check "/dev/tty is 5:0" contains "$OUT" "/dev/tty 5:0 666"
check "/dev/fd link" contains "$OUT" "/proc/self/fd"
check "/dev/ptmx link" contains "$OUT" "pts/ptmx"
check "configured device" contains "$OUT" "/dev/mydev character special file 1:7 640 12:34"
check "/dev/null works" contains "$OUT" "null-ok"

# a device path with a trailing slash names the node (as runc and crun)
bundle_with "$B" stat -c "%n %t:%T" /dev/slashdev
edit_config "$B" '.linux.devices = [{"path": "/dev/slashdev/", "type": "c", "major": 1, "minor": 7}]'
run_in "$B"
check "a trailing slash in a device path is dropped" equals "$OUT" "/dev/slashdev 1:7"

# propagation of a configured mount (rshared) and of the root
bundle_with "$B" sh -c 'grep " /shared " /proc/self/mountinfo'
edit_config "$B" '.mounts += [{"destination": "/shared", "type": "tmpfs", "source": "tmpfs", "options": ["rshared"]}]'
run_in "$B"
check "rshared mount has a peer group" contains "$OUT" "shared:"

# a Bidirectional volume: a host directory that is a shared mount of its own,
# bound in with rshared. With rootfsPropagation rshared a mount made inside the
# container appears on the host; by default (rslave) it does not.
# bidir_run PROPAGATION: run with it ("" for none), OUT = what the host sees
bidir_run() {
	local h=$TESTS_TMP/bidir
	mkdir -p "$h"
	mount --bind "$h" "$h" && mount --make-private "$h" && mount --make-shared "$h"
	mkdir -p "$h/inner"
	bundle_with "$B" sh -c 'mount -t tmpfs -o size=1m inner /vol/inner && echo made >/vol/inner/f'
	edit_config "$B" '.mounts += [{"destination": "/vol", "type": "bind", "source": $h, "options": ["rbind", "rshared"]}]' --arg h "$h"
	grant_cap "$B" CAP_SYS_ADMIN
	[ -n "$1" ] && edit_config "$B" '.linux.rootfsPropagation = $p' --arg p "$1"
	run_in "$B"
	OUT="$(cat "$h/inner/f" 2>&1); $(awk -v m="$h/inner" '$5 == m { print "mounted" }' /proc/self/mountinfo)"
	umount "$h/inner" 2>/dev/null
	umount "$h"
	rmdir "$h/inner" "$h"
}
bidir_run rshared
check "rootfsPropagation rshared: the container runs" equals "$RC" 0
check "rootfsPropagation rshared: a mount made inside is on the host" equals "$OUT" "made; mounted"
check "rootfsPropagation rshared: no host mount left" bash -c "! grep -q ' $TESTS_TMP/bidir' /proc/self/mountinfo"
check "rootfsPropagation rshared: nothing else left" leaves_nothing "$LAST_ID" "$B"
bidir_run ""
check "no rootfsPropagation: the container runs" equals "$RC" 0
check "no rootfsPropagation: a mount made inside stays inside" bash -c "case \"\$1\" in *'No such file'*';'' ') exit 0;; esac; echo \"# got: \$1\"; exit 1" _ "$OUT"
bundle_with "$B" sh -c 'awk "\$5 == \"/\"" /proc/self/mountinfo'
edit_config "$B" '.linux.rootfsPropagation = "rshared"'
run_in "$B"
check "rootfsPropagation rshared: the container's / is shared" contains "$OUT" " shared:"

# the root inside a shared mount of the host: pivot_root refuses a shared
# parent, so every propagation but a shared one leaves the mount holding the
# root a slave or private first (rslave and rprivate reach it with "/", slave
# and private alone by a walk up to it); a mount made inside stays inside
shared_root_run() {
	local m=$TESTS_TMP/shroot
	mkdir -p "$m"
	mount --bind "$m" "$m" && mount --make-private "$m" && mount --make-shared "$m"
	bundle_with "$m/b" sh -c 'mount -t tmpfs -o size=1m t /tmp && echo in'
	grant_cap "$m/b" CAP_SYS_ADMIN
	edit_config "$m/b" '.linux.rootfsPropagation = $p' --arg p "$1"
	run_in "$m/b"
	LEFT=$(awk -v m="$m" 'index($5, m) == 1 && $5 != m' /proc/self/mountinfo)
	# what leaked (a failure) goes with it, before anything is removed
	umount -R "$m" 2>/dev/null || umount -R -l "$m"
	rm -rf --one-file-system "$m"
}
for prop in rslave rprivate slave private; do
	shared_root_run "$prop"
	check "root in a shared host mount, rootfsPropagation $prop: the container runs" \
		equals "$RC: $OUT" "0: in"
	[ "$RC" = 0 ] || diag "$ERR"
	check "...and its tmpfs does not reach the host" equals "$LEFT" ""
done

# tmpcopyup: the tmpfs starts with what the directory it covers held
bundle_with "$B" sh -c 'grep " /seed " /proc/self/mounts | cut -d" " -f3; stat -c "%a %u:%g %n" /seed/f /seed/d; readlink /seed/l; cat /seed/d/g; echo new >/seed/h'
mkdir -p "$B/rootfs/seed/d"
echo f-data >"$B/rootfs/seed/f"
echo g-data >"$B/rootfs/seed/d/g"
ln -s d/g "$B/rootfs/seed/l"
chmod 0640 "$B/rootfs/seed/f"
chmod 0710 "$B/rootfs/seed/d"
chown 1000:1001 "$B/rootfs/seed/f"
edit_config "$B" '.mounts += [{"destination": "/seed", "type": "tmpfs", "source": "tmpfs", "options": ["tmpcopyup"]}]'
run_in "$B"
check "tmpcopyup: the run succeeds" equals "$RC" 0
[ "$RC" = 0 ] || diag "$ERR"
check "tmpcopyup: a tmpfs with the contents, owners and modes" equals "$OUT" "tmpfs
640 1000:1001 /seed/f
710 0:0 /seed/d
d/g
g-data"
check "tmpcopyup: the covered directory is untouched" test ! -e "$B/rootfs/seed/h"

# mounts are made in order: a bind source that an earlier mount made is found
bundle_with "$B" sh -c 'touch /data/sub/x && ls /mirror'
edit_config "$B" '.mounts += [{"destination": "/data", "type": "tmpfs", "source": "tmpfs"},
	{"destination": "/data/sub", "type": "tmpfs", "source": "tmpfs"},
	{"destination": "/mirror", "type": "bind", "source": ($b + "/rootfs/data/sub"), "options": ["bind"]}]' --arg b "$B"
run_in "$B"
check "bind of a source an earlier mount made" equals "$OUT" x
[ "$RC" = 0 ] || diag "$ERR"
check "bind of a source an earlier mount made: nothing left" leaves_nothing "$LAST_ID" "$B"

finish

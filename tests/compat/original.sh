#!/bin/bash
# The original libct's own test programs (tests/compat/original/, as they
# are upstream: README there) build against the installed library and pass.
# The build is installed into a staging directory (meson install --destdir);
# each program is compiled as its Makefile did (-g -Wall -Werror
# -D_FILE_OFFSET_BITS=64 -D_GNU_SOURCE), with
# `pkg-config --cflags --libs libct-compat` in place of its source tree, and
# run in a directory of its own (they make files in their cwd; file_piggy
# and a busybox "root" are put there as their Makefile did). Each runs in a
# mount and network namespace of its own: its veths, the state directory
# (a tmpfs on /run/ct) and the service cgroup mount stay there.
# Programs that need OpenVZ, AppArmor or a dummy network device are skipped.
# Env: BUILD (default: build).
. "$(dirname "$0")/../lib/common.sh"
need_root
BUILD=${BUILD:-$TOP/build}
SRC=$(cd "$(dirname "$0")/original" && pwd)
CC=${CC:-cc}
for tool in pkg-config unshare timeout; do
	command -v "$tool" >/dev/null || { echo "1..0 # SKIP no $tool"; exit 0; }
done

PROGRAMS="ct_create ct_enter ct_proc ct_root ct_root_enter ct_create_exec ct_cgroup_basic
	ct_net_veth ct_private_subdir ct_ext_mount ct_private_subdir_ns ct_cgroup_sub
	ct_service ct_kill_nons ct_pid_enter ct_userns ct_caps ct_fds ct_pause
	ct_userns_self ct_enter_pidns ct_switch vz_create_exec vz_enter vz_net_veth"
SKIPPED=("ct_apparmor:needs AppArmor" "ct_net_host:needs a dummy network device"
	"vz_cgroup_memory:needs OpenVZ" "vz_cgroup_cpu:needs OpenVZ" "vz_cgroup_blkio:needs OpenVZ")

sums=$(cd "$SRC" && sha256sum --quiet -c SHA256SUMS 2>&1)
check "the carried sources are upstream's (SHA256SUMS)" equals "$?" 0 || diag "$sums"

D=$TESTS_TMP/destdir
out=$(meson install -C "$BUILD" --no-rebuild --destdir "$D" 2>&1)
check "meson install --destdir" equals "$?" 0 || diag "$out"
pc=$(find "$D" -name libct-compat.pc | head -1)
check "libct-compat.pc is installed" test -n "$pc"
pcdir=$(dirname "${pc:-/nonexistent/x}")
libdir=$(find "$D" -name 'libct.so.1' -printf '%h\n' | head -1)
pkgc() { PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$D pkg-config "$@"; }
cflags=$(pkgc --cflags libct-compat 2>&1)
check "pkg-config --cflags libct-compat" equals "$?" 0 || diag "$cflags"
libs=$(pkgc --libs libct-compat 2>&1)
check "pkg-config --libs libct-compat" equals "$?" 0 || diag "$libs"
check "... its include directory holds the original header names" \
	test -f "$D/usr/local/include/libct-compat/libct.h" \
	-a -f "$D/usr/local/include/libct-compat/libct-errors.h" \
	-a -f "$D/usr/local/include/libct-compat/libct-log-levels.h"

# build: with the flags of the original's test/Makefile (its CFLAGS and the
# DEFINES its top Makefile exports), pkg-config's in place of its tree
B=$TESTS_TMP/bin
mkdir -p "$B"
built=""
for p in file_piggy $PROGRAMS; do
	# shellcheck disable=SC2086
	o=$("$CC" -g -Wall -Werror -D_FILE_OFFSET_BITS=64 -D_GNU_SOURCE $cflags \
		-o "$B/$p" "$SRC/$p.c" $libs 2>&1)
	if check "$p.c builds unmodified" equals "$?" 0; then
		built+=" $p"
	else
		diag "$o"
	fi
done

# a busybox root for the vz_* programs ("root" in their cwd, as their
# Makefile fetched it)
make_bundle "$TESTS_TMP/busybox" true

# run_one NAME: in a fresh directory, its own mount and network namespace
run_one() {
	local p=$1 dir=$TESTS_TMP/run/$1
	mkdir -p "$dir"
	chmod 755 "$dir"
	cp "$B/file_piggy" "$dir/"
	case $p in vz_*) cp -a "$TESTS_TMP/busybox/rootfs" "$dir/root" ;; esac
	# shellcheck disable=SC2016
	(cd "$dir" && LD_LIBRARY_PATH=$libdir timeout -k 10 120 \
		unshare --mount --net --propagation private sh -c '
			mount -t tmpfs -o mode=0700 ct-state /run/ct || exit 99
			ip link set lo up 2>/dev/null
			exec "$0"' "$B/$p" </dev/null 2>&1)
}

# these look at v1 hierarchies by path (freezer, the name=libct service one)
V1_ONLY=" ct_cgroup_basic ct_cgroup_sub ct_service "
v1=false
[ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = tmpfs ] && [ -d /sys/fs/cgroup/freezer ] && v1=true

for p in $PROGRAMS; do
	if ! $v1 && [[ $V1_ONLY == *" $p "* ]]; then
		ok "$p # SKIP needs cgroup v1 (a freezer hierarchy)"
		continue
	fi
	case " $built " in
	*" $p "*) ;;
	*) not_ok "$p runs and passes (not built)"; continue ;;
	esac
	out=$(run_one "$p")
	rc=$?
	if check "$p exits 0" equals "$rc" 0 && check "$p reports PASS" contains "$out" ": PASS: "; then
		:
	else
		diag "$(printf '%s\n' "$out" | tail -n 15)"
	fi
	left=$(find /sys/fs/cgroup -maxdepth 2 -type d \( -name test -o -name test-fr -o \
		-name test-k -o -name test-s -o -name test1 -o -name test2 -o -name 1337 -o \
		-name 1339 \) 2>/dev/null | head -3)
	check "$p leaves no cgroup behind" equals "$left" ""
	check "$p leaves no mount behind" sh -c '! grep -q " $1/" /proc/self/mountinfo' sh "$TESTS_TMP/run/$p"
done
for s in "${SKIPPED[@]}"; do
	ok "${s%%:*} # SKIP ${s#*:}"
done
finish

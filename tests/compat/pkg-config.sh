#!/bin/bash
# A program written only against <libct/compat.h>, in the original library's
# style (examples/spawn-callback.c), builds with `pkg-config --cflags --libs
# libct` against an installed libct and runs: the build is installed into a
# staging directory (meson install --destdir), pkg-config is pointed at it
# (PKG_CONFIG_SYSROOT_DIR puts the staging directory before -I and -L), and
# the program runs with LD_LIBRARY_PATH on the staged library.
# Env: BUILD (default: build).
. "$(dirname "$0")/../lib/common.sh"
need_root
BUILD=${BUILD:-$TOP/build}
command -v pkg-config >/dev/null || { echo "1..0 # SKIP no pkg-config"; exit 0; }
CC=${CC:-cc}
D=$TESTS_TMP/destdir

out=$(meson install -C "$BUILD" --no-rebuild --destdir "$D" 2>&1)
check "meson install --destdir" equals "$?" 0 || diag "$out"
pc=$(find "$D" -name libct.pc | head -1)
check "libct.pc is installed" test -n "$pc"
pcdir=$(dirname "${pc:-/nonexistent/x}")
libdir=$(find "$D" -name 'libct.so.1' -printf '%h\n' | head -1)
check "libct.so.1 is installed" test -n "$libdir"
incdir=$(find "$D" -path '*/include/libct' -type d | head -1)
check "<libct/compat.h> is installed" test -f "$incdir/compat.h"
check "<libct/libct.h> is installed" test -f "$incdir/libct.h"

pkgc() { PKG_CONFIG_PATH=$pcdir PKG_CONFIG_SYSROOT_DIR=$D pkg-config "$@"; }
flags=$(pkgc --cflags --libs libct 2>&1)
check "pkg-config --cflags --libs libct" equals "$?" 0
check "... names the staged include dir" contains "$flags" "-I${incdir%/libct} "
check "... links -lct" contains "$flags" "-lct"
diag "flags: $flags"

# the example as a user would build it: no project flags, only pkg-config's
bin=$TESTS_TMP/spawn-callback
# shellcheck disable=SC2086
cc_out=$("$CC" -o "$bin" "$TOP/examples/spawn-callback.c" $flags 2>&1)
check "examples/spawn-callback.c builds with pkg-config's flags" equals "$?" 0 || diag "$cc_out"
check "... and links against the staged libct.so.1" \
	contains "$(LD_LIBRARY_PATH=$libdir ldd "$bin" 2>&1)" "$libdir/libct.so.1"
# the original names are bound to libct_compat_* (the asm labels of compat.h)
syms=$(nm -u "$bin" 2>/dev/null | grep -o 'libct_[a-z_]*' | sort -u | tr '\n' ' ')
check "... and calls only libct_compat_* functions" \
	sh -c '! printf "%s\n" "$1" | tr " " "\n" | grep -v "^libct_compat_" | grep -q .' sh "$syms"
check "... such as libct_compat_container_spawn_cb" contains "$syms" "libct_compat_container_spawn_cb"

run=$(LD_LIBRARY_PATH=$libdir "$bin" 2>&1)
rc=$?
check "it runs (exit 0)" equals "$rc" 0
check "... and reports pid 1 in the container" contains "$run" "pid in the container: 1"
check "... and the hostname" contains "$run" "hostname in the container: callback-host"
[ "$rc" = 0 ] || diag "$run"

# both headers in one file is refused, as compat.h says
printf '#include <libct/libct.h>\n#include <libct/compat.h>\nint main(void){return 0;}\n' >"$TESTS_TMP/both.c"
# shellcheck disable=SC2086
both=$("$CC" -c -o "$TESTS_TMP/both.o" "$TESTS_TMP/both.c" $(pkgc --cflags libct) 2>&1)
check "including libct.h and compat.h in one file is an error" test $? != 0
check "... that says why" contains "$both" "cannot be included in one file"
finish

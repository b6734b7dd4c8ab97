#!/bin/bash
# The python suite: the pytest tests of the libct package (tests/python),
# against the package assembled in the build tree, as TAP (one line per
# pytest test). Skips only when the binding or pytest cannot be had.
# Env: PYTHON (the interpreter the binding was built for), BUILD.
set -u
here=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-$here/../../build}
PYTHON=${PYTHON:-/usr/bin/python3}
if [ ! -d "$BUILD/python/libct" ]; then
	echo "1..0 # SKIP the Python binding is not built (python3-dev missing)"
	exit 0
fi
if ! "$PYTHON" -c 'import pytest' 2>/dev/null; then
	echo "1..0 # SKIP pytest is not installed (python3-pytest)"
	exit 0
fi
log=$(mktemp /tmp/ct-pytest-log.XXXXXX)
trap 'rm -f "$log"' EXIT
cd "$here" || exit 1
PYTHONPATH=$BUILD/python PYTHONDONTWRITEBYTECODE=1 BUILD=$BUILD \
	timeout -k 5 600 "$PYTHON" -m pytest -p no:cacheprovider -v -rfE --tb=short "$here" >"$log" 2>&1
rc=$?
# pytest -v lines "test_x.py::test_y PASSED [ 10%]" become TAP lines
awk '
/^[^ ]+::[^ ]+ (PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)/ {
	n++; name = $1; st = $2
	if (st == "PASSED" || st == "XFAIL") print "ok " n " - " name
	else if (st == "SKIPPED") print "ok " n " - " name " # SKIP"
	else print "not ok " n " - " name
}
END { print "1.." n + 0 }' "$log" >"$log.tap"
# a run that failed outside any test (a collection error, a crash) fails too
if [ "$rc" != 0 ] && ! grep -q '^not ok' "$log.tap"; then
	n=$(($(grep -c '^ok' "$log.tap") + 1))
	sed -i '$d' "$log.tap"
	printf 'not ok %d - pytest exits 0 (it exited %d)\n1..%d\n' "$n" "$rc" "$n" >>"$log.tap"
fi
# the plan first, then the lines, then pytest's own report as diagnostics
tail -1 "$log.tap"
head -n -1 "$log.tap"
sed 's/^/# /' "$log"
rm -f "$log.tap"
exit "$rc"

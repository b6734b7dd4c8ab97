#!/bin/bash
# The C code follows .clang-format (doc/style.md): one check that names the
# files clang-format would change, with the command that formats them.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
echo "1..1"
out=$("$top/scripts/check-format" 2>&1)
rc=$?
if [ $rc = 2 ]; then
	echo "ok 1 - C code follows .clang-format # SKIP $out"
	exit 0
fi
if [ $rc = 0 ]; then
	echo "ok 1 - C code follows .clang-format"
else
	echo "not ok 1 - C code follows .clang-format"
	printf '%s\n' "$out" | sed 's/^/# /'
fi
exit 0

#!/bin/bash
# A program with other threads embeds libct: its containers start even while
# those threads hold malloc's lock (tests/regress/threads.c).
. "$(dirname "$0")/../lib/common.sh"
need_root
[ -n "${THREADS_BIN:-}" ] || { echo "1..0 # SKIP the threads helper is not built"; exit 0; }
bundle_with "$TESTS_TMP/b" true
mkdir -p "$TESTS_TMP/lib-state"
relay "" "$THREADS_BIN" "$TESTS_TMP/lib-state" "$TESTS_TMP/b" 200
check "no state directory left" equals "$(ls "$TESTS_TMP/lib-state" | wc -l)" 0
finish

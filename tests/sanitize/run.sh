#!/bin/bash
# The sanitize suite: the library and ct built with AddressSanitizer and
# UndefinedBehaviorSanitizer (a build of its own, SAN_BUILD), then the unit
# tests and the root, cli, regress and faults suites run against it with
# halt_on_error.
# Reports of every process, forked children and containers' runtime copies
# included, go to log_path files; any report is a failure. One TAP stream:
# each suite's checks, renumbered, then the verdict on the reports.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SAN_BUILD=${SAN_BUILD:-$TOP/build/san}
if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root"
	exit 0
fi
if [ ! -f "$SAN_BUILD/build.ninja" ]; then
	meson setup "$SAN_BUILD" "$TOP" -Db_sanitize=address,undefined -Db_lundef=false -Dpython=disabled \
		>"$SAN_BUILD.setup.log" 2>&1 || {
		echo "not ok 1 - configure the sanitizer build"; sed 's/^/# /' "$SAN_BUILD.setup.log" | tail -20
		echo "1..1"; exit 1; }
fi
if ! ninja -C "$SAN_BUILD" >"$SAN_BUILD.build.log" 2>&1; then
	echo "not ok 1 - build with -Db_sanitize=address,undefined"
	sed 's/^/# /' "$SAN_BUILD.build.log" | tail -30
	echo "1..1"
	exit 1
fi
LOGS=$(mktemp -d /tmp/ct-sanitize.XXXXXX)
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:log_path=$LOGS/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$LOGS/ubsan"
export CT=$SAN_BUILD/ct LIB_EXEC=$SAN_BUILD/tests/lib-exec KILLER=$SAN_BUILD/tests/faults/ct-killer
# fewer kills per phase than the faults suite itself (ASan makes each call slower)
export TRIES=${SAN_TRIES:-30}
# the shared TAP helpers (ok, not_ok, relay, finish); CT, set above, is kept
. "$TOP/tests/lib/common.sh"
# run NAME COMMAND...: the command's TAP lines (its stderr too), renumbered and named
both() { "$@" 2>&1; }
run() {
	local name=$1
	shift
	relay "$name: " both "$@"
}
for t in "$SAN_BUILD"/tests/unit/test-*; do
	[ -f "$t" ] && [ -x "$t" ] && run "unit/$(basename "$t")" "$t"
done
for s in root cli regress faults; do
	# the faults suite kills ct at random points, also while LeakSanitizer
	# reports at exit (an empty, cut-off report): leaks are checked by the
	# other suites, memory errors here too
	opts=$ASAN_OPTIONS
	[ "$s" = faults ] && opts=${ASAN_OPTIONS/detect_leaks=1/detect_leaks=0}
	for t in "$TOP"/tests/$s/*.sh; do
		# cgroup-v1.sh runs cgroup.sh and failure.sh again, on v1 alone:
		# the same code as on this host's v1 hierarchies, run above
		[ "$t" = "$TOP/tests/root/cgroup-v1.sh" ] && continue
		# inject.sh: ct's own calls only, not the sanitizer runtime's, in
		# the phases with the most paths (the suite runs them all)
		ONLY_OWN=1 PHASES="run|exec|run, user namespace" \
			ASAN_OPTIONS=$opts run "$s/$(basename "$t" .sh)" bash "$t"
	done
done
if ls "$LOGS" | grep -q .; then
	not_ok "sanitizer reports: $(ls "$LOGS" | tr '\n' ' ')"
	cat "$LOGS"/* | head -60 | sed 's/^/# /'
else
	ok "no AddressSanitizer or UndefinedBehaviorSanitizer report from any process"
fi
rm -rf "$LOGS"
finish

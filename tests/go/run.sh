#!/bin/bash
# The go suite: the Go binding (go/) built the way a user builds it, with
# only go and pkg-config against the installed library (meson install into
# a staging directory), its `go test` tests as TAP, the network test in a
# namespace of the suite's own, and examples/go built with `go build` and
# run. Skips only when there is no Go toolchain (golang-go).
# Every step is bounded (timeout), so that a hang is a failing check with
# its output, not a killed suite.
# Env: BUILD, CT.
. "$(dirname "$0")/../lib/common.sh"
need_root
BUILD=${BUILD:-$TOP/build}
command -v go >/dev/null || { echo "1..0 # SKIP no Go toolchain (golang-go)"; exit 0; }
# no network, no HOME: caches under the test's directory, modules only local
export GOCACHE=$TESTS_TMP/gocache GOPATH=$TESTS_TMP/gopath GOPROXY=off GOFLAGS=-mod=mod \
	GOTOOLCHAIN=local HOME=${HOME:-$TESTS_TMP}
D=$TESTS_TMP/destdir
NS="ctt$$go"

go_cleanup() {
	ip netns del "$NS" 2>/dev/null
	cleanup_all
}
trap go_cleanup EXIT

out=$(meson install -C "$BUILD" --no-rebuild --destdir "$D" 2>&1)
check "meson install --destdir" equals "$?" 0 || diag "$out"
pc=$(find "$D" -name libct.pc -printf '%h\n' | head -1)
libdir=$(find "$D" -name 'libct.so.1' -printf '%h\n' | head -1)
export PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$D LD_LIBRARY_PATH=$libdir

make_bundle "$TESTS_TMP/bundle" true
export LIBCT_TEST_ROOTFS=$TESTS_TMP/bundle/rootfs LIBCT_TEST_BUNDLE=$TESTS_TMP/bundle

cd "$TOP/go" || exit 1
out=$(timeout -k 5 300 go vet ./... 2>&1)
check "go vet" equals "$?" 0 || diag "$out"
bin=$TESTS_TMP/libct.test
out=$(timeout -k 5 300 go test -c -o "$bin" . 2>&1)
check "go test -c (cgo flags from pkg-config libct)" equals "$?" 0 || diag "$out"

# go test -v: one TAP line per test
gotest() {
	local log=$TESTS_TMP/gotest.log name
	timeout -k 5 300 "$@" -test.v -test.count=1 -test.timeout=240s >"$log" 2>&1
	local rc=$?
	while read -r _ st name _; do
		case $st in
		PASS:) ok "go: $name" ;;
		SKIP:) ok "go: $name # SKIP" ;;
		FAIL:) not_ok "go: $name" ;;
		esac
	done < <(grep -E '^--- (PASS|FAIL|SKIP):' "$log")
	[ "$rc" = 0 ] || { not_ok "go test exits 0 ($*)"; sed 's/^/# /' "$log"; }
}
# from /: TestSpawnExecv mounts a tmpfs on /tmp with commands that run in
# the caller's directory (the original libct's rule), which a checkout
# under /tmp would have hidden
cd / || exit 1
gotest "$bin"

# the network test in a namespace the suite made: the host end of the
# veth stays there, and nothing reaches the machine's own namespace
ip netns add "$NS" && ip netns exec "$NS" ip link set lo up &&
	ip netns exec "$NS" ip addr add 10.254.0.1/16 dev lo
check "a network namespace for the net test" equals "$?" 0
gotest env LIBCT_TEST_NETNS=1 nsenter --net="/run/netns/$NS" "$bin" -test.run '^TestNet$'

# a program built with go build alone, run: a container with a memory limit
cd "$TOP/examples/go" || exit 1
ex=$TESTS_TMP/run-limits
out=$(timeout -k 5 300 go build -o "$ex" ./run-limits 2>&1)
check "examples/go: go build" equals "$?" 0 || diag "$out"
out=$(LIBCT_STATE_DIR=$TESTS_TMP/ex-state timeout -k 5 120 "$ex" "$LIBCT_TEST_ROOTFS" 2>&1)
check "examples/go/run-limits: runs" equals "$?" 0
check "... prints the container's view and its limit" equals "$out" "in sh
limit $((64 << 20))"
check "... leaves no container" equals "$(ls "$TESTS_TMP/ex-state" 2>/dev/null)" ""
finish

#!/bin/bash
# The systemd cgroup driver costs nothing on the cgroupfs path: libsystemd is
# dlopen()ed only when a container asks for the systemd driver, so a plain
# `ct run` maps no libsystemd (tests/systemd/checks.sh sees it mapped in a
# systemd-driver create, so this check can fail).
. "$(dirname "$0")/../lib/common.sh"
need_root
B=$TESTS_TMP/b
bundle_with "$B" sleep 600
id=$(new_id)
"$CT" --root "$CT_ROOT" run -b "$B" "$id" </dev/null >/dev/null 2>"$TESTS_TMP/err" &
rpid=$!
wait_status "$id" running 60
check "ct run (cgroupfs driver) is running" equals "$(ct state "$id" | jq -r .status)" running
maps=$(cat "/proc/$rpid/maps")
check "the maps are ct's own" contains "$maps" "$(readlink -f "$CT")"
case $maps in
*libsystemd*) not_ok "no libsystemd mapped in a cgroupfs run"; diag "$(grep libsystemd <<<"$maps" | head -3)" ;;
*) ok "no libsystemd mapped in a cgroupfs run" ;;
esac
ct kill "$id" KILL
wait "$rpid"
check "ct run ends with the container (status 137)" equals "$?" 137
check "stderr of the run" equals "$(cat "$TESTS_TMP/err")" ""
quiet ct delete -f "$id"
check "nothing left" leaves_nothing "$id" "$B"
finish

#!/bin/bash
# A Type=notify service whose ExecStart is `ct run -d` (run by all.sh, with
# systemd as PID 1): systemctl start returns once the container has sent
# READY=1 to its own socket, the service's main pid is then the container's
# init, a stop ends the container, and a container that exits before READY=1
# fails the start and leaves nothing once ExecStopPost has run.
. "$(dirname "$0")/../lib/common.sh"
need_root
if [ "$(cat /proc/1/comm)" != systemd ]; then
	echo "1..0 # SKIP needs systemd as PID 1"
	exit 0
fi
CT=$(readlink -f "$CT")
BIN=${SD_NOTIFY_BIN:-$TOP/build/tests/sd-notify}
prop() { systemctl show -P "$2" "$1"; }
B=$TESTS_TMP/b
# the container marks that it is about to be ready, a second after its start
bundle_with "$B" sh -c 'trap "exit 0" TERM; sleep 1; touch /tmp/ready; /sd-notify READY=1
	while :; do sleep 0.1; done'
cp "$BIN" "$B/rootfs/sd-notify"
id=$(new_id)
unit=ct-notify-$id.service
# write_unit: the service, which runs the bundle $B as container $id
write_unit() {
	cat >"/run/systemd/system/$unit" <<UNIT
[Service]
Type=notify
ExecStart=$CT --root $CT_ROOT run -d -b $B $id
ExecStopPost=$CT --root $CT_ROOT delete -f $id
TimeoutStartSec=60
TimeoutStopSec=20
# systemd cannot wait for a main pid that is not its child: after its stop
# it reports that pid as killed (as with runc's notify socket)
SuccessExitStatus=SIGKILL
UNIT
	systemctl daemon-reload
}
write_unit
check "systemctl start of a Type=notify service running ct run -d" \
	timeout 90 systemctl start "$unit"
check "...returns after the container's READY=1" test -e "$B/rootfs/tmp/ready"
check "...the service is active" equals "$(prop "$unit" ActiveState)/$(prop "$unit" SubState)" \
	active/running
pid=$(ct state "$id" | jq -r .pid)
check "...its main pid is the container's init" equals "$(prop "$unit" MainPID)" "$pid"
# the default cgroup path, relative: from the parent of ct's own cgroup (the
# service's, which has processes: no controller could be enabled below it),
# as runc places it; the bundle's memory limit applied there
check "...its cgroup beside the service's, as runc places it" equals "$(cat "/proc/$pid/cgroup")" \
	"0::/system.slice/ct/$id"
check "...with the bundle's memory limit" equals \
	"$(cat "/sys/fs/cgroup/system.slice/ct/$id/memory.max" 2>&1)" \
	"$(jq -r .linux.resources.memory.limit "$B/config.json")"
check "systemctl stop" timeout 60 systemctl stop "$unit"
check "...ends the container, and ExecStopPost removes it" equals "$(leftovers "$id")" ""
check "...the service is inactive" equals "$(prop "$unit" ActiveState)" inactive
[ "$(prop "$unit" ActiveState)" = inactive ] || diag "$(journalctl -u "$unit" -o cat | tail -8)"

# a container that exits before READY=1: the start fails, nothing is left
bundle_with "$B" sh -c 'exit 3'
write_unit
check "start of a service whose container exits before READY=1 fails" \
	bash -c '! timeout 90 systemctl start "$1"' _ "$unit"
check "...the service failed" equals "$(prop "$unit" ActiveState)" failed
check "...the journal has ct's warning" contains "$(journalctl -u "$unit" -o cat 2>/dev/null)" \
	"exited before it sent READY=1"
check "...and nothing is left" equals "$(leftovers "$id")" ""
systemctl reset-failed "$unit" 2>/dev/null
rm -f "/run/systemd/system/$unit"
systemctl daemon-reload
finish

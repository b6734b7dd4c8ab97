# SPDX-License-Identifier: LGPL-2.1-or-later
"""Clock offsets of a container's new time namespace (linux.timeOffsets):
what the container reads of boottime and monotonic, and the errors."""
import pytest

import libct
from conftest import basic_config, run_output


def test_time_offsets(session, rootfs, new_id):
    ns = {"pid": None, "mount": None, "ipc": None, "uts": None, "time": None}
    cfg = basic_config(rootfs, namespaces=ns,
                       time_offsets={"boottime": 1000000, "monotonic": (-5, 7)})
    host_up = float(open("/proc/uptime").read().split()[0])
    with session.container(new_id(), cfg) as ct:
        status, out = run_output(ct, ["/bin/sh", "-c", "cat /proc/uptime /proc/self/timens_offsets"])
        ct.delete()
    assert status == 0, out
    lines = out.split("\n")
    assert host_up + 1000000 <= float(lines[0].split()[0]) < host_up + 1000060
    assert lines[1].split() == ["monotonic", "-5", "7"]
    assert lines[2].split() == ["boottime", "1000000", "0"]


def test_time_offset_errors(session, rootfs, new_id):
    for offsets, want in (({"realtime": 1}, "time offset: unknown clock 'realtime'"),
                          ({"boottime": (1, 1000000000)}, "nanosecs 1000000000 is not below")):
        with pytest.raises(libct.InvalidArgumentError) as ei:
            session.container(new_id(), basic_config(rootfs, time_offsets=offsets))
        assert want in str(ei.value)
    with session.container(new_id(), basic_config(rootfs, time_offsets={"boottime": 1})) as ct:
        with pytest.raises(libct.InvalidArgumentError) as ei:
            ct.run(["/bin/true"])
    assert "time offsets need a new time namespace" in str(ei.value)
    assert session.list() == []

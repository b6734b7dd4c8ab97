#!/usr/bin/python3
# run-limits.py ROOTFS: run a shell in a busybox root with a 64 MiB memory
# limit and 32 pids, and print what it sees of them.
# The state directory is /run/ct, or $LIBCT_STATE_DIR.
import os
import sys

import libct

cfg = libct.Config(root=sys.argv[1], hostname="limits",
                   namespaces={"pid": None, "mount": None, "uts": None, "ipc": None},
                   mounts=[libct.Mount("/proc", "proc", "proc")],
                   resources=libct.Resources(memory_limit=64 << 20, pids_limit=32))
with libct.Session(os.environ.get("LIBCT_STATE_DIR")) as s, s.container("py-limits", cfg) as ct:
    ct.run(["/bin/sh", "-c", "echo $(hostname) pid $$"])
    status = ct.wait()
    print("memory limit", ct.read_cgroup_file("memory", "memory.limit_in_bytes"))
    print("pids limit", ct.read_cgroup_file("pids", "pids.max"))
    ct.delete()
sys.exit(status)

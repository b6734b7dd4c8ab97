#!/usr/bin/python3
# exec-pause.py ROOTFS: start a container running sleep, run a second
# process in it (exec), freeze and thaw it, print its stats, then remove it.
# The state directory is /run/ct, or $LIBCT_STATE_DIR.
import os
import signal
import sys

import libct

cfg = libct.Config(root=sys.argv[1], namespaces={"pid": None, "mount": None},
                   mounts=[libct.Mount("/proc", "proc", "proc")])
with libct.Session(os.environ.get("LIBCT_STATE_DIR")) as s, s.container("py-exec", cfg) as ct:
    ct.run(["/bin/sleep", "1000"])
    with ct.exec(["/bin/sh", "-c", "echo exec: pid $$"]) as p:
        print("exec exit", p.wait())
    ct.pause()
    print("status", ct.status)
    ct.resume()
    print("status", ct.status)
    print(ct.stats())
    ct.kill(signal.SIGKILL)
    print("init exit", ct.wait())
    ct.delete()

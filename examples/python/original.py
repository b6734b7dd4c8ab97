#!/usr/bin/python3
# original.py: a program in the original libct module's style (open_local,
# container_create, spawn_execv, ...), which runs unchanged: a shell in new
# pid and mount namespaces of the host's root, with a memory cgroup.
import os

import libct
from libct import consts

# the state directory is /run/ct, or $LIBCT_STATE_DIR
state = os.environ.get("LIBCT_STATE_DIR")
s = libct.open("local:" + state) if state else libct.open_local()
ct = s.container_create("py-original")
pd = s.process_desc_create()
ct.set_nsmask(consts.CLONE_NEWPID | consts.CLONE_NEWNS)
ct.set_option(consts.LIBCT_OPT_AUTO_PROC_MOUNT)
ct.controller_add(consts.CTL_MEMORY)
ct.controller_configure(consts.CTL_MEMORY, "memory.limit_in_bytes", str(64 << 20))
try:
    ct.spawn_execv(pd, "/bin/sh", ["sh", "-c", "echo pid $$; head -1 /proc/mounts"])
    ct.wait()
except libct.LibctError as e:
    print("failed:", e)
ct.destroy()
pd.destroy()
s.close()

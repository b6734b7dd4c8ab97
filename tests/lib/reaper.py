#!/usr/bin/env python3
"""reaper COMMAND [ARGS...]: run COMMAND below a child subreaper, as an
engine runs its runtime (containerd's shim and conmon are subreapers).

The processes ct leaves behind on purpose (a detached init, the process of
an `exec -d`) are orphans once ct exits; they come to this process, which
reaps every child as soon as it ends, rather than to the host's init, which
may reap late (a zombie in a container's pid namespace holds its init's end
until it is reaped). Exits with COMMAND's status (128+N for a signal N)."""
import ctypes
import os
import signal
import sys

PR_SET_CHILD_SUBREAPER = 36


def main():
    if len(sys.argv) < 2:
        print("usage: reaper COMMAND [ARGS...]", file=sys.stderr)
        return 2
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("reaper: prctl(PR_SET_CHILD_SUBREAPER): " + os.strerror(ctypes.get_errno()),
              file=sys.stderr)
        return 125
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(sys.argv[1], sys.argv[1:])
        except OSError as e:
            print("reaper: %s: %s" % (sys.argv[1], e.strerror), file=sys.stderr)
        os._exit(127)
    # a terminal's ^C or a TERM reaches the command, which decides
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda s, f, pid=pid: os.kill(pid, s))
    while True:
        try:
            got, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return 0
        except InterruptedError:
            continue
        if got == pid:
            if os.WIFSIGNALED(status):
                return 128 + os.WTERMSIG(status)
            return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main())

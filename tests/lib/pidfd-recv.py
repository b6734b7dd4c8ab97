#!/usr/bin/env python3
"""pidfd-recv SOCKET [--kill SIG] [--close] [--no-accept]: the receiving end
of a runtime's --pidfd-socket, as an engine that supervises by pidfd.

With --no-accept: a listener that is stuck, its backlog full (a connection
of its own waits in it), until killed. Else it
listens on SOCKET and takes one connection. With --close: closes it at once
without reading (a receiver gone before the pidfd came) and exits. Else takes
the one message (runc's form: its bytes the kind, "standard" or "setns", and
the pidfd as SCM_RIGHTS) and prints "KIND PID", PID from the pidfd's fdinfo
(the process in the host's pid namespace). With --kill SIG: then signals the
process through the pidfd (pidfd_send_signal), waits until the pidfd says it
has exited (bounded, 60 s) and prints "exited". Exits 1 when the message had
no pidfd or the process did not end."""
import array
import select
import signal
import socket
import sys


def main():
    args = sys.argv[1:]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(args[0])
    if "--no-accept" in args:
        # a backlog of 0 holds one connection; the next connect waits
        srv.listen(0)
        own = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        own.connect(args[0])
        signal.pause()
        return 0
    srv.listen(1)
    conn, _ = srv.accept()
    srv.close()
    if "--close" in args:
        conn.close()
        return 0
    fds = array.array("i")
    msg, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(fds.itemsize))
    conn.close()
    for level, kind, data in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
    if len(fds) != 1:
        print(f"{len(fds)} fds received", file=sys.stderr)
        return 1
    with open(f"/proc/self/fdinfo/{fds[0]}") as f:
        pid = [l.split()[1] for l in f if l.startswith("Pid:")]
    print(msg.decode(), pid[0] if pid else "not-a-pidfd", flush=True)
    if "--kill" in args:
        sig = int(args[args.index("--kill") + 1])
        signal.pidfd_send_signal(fds[0], sig)
        p = select.poll()
        p.register(fds[0], select.POLLIN)
        if not p.poll(60000):
            print("still running 60 s after the signal", file=sys.stderr)
            return 1
        print("exited", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

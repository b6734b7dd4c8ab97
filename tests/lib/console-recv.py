#!/usr/bin/env python3
"""console-recv [--many] SOCKET: the receiving end of a runtime's --console-socket.

Listens on SOCKET, takes the pty master fd a runtime sends there (SCM_RIGHTS),
prints "got-pty" on stdout, then drains the master until every slave is closed
(EIO), so that the container's terminal never blocks. Exits 1 if what came was
not an fd.

With --many: takes one connection after the other until killed (a runtime
that failed before it sent its fd included), closing each master at once, as
an engine that lets the terminal go; prints "got-pty" for each fd."""
import array
import os
import socket
import sys


def receive(conn):
    fds = array.array("i")
    try:
        _, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(fds.itemsize))
    except OSError:
        return fds
    for level, kind, data in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
    return fds


def many(srv):
    while True:
        conn, _ = srv.accept()
        fds = receive(conn)
        conn.close()
        for fd in fds:
            print("got-pty", flush=True)
            os.close(fd)


def main():
    args = sys.argv[1:]
    loop = args[:1] == ["--many"]
    if loop:
        args = args[1:]
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(args[0])
    srv.listen(16)
    if loop:
        return many(srv)
    conn, _ = srv.accept()
    fds = receive(conn)
    conn.close()
    srv.close()
    if not fds:
        print("no fd received", file=sys.stderr)
        return 1
    print("got-pty", flush=True)
    while True:
        try:
            if not os.read(fds[0], 4096):
                return 0
        except OSError:
            return 0


if __name__ == "__main__":
    sys.exit(main())

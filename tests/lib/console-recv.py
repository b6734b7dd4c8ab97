#!/usr/bin/env python3
"""console-recv SOCKET: the receiving end of a runtime's --console-socket.

Listens on SOCKET, takes the pty master fd a runtime sends there (SCM_RIGHTS),
prints "got-pty" on stdout, then drains the master until every slave is closed
(EIO), so that the container's terminal never blocks. Exits 1 if what came was
not an fd."""
import array
import os
import socket
import sys


def main():
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sys.argv[1])
    srv.listen(1)
    conn, _ = srv.accept()
    fds = array.array("i")
    _, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(fds.itemsize))
    for level, kind, data in anc:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
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

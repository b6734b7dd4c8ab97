#!/usr/bin/python3
"""dgram-recv.py SOCKET OUT [SECONDS]: a stand-in for a datagram socket of the
host: systemd's notify socket, /dev/log, the journal's socket.

Binds a unix datagram socket at SOCKET (an abstract one for "@name") and
appends every datagram it receives to OUT, one line each, its lines joined
with " ", followed by " +fd" when it carried file descriptors; those are
closed at once, which is how systemd confirms a BARRIER=1. Ends after
SECONDS (default 120), or on SIGTERM.
"""
import array
import os
import signal
import socket
import sys
import time


def main():
    path, out = sys.argv[1], sys.argv[2]
    end = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 120.0)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind("\0" + path[1:] if path.startswith("@") else path)
    with open(out + ".ready", "w"):
        pass
    while time.monotonic() < end:
        sock.settimeout(max(0.01, end - time.monotonic()))
        try:
            data, anc, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(16 * 4))
        except socket.timeout:
            break
        fds = array.array("i")
        for level, kind, blob in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(blob[: len(blob) - len(blob) % fds.itemsize])
        for fd in fds:
            os.close(fd)
        line = " ".join(data.decode(errors="replace").split("\n"))
        with open(out, "a") as f:
            f.write(line + (" +fd" if len(fds) else "") + "\n")


if __name__ == "__main__":
    main()

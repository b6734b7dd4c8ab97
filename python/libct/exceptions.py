# SPDX-License-Identifier: LGPL-2.1-or-later
"""The exceptions of libct.

Every failure of a libct call raises an :class:`Error`, a subclass of
:class:`OSError` that carries the C error's errno and message, and what the
message names: the step that failed (``create``, ``start``, ...), the
operation (``mount``, ``kill container``, ...) and the path. Errors of the
common errnos are also instances of the matching built-in exception, so
``except FileNotFoundError`` catches a container that does not exist::

    try:
        session.open("web")
    except FileNotFoundError as e:
        print(e.errno, e.path, e)   # 2 None container 'web' does not exist
"""
from __future__ import annotations

import errno as _errno
import os
import re

__all__ = [
    "Error", "NotFoundError", "ExistsError", "PermissionDeniedError",
    "InvalidArgumentError", "NotRunningError", "BusyError", "NotADirectoryError_",
    "NotChildError", "TimedOutError", "from_c",
]


class Error(OSError):
    """A failed libct call.

    Attributes:
        errno: the positive errno of the C error (``e.errno == errno.ENOENT``).
        message: the C library's message, e.g.
            ``"mount 'proc' on '/proc': Operation not permitted"``.
        step: the step the message is prefixed with (``"create"``), or None.
        operation: what was being done (``"mount"``), or None.
        path: the first absolute path the message quotes, or None
            (also ``filename``).
    """

    def __init__(self, errno: int, message: str, step: str | None = None,
                 operation: str | None = None, path: str | None = None):
        super().__init__(errno, message)
        self.message = message
        self.step = step
        self.operation = operation
        self.path = path
        self.filename = path

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return (type(self), (self.errno, self.message, self.step, self.operation, self.path))


class NotFoundError(Error, FileNotFoundError):
    """ENOENT: no such container, file or device."""


class ExistsError(Error, FileExistsError):
    """EEXIST: the container (or device) exists already."""


class PermissionDeniedError(Error, PermissionError):
    """EPERM or EACCES."""


class InvalidArgumentError(Error, ValueError):
    """EINVAL: a bad configuration value or a call in the wrong state."""


class NotRunningError(Error, ProcessLookupError):
    """ESRCH: the container or process is not running."""


class BusyError(Error):
    """EBUSY: e.g. deleting a container that is not stopped."""


class NotADirectoryError_(Error, NotADirectoryError):
    """ENOTDIR: e.g. a root that is not a directory."""


class NotChildError(Error, ChildProcessError):
    """ECHILD: waiting for a process this process did not start."""


class TimedOutError(Error, TimeoutError):
    """ETIMEDOUT: e.g. a container's init that did not get ready within the
    session's setup timeout (Session.set_setup_timeout)."""


_BY_ERRNO = {
    _errno.ENOENT: NotFoundError,
    _errno.EEXIST: ExistsError,
    _errno.EPERM: PermissionDeniedError,
    _errno.EACCES: PermissionDeniedError,
    _errno.EINVAL: InvalidArgumentError,
    _errno.ESRCH: NotRunningError,
    _errno.EBUSY: BusyError,
    _errno.ENOTDIR: NotADirectoryError_,
    _errno.ECHILD: NotChildError,
    _errno.ETIMEDOUT: TimedOutError,
}

_QUOTED = re.compile(r"'([^']*)'")


def parse_message(errno: int, message: str) -> tuple[str | None, str | None, str | None]:
    """(step, operation, path) named by a C error message.

    The C messages are "STEP: OPERATION 'ARG' ...: strerror" with each part
    optional: the last part that is not the errno's text is the operation,
    the parts before it are the steps (the outermost is kept), and the path
    is the first quoted absolute path.
    """
    parts = message.split(": ")
    if len(parts) > 1 and parts[-1] == os.strerror(errno):
        parts = parts[:-1]
    step = parts[0] if len(parts) > 1 and " " not in parts[0] else None
    what = parts[-1] if parts else ""
    head = what.split("'", 1)[0].strip()
    operation = head or None
    path = None
    for q in _QUOTED.findall(message):
        if q.startswith("/"):
            path = q
            break
    return step, operation, path


def from_c(errno: int, message: str) -> Error:
    """The exception for a C error (errno positive)."""
    cls = _BY_ERRNO.get(errno, Error)
    step, operation, path = parse_message(errno, message)
    return cls(errno, message, step, operation, path)

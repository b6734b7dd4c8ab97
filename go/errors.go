// SPDX-License-Identifier: LGPL-2.1-or-later

package libct

import (
	"regexp"
	"strings"
	"syscall"
)

// Error is a failed libct call: the C error's errno and message, and what
// the message names (the step, the operation, the first absolute path).
// errors.Is(err, fs.ErrNotExist) holds for ENOENT, through Unwrap.
type Error struct {
	Errno   syscall.Errno // the positive errno (0 for a code beyond errno's)
	Code    int           // the C code as returned (negative)
	Message string        // e.g. "mount 'proc' on '/proc': Operation not permitted"
	Step    string        // "create" in "create: mount ...", or ""
	Op      string        // "mount", or ""
	Path    string        // "/proc", or ""
}

func (e *Error) Error() string { return e.Message }

// Unwrap gives the syscall.Errno, so errors.Is(err, fs.ErrNotExist) and
// errors.Is(err, syscall.ENOENT) work.
func (e *Error) Unwrap() error {
	if e.Errno == 0 {
		return nil
	}
	return e.Errno
}

var quoted = regexp.MustCompile(`'([^']*)'`)

// newError builds the Error of a C code (negative) and message.
func newError(code int, message string) *Error {
	e := &Error{Code: code, Message: message}
	n := code
	if n < 0 {
		n = -n
	}
	if n < 1000 {
		e.Errno = syscall.Errno(n)
	}
	if message == "" {
		if e.Errno != 0 {
			e.Message = e.Errno.Error()
		} else {
			e.Message = lctErrName(n)
		}
	}
	parts := strings.Split(e.Message, ": ")
	if len(parts) > 1 && e.Errno != 0 && strings.EqualFold(parts[len(parts)-1], e.Errno.Error()) {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 1 && !strings.Contains(parts[0], " ") {
		e.Step = parts[0]
	}
	if len(parts) > 0 {
		e.Op = strings.TrimSpace(strings.SplitN(parts[len(parts)-1], "'", 2)[0])
	}
	for _, m := range quoted.FindAllStringSubmatch(e.Message, -1) {
		if strings.HasPrefix(m[1], "/") {
			e.Path = m[1]
			break
		}
	}
	return e
}

func lctErrName(n int) string {
	names := map[int]string{1002: "LCTERR_BADCTSTATE", 1003: "LCTERR_BADTYPE",
		1004: "LCTERR_BADARG", 1005: "LCTERR_NONS", 1006: "LCTERR_NOTFOUND",
		1007: "LCTERR_INVARG", 1008: "LCTERR_OPNOTSUPP", 1010: "LCTERR_CANTMOUNT",
		1021: "LCTERR_CGCREATE", 1022: "LCTERR_CGCONFIG", 1023: "LCTERR_CGATTACH"}
	if s, ok := names[n]; ok {
		return s
	}
	return "libct error"
}

// LibctError is the original package's name for the error type.
type LibctError = Error

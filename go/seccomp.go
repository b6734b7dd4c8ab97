// SPDX-License-Identifier: LGPL-2.1-or-later

package libct

// A process's seccomp filter in the modern API, names as in config.json.

// #cgo pkg-config: libct
// #include <stdlib.h>
// #include <libct/libct.h>
import "C"

import (
	"syscall"
	"unsafe"
)

// SyscallRule is a seccomp rule: the syscalls it matches, its action
// ("SCMP_ACT_ERRNO") and, for ERRNO and TRACE, the errno (0: EPERM).
type SyscallRule struct {
	Names  []string
	Action string
	Errno  int
}

// Seccomp is a seccomp filter: its default action ("" is SCMP_ACT_ALLOW)
// and rules. ListenerPath is the unix socket (an absolute path) of the
// seccomp agent that gets the listener fd of SCMP_ACT_NOTIFY rules, told
// ListenerMetadata.
type Seccomp struct {
	DefaultAction    string
	Rules            []SyscallRule
	ListenerPath     string
	ListenerMetadata string
}

func seccompAction(name string) (C.enum_libct_seccomp_action, error) {
	var a C.enum_libct_seccomp_action
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	if C.libct_seccomp_action_from_string(cn, &a) < 0 {
		return a, newError(-int(syscall.EINVAL), "seccomp: unknown action '"+name+"'")
	}
	return a, nil
}

// apply sets the filter on pd (nothing for a nil one).
func (sc *Seccomp) apply(pd *C.struct_libct_process_desc) error {
	if sc == nil {
		return nil
	}
	var e C.struct_libct_error
	def := sc.DefaultAction
	if def == "" {
		def = "SCMP_ACT_ALLOW"
	}
	a, err := seccompAction(def)
	if err != nil {
		return err
	}
	if err := cerr(C.libct_process_desc_set_seccomp_default(pd, a, -1, &e), &e); err != nil {
		return err
	}
	for _, rule := range sc.Rules {
		a, err := seccompAction(rule.Action)
		if err != nil {
			return err
		}
		errno := C.int(-1)
		if rule.Errno != 0 {
			errno = C.int(rule.Errno)
		}
		for _, n := range rule.Names {
			cn := C.CString(n)
			r := C.libct_process_desc_add_seccomp_rule(pd, cn, a, errno, nil, 0, &e)
			C.free(unsafe.Pointer(cn))
			if err := cerr(r, &e); err != nil {
				return err
			}
		}
	}
	if sc.ListenerPath == "" && sc.ListenerMetadata == "" {
		return nil
	}
	cp := C.CString(sc.ListenerPath)
	defer C.free(unsafe.Pointer(cp))
	cm := optStr(sc.ListenerMetadata)
	defer C.free(unsafe.Pointer(cm))
	return cerr(C.libct_process_desc_set_seccomp_listener(pd, cp, cm, &e), &e)
}

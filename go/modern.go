// SPDX-License-Identifier: LGPL-2.1-or-later

package libct

// The modern API (<libct/libct.h>) in Go's idiom: an Instance is one
// container with its own session, made from a Config or an OCI bundle, or
// opened; its blocking waits take a context.Context; Close frees it, and a
// finalizer does when a program forgets.

// #cgo pkg-config: libct
// #include <stdlib.h>
// #include <libct/libct.h>
import "C"

import (
	"context"
	"os"
	"runtime"
	"sync"
	"syscall"
	"time"
	"unsafe"
)

// IDMap maps ids [ContainerID, ContainerID+Size) to [HostID, HostID+Size).
type IDMap struct {
	ContainerID, HostID, Size uint32
}

// Mount is a mount of a Config. UIDMappings and GIDMappings (both needed)
// make a bind mount idmapped: ids ContainerID.. of the source show as
// HostID.. in the mount, and a file made through it as HostID gets
// ContainerID on disk. Options "idmap" or "ridmap" without mappings take
// the container's user namespace mappings.
type Mount struct {
	Source, Destination, Type string
	Options                   []string
	UIDMappings, GIDMappings  []IDMap
}

// Config is a container's configuration, typed. NoCgroup: no cgroup at
// all, the processes stay in the caller's and Resources are not applied
// (crun's --cgroup-manager disabled).
type Config struct {
	Root       string
	Namespaces []string // "pid", "mount", "network", "ipc", "uts", "user", "cgroup"
	Hostname   string
	Mounts     []Mount
	Resources  Resources
	NoCgroup   bool
}

// Resources are cgroup limits; zero leaves one unset.
type Resources struct {
	MemoryLimit int64 // bytes
	PidsLimit   int64
	CpuShares   int64
	CpuQuota    int64 // microseconds per CpuPeriod
	CpuPeriod   int64
}

// Process is what to run: argv, environment, working directory, stdio, a
// seccomp filter. With ExecTemplate (Exec only), it starts from the
// process of the config.json the container was created from (its
// environment, cwd, user, ...; `ct exec` does the same), and what p sets
// replaces what that says; Args may then be nil (the bundle's).
type Process struct {
	Args                  []string
	Env                   []string
	Cwd                   string
	Stdin, Stdout, Stderr *os.File // nil: the caller's
	Seccomp               *Seccomp
	ExecTemplate          bool
	// SubCgroup (Exec only): a cgroup below the container's, joined in
	// every hierarchy instead of the container's own (runc exec --cgroup).
	SubCgroup string
}

// Stats are usage figures of a container's cgroup. The figures after
// PidsLimit are 0 where the cgroup has none (v2's throttling figures
// without the cpu controller).
type Stats struct {
	CPUUsageNs, MemoryUsage, MemoryLimit, PidsCurrent, PidsLimit uint64
	CPUPeriods, CPUThrottledPeriods, CPUThrottledNs              uint64
	MemoryCache, MemoryFailcnt, MemoryOOMKills                   uint64
	// MemoryUnderOOM is 1 while the container waits for memory (cgroup
	// v1 with the OOM killer disabled)
	MemoryUnderOOM uint64
}

// Instance is a container (struct libct_container) with its session.
type Instance struct {
	mu sync.Mutex
	s  *C.struct_libct_session
	ct *C.struct_libct_container
	pd *C.struct_libct_process_desc // a bundle's process
}

func cerr(r C.int, e *C.struct_libct_error) error {
	if r >= 0 {
		return nil
	}
	return newError(int(r), C.GoString(&e.message[0]))
}

func newInstance(stateDir, id string, open bool) (*Instance, error) {
	var e C.struct_libct_error
	var cdir *C.char
	if stateDir != "" {
		cdir = C.CString(stateDir)
		defer C.free(unsafe.Pointer(cdir))
	}
	in := &Instance{}
	if err := cerr(C.libct_session_new(cdir, &in.s, &e), &e); err != nil {
		return nil, err
	}
	cid := C.CString(id)
	defer C.free(unsafe.Pointer(cid))
	var r C.int
	if open {
		r = C.libct_container_open(in.s, cid, &in.ct, &e)
	} else {
		r = C.libct_container_new(in.s, cid, &in.ct, &e)
	}
	if err := cerr(r, &e); err != nil {
		C.libct_session_free(in.s)
		return nil, err
	}
	runtime.SetFinalizer(in, (*Instance).Close)
	return in, nil
}

// New makes a new container from cfg (nothing is written until Create or
// Run). stateDir "" is /run/ct.
func New(stateDir, id string, cfg *Config) (*Instance, error) {
	in, err := newInstance(stateDir, id, false)
	if err != nil {
		return nil, err
	}
	if err := in.configure(cfg); err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// LoadBundle makes a new container from an OCI bundle's config.json; Run
// and Create with a nil Process run the bundle's process.
func LoadBundle(stateDir, id, bundle string) (*Instance, error) {
	return load(stateDir, id, bundle, func(in *Instance, cb *C.char, e *C.struct_libct_error) C.int {
		return C.libct_oci_load(in.ct, cb, &in.pd, e)
	})
}

// load makes a new container and configures it with f, given the bundle.
func load(stateDir, id, bundle string, f func(*Instance, *C.char, *C.struct_libct_error) C.int) (*Instance, error) {
	in, err := newInstance(stateDir, id, false)
	if err != nil {
		return nil, err
	}
	var e C.struct_libct_error
	cb := C.CString(bundle)
	defer C.free(unsafe.Pointer(cb))
	if err := cerr(f(in, cb, &e), &e); err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// LoadSpec makes a new container from an OCI config.json's text (a
// runtime-spec Spec marshalled to JSON, say), its relative root path the
// bundle directory's; Run and Create with a nil Process run its process.
func LoadSpec(stateDir, id, bundle string, spec []byte) (*Instance, error) {
	cs := C.CString(string(spec))
	defer C.free(unsafe.Pointer(cs))
	return load(stateDir, id, bundle, func(in *Instance, cb *C.char, e *C.struct_libct_error) C.int {
		return C.libct_oci_load_string(in.ct, cb, cs, &in.pd, e)
	})
}

// Open opens a container that exists (made by this or another process).
func Open(stateDir, id string) (*Instance, error) {
	return newInstance(stateDir, id, true)
}

var nsNames = map[string]C.enum_libct_ns{"pid": C.LIBCT_NS_PID, "network": C.LIBCT_NS_NET,
	"net": C.LIBCT_NS_NET, "ipc": C.LIBCT_NS_IPC, "uts": C.LIBCT_NS_UTS,
	"mount": C.LIBCT_NS_MOUNT, "user": C.LIBCT_NS_USER, "cgroup": C.LIBCT_NS_CGROUP}

func (in *Instance) configure(cfg *Config) error {
	if cfg == nil {
		return nil
	}
	var e C.struct_libct_error
	for _, n := range cfg.Namespaces {
		ns, ok := nsNames[n]
		if !ok {
			return newError(-int(syscall.EINVAL), "namespaces: unknown namespace '"+n+"'")
		}
		if err := cerr(C.libct_container_set_namespace(in.ct, ns, nil, &e), &e); err != nil {
			return err
		}
	}
	if cfg.Root != "" {
		cr := C.CString(cfg.Root)
		defer C.free(unsafe.Pointer(cr))
		if err := cerr(C.libct_container_set_root(in.ct, cr, false, &e), &e); err != nil {
			return err
		}
	}
	if cfg.Hostname != "" {
		ch := C.CString(cfg.Hostname)
		defer C.free(unsafe.Pointer(ch))
		if err := cerr(C.libct_container_set_hostname(in.ct, ch, &e), &e); err != nil {
			return err
		}
	}
	for _, m := range cfg.Mounts {
		if err := in.addMount(m); err != nil {
			return err
		}
	}
	C.libct_container_set_no_cgroup(in.ct, C.bool(cfg.NoCgroup))
	return in.setResources(cfg.Resources)
}

func optStr(s string) *C.char {
	if s == "" {
		return nil
	}
	return C.CString(s)
}

func (in *Instance) addMount(m Mount) error {
	var e C.struct_libct_error
	src, dst, typ := optStr(m.Source), C.CString(m.Destination), optStr(m.Type)
	defer C.free(unsafe.Pointer(src))
	defer C.free(unsafe.Pointer(dst))
	defer C.free(unsafe.Pointer(typ))
	opts := cStrv(m.Options)
	defer freeStrv(opts)
	if err := cerr(C.libct_container_add_mount(in.ct, src, dst, typ, opts, C.size_t(len(m.Options)), &e), &e); err != nil {
		return err
	}
	for _, im := range m.UIDMappings {
		r := C.libct_container_add_mount_uid_map(in.ct, dst, C.uint32_t(im.ContainerID), C.uint32_t(im.HostID), C.uint32_t(im.Size), &e)
		if err := cerr(r, &e); err != nil {
			return err
		}
	}
	for _, im := range m.GIDMappings {
		r := C.libct_container_add_mount_gid_map(in.ct, dst, C.uint32_t(im.ContainerID), C.uint32_t(im.HostID), C.uint32_t(im.Size), &e)
		if err := cerr(r, &e); err != nil {
			return err
		}
	}
	return nil
}

func (in *Instance) setResources(r Resources) error {
	var e C.struct_libct_error
	for _, kv := range []struct {
		res C.enum_libct_resource
		v   int64
	}{{C.LIBCT_MEMORY_LIMIT, r.MemoryLimit}, {C.LIBCT_PIDS_LIMIT, r.PidsLimit},
		{C.LIBCT_CPU_SHARES, r.CpuShares}, {C.LIBCT_CPU_QUOTA, r.CpuQuota},
		{C.LIBCT_CPU_PERIOD, r.CpuPeriod}} {
		if kv.v == 0 {
			continue
		}
		if err := cerr(C.libct_container_set_resource(in.ct, kv.res, C.int64_t(kv.v), &e), &e); err != nil {
			return err
		}
	}
	return nil
}

var errInstanceClosed = newError(-int(syscall.EBADF), "the container handle is closed")

// lock holds the handle for one call; the caller unlocks.
func (in *Instance) lock() error {
	in.mu.Lock()
	if in.ct == nil {
		in.mu.Unlock()
		return errInstanceClosed
	}
	return nil
}

// desc is a C process description for p (nil: the bundle's); free it with
// the returned function.
func (in *Instance) desc(p *Process) (*C.struct_libct_process_desc, func(), error) {
	if p == nil {
		if in.pd == nil {
			return nil, nil, newError(-int(syscall.EINVAL), "no process: the container has no bundle")
		}
		return in.pd, func() {}, nil
	}
	var e C.struct_libct_error
	var pd *C.struct_libct_process_desc
	var r C.int
	if p.ExecTemplate {
		r = C.libct_oci_load_exec_template(in.ct, &pd, &e)
	} else {
		r = C.libct_process_desc_new(&pd, &e)
	}
	if err := cerr(r, &e); err != nil {
		return nil, nil, err
	}
	free := func() { C.libct_process_desc_free(pd) }
	if p.Args != nil || !p.ExecTemplate {
		argv := cStrv(p.Args)
		defer freeStrv(argv)
		if err := cerr(C.libct_process_desc_set_args(pd, argv, &e), &e); err != nil {
			free()
			return nil, nil, err
		}
	}
	if err := p.Seccomp.apply(pd); err != nil {
		free()
		return nil, nil, err
	}
	if p.Env != nil {
		env := cStrv(p.Env)
		defer freeStrv(env)
		if err := cerr(C.libct_process_desc_set_env(pd, env, &e), &e); err != nil {
			free()
			return nil, nil, err
		}
	}
	if p.Cwd != "" {
		cwd := C.CString(p.Cwd)
		defer C.free(unsafe.Pointer(cwd))
		if err := cerr(C.libct_process_desc_set_cwd(pd, cwd, &e), &e); err != nil {
			free()
			return nil, nil, err
		}
	}
	if p.SubCgroup != "" {
		sub := C.CString(p.SubCgroup)
		defer C.free(unsafe.Pointer(sub))
		if err := cerr(C.libct_process_desc_add_sub_cgroup(pd, nil, sub, &e), &e); err != nil {
			free()
			return nil, nil, err
		}
	}
	if p.Stdin != nil || p.Stdout != nil || p.Stderr != nil {
		fds := [3]C.int{0, 1, 2}
		for i, f := range []*os.File{p.Stdin, p.Stdout, p.Stderr} {
			if f != nil {
				fds[i] = C.int(f.Fd())
			}
		}
		if err := cerr(C.libct_process_desc_set_fds(pd, &fds[0], 3, &e), &e); err != nil {
			free()
			return nil, nil, err
		}
	}
	return pd, free, nil
}

func (in *Instance) spawn(p *Process, run bool) error {
	if err := in.lock(); err != nil {
		return err
	}
	defer in.mu.Unlock()
	pd, free, err := in.desc(p)
	if err != nil {
		return err
	}
	defer free()
	var e C.struct_libct_error
	// init's parent-death signal belongs to the thread that clones it
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if run {
		return cerr(C.libct_container_run(in.ct, pd, &e), &e)
	}
	return cerr(C.libct_container_create(in.ct, pd, &e), &e)
}

// Create sets the container up with init blocked before its exec (p nil:
// the bundle's process). On failure nothing is left behind.
func (in *Instance) Create(p *Process) error { return in.spawn(p, false) }

// Run is Create and Start.
func (in *Instance) Run(p *Process) error { return in.spawn(p, true) }

func (in *Instance) call(f func(e *C.struct_libct_error) C.int) error {
	if err := in.lock(); err != nil {
		return err
	}
	defer in.mu.Unlock()
	var e C.struct_libct_error
	return cerr(f(&e), &e)
}

// Start lets a created container's init exec its process.
func (in *Instance) Start() error {
	return in.call(func(e *C.struct_libct_error) C.int { return C.libct_container_start(in.ct, e) })
}

// Kill sends sig to init (all: to every process of its cgroup).
func (in *Instance) Kill(sig syscall.Signal, all bool) error {
	return in.call(func(e *C.struct_libct_error) C.int {
		return C.libct_container_kill(in.ct, C.int(sig), C.bool(all), e)
	})
}

// Pause freezes every process of the container.
func (in *Instance) Pause() error {
	return in.call(func(e *C.struct_libct_error) C.int { return C.libct_container_pause(in.ct, e) })
}

// Resume thaws it.
func (in *Instance) Resume() error {
	return in.call(func(e *C.struct_libct_error) C.int { return C.libct_container_resume(in.ct, e) })
}

// Update applies r to the running container's cgroup.
func (in *Instance) Update(r Resources) error {
	if err := in.lock(); err != nil {
		return err
	}
	defer in.mu.Unlock()
	if err := in.setResources(r); err != nil {
		return err
	}
	var e C.struct_libct_error
	return cerr(C.libct_container_update(in.ct, &e), &e)
}

// Delete removes a stopped container (force: kill it first).
func (in *Instance) Delete(force bool) error {
	return in.call(func(e *C.struct_libct_error) C.int {
		return C.libct_container_delete(in.ct, C.bool(force), e)
	})
}

// Status is "created", "running", "paused", "stopped", ...
func (in *Instance) Status() string {
	if in.lock() != nil {
		return "unknown"
	}
	defer in.mu.Unlock()
	return C.GoString(C.libct_status_to_string(C.libct_container_status(in.ct)))
}

// Pid is init's pid on the host (0: none).
func (in *Instance) Pid() int {
	if in.lock() != nil {
		return 0
	}
	defer in.mu.Unlock()
	return int(C.libct_container_pid(in.ct))
}

// StateJSON is the OCI state of the container.
func (in *Instance) StateJSON() (string, error) {
	if err := in.lock(); err != nil {
		return "", err
	}
	defer in.mu.Unlock()
	s := C.libct_oci_state_json(in.ct)
	if s == nil {
		return "", newError(-int(syscall.ENOMEM), "")
	}
	defer C.free(unsafe.Pointer(s))
	return C.GoString(s), nil
}

// RootlessMode decides whether an Instance's session is rootless
// (libct_session_set_rootless): a cgroup hierarchy where the container's
// directory cannot be made for lack of permission is then left out (unless
// the container asks for limits of it or names its cgroup path), and device
// cgroup rules are left out where they cannot be applied.
type RootlessMode int

const (
	// RootlessAuto (the default): rootless when the effective user is not
	// root, or is root of a user namespace other than the host's.
	RootlessAuto RootlessMode = iota
	RootlessOff
	RootlessOn
)

// SetRootless decides the mode for what this Instance creates next (Create
// or Run); the state directory stays the one chosen when it was made.
func (in *Instance) SetRootless(mode RootlessMode) error {
	var m C.enum_libct_rootless
	switch mode {
	case RootlessAuto:
		m = C.LIBCT_ROOTLESS_AUTO
	case RootlessOff:
		m = C.LIBCT_ROOTLESS_OFF
	case RootlessOn:
		m = C.LIBCT_ROOTLESS_ON
	default:
		return newError(-int(syscall.EINVAL), "rootless mode is RootlessAuto, RootlessOff or RootlessOn")
	}
	if err := in.lock(); err != nil {
		return err
	}
	defer in.mu.Unlock()
	C.libct_session_set_rootless(in.s, m)
	return nil
}

// Rootless says whether the Instance's session is rootless (RootlessAuto
// resolved); false once the handle is closed.
func (in *Instance) Rootless() bool {
	if in.lock() != nil {
		return false
	}
	defer in.mu.Unlock()
	return bool(C.libct_session_rootless(in.s))
}

// Stats reads usage figures of the container's cgroup.
func (in *Instance) Stats() (Stats, error) {
	var st Stats
	if err := in.lock(); err != nil {
		return st, err
	}
	defer in.mu.Unlock()
	var e C.struct_libct_error
	for _, kv := range []struct {
		key C.enum_libct_stat
		dst *uint64
	}{{C.LIBCT_STAT_CPU_USAGE_NS, &st.CPUUsageNs}, {C.LIBCT_STAT_MEMORY_USAGE, &st.MemoryUsage},
		{C.LIBCT_STAT_MEMORY_LIMIT, &st.MemoryLimit}, {C.LIBCT_STAT_PIDS_CURRENT, &st.PidsCurrent},
		{C.LIBCT_STAT_PIDS_LIMIT, &st.PidsLimit}} {
		var v C.uint64_t
		if err := cerr(C.libct_container_stat(in.ct, kv.key, &v, &e), &e); err != nil {
			return st, err
		}
		*kv.dst = uint64(v)
	}
	for _, kv := range []struct {
		key C.enum_libct_stat
		dst *uint64
	}{{C.LIBCT_STAT_CPU_PERIODS, &st.CPUPeriods},
		{C.LIBCT_STAT_CPU_THROTTLED_PERIODS, &st.CPUThrottledPeriods},
		{C.LIBCT_STAT_CPU_THROTTLED_NS, &st.CPUThrottledNs},
		{C.LIBCT_STAT_MEMORY_CACHE, &st.MemoryCache},
		{C.LIBCT_STAT_MEMORY_FAILCNT, &st.MemoryFailcnt},
		{C.LIBCT_STAT_MEMORY_OOM_KILLS, &st.MemoryOOMKills},
		{C.LIBCT_STAT_MEMORY_UNDER_OOM, &st.MemoryUnderOOM}} {
		var v C.uint64_t
		if C.libct_container_stat(in.ct, kv.key, &v, nil) == 0 {
			*kv.dst = uint64(v)
		}
	}
	return st, nil
}

// OOMFile is a new file (non-blocking; the caller closes it) that polls
// readable when the kernel reports an out-of-memory event in the
// container's memory cgroup (libct_container_oom_fd): read it until EAGAIN
// to wait again, and compare Stats().MemoryOOMKills to know whether a
// process was killed.
func (in *Instance) OOMFile() (*os.File, error) {
	fd, err := in.fdCall(func(e *C.struct_libct_error) C.int { return C.libct_container_oom_fd(in.ct, e) })
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "libct-oom"), nil
}

// fdCall returns the fd f gives, under the lock.
func (in *Instance) fdCall(f func(e *C.struct_libct_error) C.int) (int, error) {
	if err := in.lock(); err != nil {
		return -1, err
	}
	defer in.mu.Unlock()
	var e C.struct_libct_error
	fd := f(&e)
	if err := cerr(fd, &e); err != nil {
		return -1, err
	}
	return int(fd), nil
}

// SetNotifyDir gives the container a socket for sd_notify, notify.sock in a
// directory bound read-only at dir in the container
// (libct_container_set_notify_dir): after New, LoadBundle or LoadSpec and
// before Create or Run; the process's NOTIFY_SOCKET is the caller's to set.
func (in *Instance) SetNotifyDir(dir string) error {
	cd := C.CString(dir)
	defer C.free(unsafe.Pointer(cd))
	return in.call(func(e *C.struct_libct_error) C.int {
		return C.libct_container_set_notify_dir(in.ct, cd, e)
	})
}

// NotifyFile is the host end of that socket (a duplicate, non-blocking; the
// caller closes it): bound at Create or Run, or anew for an Instance from
// Open (call it before Start). What the container sends is untrusted.
func (in *Instance) NotifyFile() (*os.File, error) {
	fd, err := in.fdCall(func(e *C.struct_libct_error) C.int { return C.libct_container_notify_socket(in.ct, e) })
	if err != nil {
		return nil, err
	}
	dup, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), syscall.F_DUPFD_CLOEXEC, 0)
	if errno != 0 {
		return nil, errno
	}
	return os.NewFile(dup, "libct-notify"), nil
}

// ReadCgroupFile reads a cgroup file ("memory", "memory.limit_in_bytes").
func (in *Instance) ReadCgroupFile(controller, file string) (string, error) {
	if err := in.lock(); err != nil {
		return "", err
	}
	defer in.mu.Unlock()
	var e C.struct_libct_error
	cc, cf := C.CString(controller), C.CString(file)
	defer C.free(unsafe.Pointer(cc))
	defer C.free(unsafe.Pointer(cf))
	buf := (*C.char)(C.malloc(4096))
	defer C.free(unsafe.Pointer(buf))
	if err := cerr(C.libct_container_read_cgroup_file(in.ct, cc, cf, buf, 4096, &e), &e); err != nil {
		return "", err
	}
	return C.GoString(buf), nil
}

// waitFd waits until fd is readable (a pidfd: the process exited) or ctx is done.
func waitFd(ctx context.Context, fd int) error {
	for {
		fds := []struct {
			fd             int32
			events, revent int16
		}{{int32(fd), 1 /* POLLIN */, 0}}
		ts := syscall.NsecToTimespec(int64(100 * time.Millisecond))
		_, _, errno := syscall.Syscall6(syscall.SYS_PPOLL, uintptr(unsafe.Pointer(&fds[0])), 1,
			uintptr(unsafe.Pointer(&ts)), 0, 0, 0)
		if errno != 0 && errno != syscall.EINTR {
			return errno
		}
		if fds[0].revent != 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// Wait waits for init to exit (only in the process that created the
// container) and returns its exit code, or 128+signal; ctx ends the wait
// (the container goes on).
func (in *Instance) Wait(ctx context.Context) (int, error) {
	if err := in.lock(); err != nil {
		return -1, err
	}
	fd := int(C.libct_container_pidfd(in.ct))
	in.mu.Unlock()
	if fd >= 0 {
		if err := waitFd(ctx, fd); err != nil {
			return -1, err
		}
	}
	var status C.int
	err := in.call(func(e *C.struct_libct_error) C.int {
		return C.libct_container_wait(in.ct, &status, e)
	})
	return int(status), err
}

// Exec runs p in the running container and waits for it (ctx ends the
// wait); its exit code, or 128+signal.
func (in *Instance) Exec(ctx context.Context, p *Process) (int, error) {
	if p == nil {
		return -1, newError(-int(syscall.EINVAL), "exec: no process")
	}
	if err := in.lock(); err != nil {
		return -1, err
	}
	pd, free, err := in.desc(p)
	if err != nil {
		in.mu.Unlock()
		return -1, err
	}
	var e C.struct_libct_error
	var proc *C.struct_libct_process
	runtime.LockOSThread()
	r := C.libct_container_exec(in.ct, pd, &proc, &e)
	runtime.UnlockOSThread()
	free()
	in.mu.Unlock()
	if err := cerr(r, &e); err != nil {
		return -1, err
	}
	defer C.libct_process_free(proc)
	if err := waitFd(ctx, int(C.libct_process_pidfd(proc))); err != nil {
		return -1, err
	}
	var status C.int
	if err := cerr(C.libct_process_wait(proc, &status, &e), &e); err != nil {
		return -1, err
	}
	return int(status), nil
}

// Close frees the handle and its session (the container goes on). Safe to
// call twice; a finalizer calls it for an Instance never closed.
func (in *Instance) Close() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.ct == nil {
		return nil
	}
	runtime.SetFinalizer(in, nil)
	if in.pd != nil {
		C.libct_process_desc_free(in.pd)
		in.pd = nil
	}
	C.libct_container_free(in.ct)
	in.ct = nil
	C.libct_session_free(in.s)
	in.s = nil
	return nil
}

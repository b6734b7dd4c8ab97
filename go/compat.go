// SPDX-License-Identifier: LGPL-2.1-or-later

package libct

// The original libct Go package's names and behaviour, over
// <libct/compat.h>: Session.OpenLocal, ContainerCreate, SpawnExecve, ...
// Programs and tests written for it build against this package unchanged.

// #cgo pkg-config: libct
// #include "compat_shim.h"
import "C"

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"syscall"
	"unsafe"
)

const (
	LIBCT_OPT_AUTO_PROC_MOUNT = C.LIBCT_OPT_AUTO_PROC_MOUNT
	LIBCT_OPT_CGROUP_SUBMOUNT = C.LIBCT_OPT_CGROUP_SUBMOUNT
	LIBCT_OPT_KILLABLE        = C.LIBCT_OPT_KILLABLE
	LIBCT_OPT_NOSETSID        = C.LIBCT_OPT_NOSETSID
	LIBCT_OPT_SYSTEMD         = C.LIBCT_OPT_SYSTEMD
	LIBCT_OPT_TASKLESS        = C.LIBCT_OPT_TASKLESS

	CAPS_BSET    = C.CAPS_BSET
	CAPS_ALLCAPS = C.CAPS_ALLCAPS
	CAPS_ALL     = C.CAPS_ALL

	CT_ERROR   = C.CT_ERROR
	CT_STOPPED = C.CT_STOPPED
	CT_RUNNING = C.CT_RUNNING
	CT_PAUSED  = C.CT_PAUSED

	CTL_BLKIO   = C.CTL_BLKIO
	CTL_CPU     = C.CTL_CPU
	CTL_CPUACCT = C.CTL_CPUACCT
	CTL_CPUSET  = C.CTL_CPUSET
	CTL_DEVICES = C.CTL_DEVICES
	CTL_FREEZER = C.CTL_FREEZER
	CTL_HUGETLB = C.CTL_HUGETLB
	CTL_MEMORY  = C.CTL_MEMORY
	CTL_NETCLS  = C.CTL_NETCLS

	CT_FS_RDONLY      = C.CT_FS_RDONLY
	CT_FS_PRIVATE     = C.CT_FS_PRIVATE
	CT_FS_BIND        = C.CT_FS_BIND
	CT_FS_NOEXEC      = C.CT_FS_NOEXEC
	CT_FS_NOSUID      = C.CT_FS_NOSUID
	CT_FS_NODEV       = C.CT_FS_NODEV
	CT_FS_STRICTATIME = C.CT_FS_STRICTATIME
	CT_FS_REC         = C.CT_FS_REC
)

// Log levels of LogInit.
const (
	LOG_MSG   = 0
	LOG_ERROR = 1
	LOG_WARN  = 2
	LOG_INFO  = 3
	LOG_DEBUG = 4
)

var logMu sync.Mutex
var logFile *os.File
var logLevel uint

// LogInit sends the message of every failure of the original interface
// (at level LOG_ERROR and above) to fd.
func LogInit(fd *os.File, level uint) {
	logMu.Lock()
	logFile, logLevel = fd, level
	logMu.Unlock()
}

func logError(e *Error) *Error {
	logMu.Lock()
	defer logMu.Unlock()
	if logFile != nil && logLevel >= LOG_ERROR {
		fmt.Fprintf(logFile, "libct: %s\n", e.Message)
	}
	return e
}

// Session is a session of the original interface.
type Session struct {
	s C.libct_session_t
}

// Container is a container of the original interface.
type Container struct {
	ct      C.ct_handler_t
	session *Session
}

// NetDev is a network device of a container (for a veth: one end).
type NetDev struct {
	dev     C.ct_net_t
	session *Session
}

// NetRoute is a route of a container.
type NetRoute struct {
	route   C.ct_net_route_t
	session *Session
}

// NetRouteNextHop is a next hop of a route.
type NetRouteNextHop struct {
	nh      C.ct_net_route_nh_t
	session *Session
}

// Command is a command run around a mount (AddMount).
type Command struct {
	Path string
	Args []string
	Env  []string
	Dir  string
}

func (s *Session) fail(code C.int) error {
	msg := ""
	if s != nil && s.s != nil {
		msg = C.GoString(C.gc_last_error(s.s))
	}
	return logError(newError(int(code), msg))
}

func (s *Session) check(code C.int) error {
	if code == 0 {
		return nil
	}
	return s.fail(code)
}

func (s *Session) handle(h unsafe.Pointer) error {
	if h == nil {
		return s.fail(-C.int(syscall.ENOMEM))
	}
	if C.gc_is_err(h) != 0 {
		return s.fail(C.int(C.gc_to_err(h)))
	}
	return nil
}

var errClosed = newError(-int(syscall.EBADF), "the libct handle is closed")

// OpenLocal opens a session on the local state directory (/run/ct).
func (s *Session) OpenLocal() error {
	h := C.gc_session_open_local()
	if err := s.handle(unsafe.Pointer(h)); err != nil {
		return err
	}
	s.s = h
	return nil
}

// Open opens a session by url: "local" or "local:DIR" (another state directory).
func (s *Session) Open(url string) error {
	cu := C.CString(url)
	defer C.free(unsafe.Pointer(cu))
	h := C.gc_session_open(cu)
	if err := s.handle(unsafe.Pointer(h)); err != nil {
		return err
	}
	s.s = h
	return nil
}

// Close destroys the containers still open in the session, then the session.
func (s *Session) Close() {
	if s.s != nil {
		C.gc_session_close(s.s)
		s.s = nil
	}
}

func (s *Session) container(name string, open bool) (*Container, error) {
	if s.s == nil {
		return nil, errClosed
	}
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	var h C.ct_handler_t
	if open {
		h = C.gc_ct_open(s.s, cn)
	} else {
		h = C.gc_ct_create(s.s, cn)
	}
	if err := s.handle(unsafe.Pointer(h)); err != nil {
		return nil, err
	}
	return &Container{ct: h, session: s}, nil
}

// ContainerCreate makes a new container handle.
func (s *Session) ContainerCreate(name string) (*Container, error) {
	return s.container(name, false)
}

// ContainerOpen opens a container that exists (made by this or another process).
func (s *Session) ContainerOpen(name string) (*Container, error) {
	return s.container(name, true)
}

// ProcessCreateDesc makes a process description.
func (s *Session) ProcessCreateDesc() (*ProcessDesc, error) {
	if s.s == nil {
		return nil, errClosed
	}
	h := C.gc_pd_create(s.s)
	if err := s.handle(unsafe.Pointer(h)); err != nil {
		return nil, err
	}
	return &ProcessDesc{desc: h, session: s}, nil
}

func (ct *Container) check(code C.int) error {
	return ct.session.check(code)
}

func (ct *Container) h() (C.ct_handler_t, error) {
	if ct.ct == nil {
		return nil, errClosed
	}
	return ct.ct, nil
}

func withStr(s string, f func(*C.char) C.int) C.int {
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	return f(cs)
}

// cStrv is a NULL-terminated C copy of v (nil for a nil v); free with freeStrv.
func cStrv(v []string) **C.char {
	if v == nil {
		return nil
	}
	p := (**C.char)(C.calloc(C.size_t(len(v)+1), C.size_t(unsafe.Sizeof(uintptr(0)))))
	a := unsafe.Slice(p, len(v)+1)
	for i, s := range v {
		a[i] = C.CString(s)
	}
	return p
}

func freeStrv(p **C.char) {
	if p == nil {
		return
	}
	for _, s := range unsafe.Slice(p, 1<<20) {
		if s == nil {
			break
		}
		C.free(unsafe.Pointer(s))
	}
	C.free(unsafe.Pointer(p))
}

// SetNsMask sets the namespaces to make (syscall.CLONE_NEW* bits).
func (ct *Container) SetNsMask(nsmask uint64) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_set_nsmask(h, C.ulong(nsmask)))
}

// SetNsPath joins the namespace of type ns (one CLONE_NEW* bit) at path.
func (ct *Container) SetNsPath(ns int, path string) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(withStr(path, func(p *C.char) C.int { return C.gc_set_nspath(h, C.int(ns), p) }))
}

// SetSysctl sets a sysctl in the container.
func (ct *Container) SetSysctl(name string, val string) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	cn, cv := C.CString(name), C.CString(val)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cv))
	return ct.check(C.gc_set_sysctl(h, cn, cv))
}

// Kill ends the container (SIGKILL to init).
func (ct *Container) Kill() error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_ct_kill(h))
}

// State is CT_STOPPED, CT_RUNNING or CT_PAUSED.
func (ct *Container) State() (int, error) {
	h, err := ct.h()
	if err != nil {
		return CT_ERROR, err
	}
	st := C.gc_ct_state(h)
	if st < 0 {
		return CT_ERROR, ct.session.fail(st)
	}
	return int(st), nil
}

// Pause freezes the container.
func (ct *Container) Pause() error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_ct_pause(h))
}

// Resume thaws it.
func (ct *Container) Resume() error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_ct_resume(h))
}

// SetConsoleFd gives the container a terminal.
func (ct *Container) SetConsoleFd(f *os.File) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_set_console_fd(h, C.int(f.Fd())))
}

// Load takes the running process pid as the container's init.
func (ct *Container) Load(p *ProcessDesc, pid int) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	proc := C.gc_ct_load(h, C.pid_t(pid))
	if err := ct.session.handle(unsafe.Pointer(proc)); err != nil {
		return err
	}
	if p != nil {
		p.handle = proc
	}
	return nil
}

// SpawnExecve starts the container with path as init (argv, env; nil env:
// the description's), its stdio and extra files from p.
func (ct *Container) SpawnExecve(p *ProcessDesc, path string, argv []string, env []string) error {
	return ct.execve(p, path, argv, env, true)
}

// EnterExecve starts path as a new process in the running container.
func (ct *Container) EnterExecve(p *ProcessDesc, path string, argv []string, env []string) error {
	return ct.execve(p, path, argv, env, false)
}

func (ct *Container) execve(p *ProcessDesc, path string, argv []string, env []string, spawn bool) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	if p == nil || p.desc == nil {
		return errClosed
	}
	if err := p.setupFds(); err != nil {
		return err
	}
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	cargv, cenv := cStrv(argv), cStrv(env)
	defer freeStrv(cargv)
	defer freeStrv(cenv)
	// The library clones here and the child's parent-death signal is tied
	// to this thread: keep the goroutine on it for the call.
	runtime.LockOSThread()
	var proc C.ct_process_t
	if spawn {
		proc = C.gc_spawn_execve(h, p.desc, cpath, cargv, cenv)
	} else {
		proc = C.gc_enter_execve(h, p.desc, cpath, cargv, cenv)
	}
	runtime.UnlockOSThread()
	p.afterStart()
	if err := ct.session.handle(unsafe.Pointer(proc)); err != nil {
		p.abandon()
		return err
	}
	p.handle = proc
	return nil
}

// Wait waits for init to exit.
func (ct *Container) Wait() error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_ct_wait(h))
}

// Destroy stops what runs, removes the cgroup, state and devices, and frees the handle.
func (ct *Container) Destroy() error {
	if ct.ct == nil {
		return nil
	}
	C.gc_ct_destroy(ct.ct)
	ct.ct = nil
	return nil
}

// Uname sets the host and domain names (nil leaves one unset).
func (ct *Container) Uname(host *string, domain *string) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	var ch, cd *C.char
	if host != nil {
		ch = C.CString(*host)
		defer C.free(unsafe.Pointer(ch))
	}
	if domain != nil {
		cd = C.CString(*domain)
		defer C.free(unsafe.Pointer(cd))
	}
	return ct.check(C.gc_uname(h, ch, cd))
}

// SetRoot sets the root filesystem.
func (ct *Container) SetRoot(root string) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(withStr(root, func(p *C.char) C.int { return C.gc_set_root(h, p) }))
}

// AddUidMap maps container uids [first, first+count) to [lowerFirst, ...).
func (ct *Container) AddUidMap(first, lowerFirst, count int) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_add_uid_map(h, C.uint(first), C.uint(lowerFirst), C.uint(count)))
}

// AddGidMap maps gids likewise.
func (ct *Container) AddGidMap(first, lowerFirst, count int) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_add_gid_map(h, C.uint(first), C.uint(lowerFirst), C.uint(count)))
}

// AddBindMount binds the host's src on dst inside the container.
func (ct *Container) AddBindMount(src string, dst string, flags int) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	cs, cd := C.CString(src), C.CString(dst)
	defer C.free(unsafe.Pointer(cs))
	defer C.free(unsafe.Pointer(cd))
	return ct.check(C.gc_add_bind_mount(h, cs, cd, C.int(flags)))
}

// cmdList is a C list of commands; free with freeCmds.
func cmdList(cmds []Command) *C.struct_libct_cmd {
	var head *C.struct_libct_cmd
	for i := len(cmds) - 1; i >= 0; i-- {
		c := (*C.struct_libct_cmd)(C.calloc(1, C.size_t(unsafe.Sizeof(C.struct_libct_cmd{}))))
		c.next = head
		c.path = C.CString(cmds[i].Path)
		c.argv = cStrv(cmds[i].Args)
		c.envp = cStrv(cmds[i].Env)
		if cmds[i].Dir != "" {
			c.dir = C.CString(cmds[i].Dir)
		}
		head = c
	}
	return head
}

func freeCmds(c *C.struct_libct_cmd) {
	for c != nil {
		next := c.next
		C.free(unsafe.Pointer(c.path))
		freeStrv(c.argv)
		freeStrv(c.envp)
		C.free(unsafe.Pointer(c.dir))
		C.free(unsafe.Pointer(c))
		c = next
	}
}

// AddMount adds a mount, with commands run before and after it.
func (ct *Container) AddMount(src string, dst string, flags int, fstype string, data string,
	preCmds []Command, postCmds []Command) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	cs, cd, ct2 := C.CString(src), C.CString(dst), C.CString(fstype)
	defer C.free(unsafe.Pointer(cs))
	defer C.free(unsafe.Pointer(cd))
	defer C.free(unsafe.Pointer(ct2))
	var cdata *C.char
	if data != "" {
		cdata = C.CString(data)
		defer C.free(unsafe.Pointer(cdata))
	}
	pre, post := cmdList(preCmds), cmdList(postCmds)
	defer freeCmds(pre)
	defer freeCmds(post)
	return ct.check(C.gc_add_mount(h, cs, cd, C.int(flags), ct2, cdata, pre, post))
}

// AddController adds a cgroup controller.
func (ct *Container) AddController(ctype int) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_ctl_add(h, C.int(ctype)))
}

// ConfigureController writes a cgroup file ("memory.limit_in_bytes").
func (ct *Container) ConfigureController(ctype int, param string, value string) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	cp, cv := C.CString(param), C.CString(value)
	defer C.free(unsafe.Pointer(cp))
	defer C.free(unsafe.Pointer(cv))
	return ct.check(C.gc_ctl_configure(h, C.int(ctype), cp, cv))
}

// ReadController reads a cgroup file.
func (ct *Container) ReadController(ctype int, param string) (string, error) {
	h, err := ct.h()
	if err != nil {
		return "", err
	}
	cp := C.CString(param)
	defer C.free(unsafe.Pointer(cp))
	buf := (*C.char)(C.malloc(4096))
	defer C.free(unsafe.Pointer(buf))
	if r := C.gc_ctl_read(h, C.int(ctype), cp, unsafe.Pointer(buf), 4096); r < 0 {
		return "", ct.session.fail(r)
	}
	return C.GoString(buf), nil
}

// Processes lists the pids of the container's cgroup.
func (ct *Container) Processes() ([]int, error) {
	h, err := ct.h()
	if err != nil {
		return nil, err
	}
	ps := C.gc_processes(h)
	if err := ct.session.handle(unsafe.Pointer(ps)); err != nil {
		return nil, err
	}
	defer C.gc_processes_free(ps)
	pids := make([]int, int(ps.nproc))
	for i := range pids {
		pids[i] = int(C.gc_processes_get(ps, C.int(i)))
	}
	return pids, nil
}

// SetOption sets a LIBCT_OPT_* option.
func (ct *Container) SetOption(opt int32) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(C.gc_set_option(h, C.int(opt)))
}

// AddDeviceNode makes a device node (mode: S_IFCHR/S_IFBLK with permissions).
func (ct *Container) AddDeviceNode(path string, mode int, major int, minor int) error {
	h, err := ct.h()
	if err != nil {
		return err
	}
	return ct.check(withStr(path, func(p *C.char) C.int {
		return C.gc_add_devnode(h, p, C.int(mode), C.int(major), C.int(minor))
	}))
}

// AddNetVeth adds a veth pair; the container end (ctName) is returned.
func (ct *Container) AddNetVeth(hostName string, ctName string) (*NetDev, error) {
	h, err := ct.h()
	if err != nil {
		return nil, err
	}
	ch, cc := C.CString(hostName), C.CString(ctName)
	defer C.free(unsafe.Pointer(ch))
	defer C.free(unsafe.Pointer(cc))
	dev := C.gc_net_veth(h, ch, cc)
	if err := ct.session.handle(unsafe.Pointer(dev)); err != nil {
		return nil, err
	}
	return &NetDev{dev: dev, session: ct.session}, nil
}

// GetPeer is the other end of a veth.
func (nd *NetDev) GetPeer() (*NetDev, error) {
	dev := C.gc_net_peer(nd.dev)
	if err := nd.session.handle(unsafe.Pointer(dev)); err != nil {
		return nil, err
	}
	return &NetDev{dev: dev, session: nd.session}, nil
}

// AddIpAddr adds "addr/prefix".
func (nd *NetDev) AddIpAddr(addr string) error {
	return nd.session.check(withStr(addr, func(p *C.char) C.int { return C.gc_net_add_ip(nd.dev, p) }))
}

// SetMaster enslaves the device to a bridge.
func (nd *NetDev) SetMaster(master string) error {
	return nd.session.check(withStr(master, func(p *C.char) C.int { return C.gc_net_set_master(nd.dev, p) }))
}

// SetMtu sets the MTU.
func (nd *NetDev) SetMtu(mtu int) error {
	return nd.session.check(C.gc_net_set_mtu(nd.dev, C.int(mtu)))
}

// AddRoute adds a route to the container.
func (ct *Container) AddRoute() (*NetRoute, error) {
	h, err := ct.h()
	if err != nil {
		return nil, err
	}
	r := C.gc_route_add(h)
	if err := ct.session.handle(unsafe.Pointer(r)); err != nil {
		return nil, err
	}
	return &NetRoute{route: r, session: ct.session}, nil
}

// SetSrc sets the preferred source address.
func (r *NetRoute) SetSrc(src string) error {
	return r.session.check(withStr(src, func(p *C.char) C.int { return C.gc_route_set_src(r.route, p) }))
}

// SetDst sets the destination.
func (r *NetRoute) SetDst(dst string) error {
	return r.session.check(withStr(dst, func(p *C.char) C.int { return C.gc_route_set_dst(r.route, p) }))
}

// SetDev sets the output device.
func (r *NetRoute) SetDev(dev string) error {
	return r.session.check(withStr(dev, func(p *C.char) C.int { return C.gc_route_set_dev(r.route, p) }))
}

// AddNextHop adds a next hop.
func (r *NetRoute) AddNextHop() (*NetRouteNextHop, error) {
	nh := C.gc_route_add_nh(r.route)
	if err := r.session.handle(unsafe.Pointer(nh)); err != nil {
		return nil, err
	}
	return &NetRouteNextHop{nh: nh, session: r.session}, nil
}

// SetGateway sets the gateway.
func (nh *NetRouteNextHop) SetGateway(addr string) error {
	return nh.session.check(withStr(addr, func(p *C.char) C.int { return C.gc_nh_set_gw(nh.nh, p) }))
}

// SetDev sets the output device.
func (nh *NetRouteNextHop) SetDev(dev string) error {
	return nh.session.check(withStr(dev, func(p *C.char) C.int { return C.gc_nh_set_dev(nh.nh, p) }))
}

// ProcessDesc describes a process of the original interface, with its
// standard streams and extra files as os/exec's Cmd has them.
type ProcessDesc struct {
	desc    C.ct_process_desc_t
	handle  C.ct_process_t
	session *Session

	// Stdin is the process's standard input (nil: the null device).
	Stdin io.Reader
	// Stdout and Stderr are its output and error (nil: the null device).
	Stdout io.Writer
	Stderr io.Writer
	// ExtraFiles become fds 3, 4, ... of the process.
	ExtraFiles []*os.File

	closeAfterStart []io.Closer
	copying         sync.WaitGroup
	copyErr         error
}

// ProcessState is the exit status of a process.
type ProcessState struct {
	status syscall.WaitStatus
}

// Success reports whether the process exited with status 0.
func (s *ProcessState) Success() bool { return s.status.Exited() && s.status.ExitStatus() == 0 }

// ExitCode is the exit status, or -1 when killed by a signal.
func (s *ProcessState) ExitCode() int {
	if s.status.Exited() {
		return s.status.ExitStatus()
	}
	return -1
}

// Sys is the syscall.WaitStatus.
func (s *ProcessState) Sys() interface{} { return s.status }

func (s *ProcessState) String() string {
	switch {
	case s.status.Exited():
		return fmt.Sprintf("exit status %d", s.status.ExitStatus())
	case s.status.Signaled():
		return "signal: " + s.status.Signal().String()
	}
	return fmt.Sprintf("status %#x", int(s.status))
}

func (p *ProcessDesc) setupFds() error {
	p.closeAfterStart = nil
	fds := make([]C.int, 0, 3+len(p.ExtraFiles))
	devnull := func(flag int) (*os.File, error) {
		f, err := os.OpenFile(os.DevNull, flag, 0)
		if err == nil {
			p.closeAfterStart = append(p.closeAfterStart, f)
		}
		return f, err
	}
	in, err := p.reader(p.Stdin, devnull)
	if err != nil {
		return err
	}
	fds = append(fds, C.int(in.Fd()))
	for _, w := range []io.Writer{p.Stdout, p.Stderr} {
		f, err := p.writer(w, devnull)
		if err != nil {
			p.abandon()
			return err
		}
		fds = append(fds, C.int(f.Fd()))
	}
	for _, f := range p.ExtraFiles {
		fds = append(fds, C.int(f.Fd()))
	}
	cfds := (*C.int)(C.malloc(C.size_t(len(fds)) * C.size_t(unsafe.Sizeof(C.int(0)))))
	defer C.free(unsafe.Pointer(cfds))
	copy(unsafe.Slice(cfds, len(fds)), fds)
	if err := p.session.check(C.gc_pd_set_fds(p.desc, cfds, C.int(len(fds)))); err != nil {
		p.abandon()
		return err
	}
	return nil
}

func (p *ProcessDesc) reader(r io.Reader, devnull func(int) (*os.File, error)) (*os.File, error) {
	if r == nil {
		return devnull(os.O_RDONLY)
	}
	if f, ok := r.(*os.File); ok {
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.closeAfterStart = append(p.closeAfterStart, pr)
	p.copying.Add(1)
	go func() {
		defer p.copying.Done()
		io.Copy(pw, r)
		pw.Close()
	}()
	return pr, nil
}

func (p *ProcessDesc) writer(w io.Writer, devnull func(int) (*os.File, error)) (*os.File, error) {
	if w == nil {
		return devnull(os.O_WRONLY)
	}
	if f, ok := w.(*os.File); ok {
		return f, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.closeAfterStart = append(p.closeAfterStart, pw)
	p.copying.Add(1)
	go func() {
		defer p.copying.Done()
		if _, err := io.Copy(w, pr); err != nil && p.copyErr == nil {
			p.copyErr = err
		}
		pr.Close()
	}()
	return pw, nil
}

// afterStart closes this side's copies of the process's pipe ends.
func (p *ProcessDesc) afterStart() {
	for _, c := range p.closeAfterStart {
		c.Close()
	}
	p.closeAfterStart = nil
}

func (p *ProcessDesc) abandon() {
	p.afterStart()
}

// Wait waits for the process and the copying of its output.
func (p *ProcessDesc) Wait() (*ProcessState, error) {
	if p.handle == nil {
		return nil, errClosed
	}
	var st C.int
	r := C.gc_proc_wait(p.handle, &st)
	p.copying.Wait()
	if r < 0 {
		return nil, p.session.fail(r)
	}
	return &ProcessState{status: syscall.WaitStatus(st)}, p.copyErr
}

// GetPid is the process's pid.
func (p *ProcessDesc) GetPid() (int, error) {
	if p.handle == nil {
		return 0, errClosed
	}
	return int(C.gc_proc_pid(p.handle)), nil
}

// SetEnv sets the environment ("NAME=value").
func (p *ProcessDesc) SetEnv(env []string) error {
	ce := cStrv(env)
	defer freeStrv(ce)
	return p.session.check(C.gc_pd_set_env(p.desc, ce, C.int(len(env))))
}

// SetCaps sets capabilities (mask of 1<<CAP_*) for CAPS_BSET and/or CAPS_ALLCAPS.
func (p *ProcessDesc) SetCaps(mask uint64, applyTo int) error {
	return p.session.check(C.gc_pd_set_caps(p.desc, C.ulong(mask), C.uint(applyTo)))
}

// SetUid sets the uid.
func (p *ProcessDesc) SetUid(uid int) error {
	return p.session.check(C.gc_pd_setuid(p.desc, C.uint(uid)))
}

// SetGid sets the gid.
func (p *ProcessDesc) SetGid(gid int) error {
	return p.session.check(C.gc_pd_setgid(p.desc, C.uint(gid)))
}

// SetUser sets the user by name (the container's /etc/passwd).
func (p *ProcessDesc) SetUser(user string) error {
	return p.session.check(withStr(user, func(s *C.char) C.int { return C.gc_pd_set_user(p.desc, s) }))
}

// SetParentDeathSignal sets the signal sent when the starting thread dies.
func (p *ProcessDesc) SetParentDeathSignal(sig syscall.Signal) error {
	return p.session.check(C.gc_pd_set_pdeathsig(p.desc, C.int(sig)))
}

// SetLSMLabel sets an AppArmor profile or SELinux label.
func (p *ProcessDesc) SetLSMLabel(label string) error {
	return p.session.check(withStr(label, func(s *C.char) C.int { return C.gc_pd_set_lsm_label(p.desc, s) }))
}

// SetRlimit sets an RLIMIT_*.
func (p *ProcessDesc) SetRlimit(resource int, soft uint64, hard uint64) error {
	return p.session.check(C.gc_pd_set_rlimit(p.desc, C.int(resource), C.uint64_t(soft), C.uint64_t(hard)))
}

// Destroy frees the description (and the handle of its process).
func (p *ProcessDesc) Destroy() {
	if p.handle != nil {
		C.gc_proc_destroy(p.handle)
		p.handle = nil
	}
	if p.desc != nil {
		C.gc_pd_destroy(p.desc)
		p.desc = nil
	}
}

/* <libct/compat.h>, the core: handles and errors, sessions, the container
 * life cycle (create, spawn, enter, state, pause, resume, kill, wait,
 * destroy), load, switch, processes, close and open. */
#include <sys/utsname.h>

#include "compat-test.h"

static int cb_report(void *arg)
{
	char *page = arg;

	/* runs in the container: the pid and the hostname as it sees them */
	snprintf(page, 4096, "%d ", (int)getpid());
	gethostname(page + strlen(page), 256);
	return 7;
}

static void test_handles(void)
{
	void *h = libct_err_to_handle(-ENOENT);
	int x;

	CHECK(libct_handle_is_err(h), "err_to_handle(-ENOENT) is an error handle");
	CHECK(libct_handle_to_err(h) == -ENOENT, "handle_to_err gives -ENOENT back");
	h = libct_err_to_handle(-LCTERR_BADCTSTATE);
	CHECK(libct_handle_is_err(h) && libct_handle_to_err(h) == -LCTERR_BADCTSTATE,
	      "an -LCTERR_* code makes an error handle too");
	CHECK(!libct_handle_is_err(&x), "a real pointer is not an error handle");
	CHECK(!libct_handle_is_err(ses), "the test's session is not an error handle");
}

static void test_sessions(void)
{
	libct_session_t s;
	char url[256];
	struct stat st;

	s = libct_session_open("bogus://nowhere");
	CHECK(is_err(s), "session_open of a bad url gives an error handle");
	if (s && libct_handle_is_err(s))
		CHECK(libct_handle_to_err(s) < 0, "... with a negative code (%ld)",
		      libct_handle_to_err(s));
	else
		CHECK(0, "... with a negative code");
	s = libct_session_open("local:");
	CHECK(is_err(s), "session_open(\"local:\") (no directory) is an error");

	snprintf(url, sizeof(url), "local:%s/other-state", T);
	s = libct_session_open(url);
	CHECK(!is_err(s), "session_open(\"local:DIR\") with a missing DIR");
	CHECK(stat(url + 6, &st) == 0 && S_ISDIR(st.st_mode), "... makes the state directory");
	if (!is_err(s)) {
		CHECK_STR(libct_session_last_error(s), "", "a new session has no last error");
		libct_session_close(s);
	}
	s = libct_session_open_local();
	CHECK(!is_err(s), "session_open_local");
	if (!is_err(s))
		libct_session_close(s);
	s = libct_session_open("local");
	CHECK(!is_err(s), "session_open(\"local\")");
	if (!is_err(s))
		libct_session_close(s);
	s = libct_session_open(NULL);
	CHECK(!is_err(s), "session_open(NULL)");
	if (!is_err(s))
		libct_session_close(s);
}

static void test_errors(void)
{
	ct_handler_t h = libct_container_open(ses, ct_name("nosuch"));
	char *argv[] = { "nosuch", NULL };
	ct_process_t p;

	CHECK(is_err(h), "opening an unknown container gives an error handle");
	if (h && libct_handle_is_err(h))
		CHECK(libct_handle_to_err(h) == -LCTERR_NOTFOUND ||
			      libct_handle_to_err(h) == -ENOENT,
		      "... -LCTERR_NOTFOUND or -ENOENT (%ld)", libct_handle_to_err(h));
	else
		CHECK(0, "... -LCTERR_NOTFOUND or -ENOENT");
	CHECK_CONTAINS(libct_session_last_error(ses), ct_name("nosuch"),
		       "... and the last error names the container");

	h = libct_container_create(ses, "bad/name");
	CHECK(is_err(h), "create with a '/' in the name is refused");
	CHECK(strlen(libct_session_last_error(ses)) > 0, "... with a message (%s)",
	      libct_session_last_error(ses));

	h = libct_container_create(ses, ct_name("errors"));
	CHECK_H(h, "container_create");
	if (is_err(h))
		return;
	CHECK(libct_container_state(h) == CT_STOPPED, "a new container is stopped");
	CHECK(libct_container_kill(h) == -LCTERR_BADCTSTATE,
	      "kill of a stopped container: -LCTERR_BADCTSTATE");
	p = libct_container_enter_execv(h, NULL, "/bin/true", (char *[]){ "true", NULL });
	CHECK(is_err(p) && libct_handle_to_err(p) == -LCTERR_BADCTSTATE,
	      "enter into a stopped container: -LCTERR_BADCTSTATE (%ld)",
	      p && libct_handle_is_err(p) ? libct_handle_to_err(p) : 0L);
	CHECK(libct_container_switch(h) < 0, "switch into a stopped container fails");

	libct_container_set_nsmask(h, CLONE_NEWUTS);
	p = libct_container_spawn_execv(h, NULL, "/nonexistent/program", argv);
	CHECK(is_err(p), "spawn_execv of a missing program gives an error handle");
	CHECK(strlen(libct_session_last_error(ses)) > 0, "... and the session keeps a message (%s)",
	      libct_session_last_error(ses));
	CHECK(libct_container_state(h) == CT_STOPPED, "... and the container is stopped");
	p = libct_container_spawn_cb(h, NULL, NULL, NULL);
	CHECK(is_err(p), "spawn_cb with no function (not taskless) is an error");
	p = libct_container_spawn_execv(h, NULL, NULL, argv);
	CHECK(is_err(p), "spawn_execv with no path is an error");
	libct_container_destroy(h);
}

static void test_spawn_cb(void)
{
	char *page = shared_page();
	ct_handler_t h = libct_container_create(ses, ct_name("cb"));
	ct_process_t p;
	int status = -1;

	CHECK_H(h, "create for spawn_cb");
	if (is_err(h))
		return;
	CHECK_0(libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS),
		"set_nsmask pid+mount+uts");
	CHECK_0(libct_container_uname(h, "cb-host", NULL), "uname");
	p = libct_container_spawn_cb(h, NULL, cb_report, page);
	CHECK_H(p, "spawn_cb");
	if (!is_err(p)) {
		CHECK(libct_process_get_pid(p) > 1, "process_get_pid is a host pid (%d)",
		      libct_process_get_pid(p));
		CHECK_0(libct_process_wait(p, &status), "process_wait of init");
		CHECK(exited_with(status, 7),
		      "the callback's return value is the exit status (%#x)", status);
		CHECK_0(libct_container_wait(h), "container_wait after the callback");
		CHECK_STR(page, "1 cb-host", "the callback ran as pid 1 with the hostname");
		CHECK(libct_container_state(h) == CT_STOPPED, "stopped after init exited");
	}
	/* a stopped container can be spawned again */
	memset(page, 0, 4096);
	p = libct_container_spawn_cb(h, NULL, cb_report, page);
	CHECK_H(p, "spawn_cb a second time after the first init ended");
	if (!is_err(p)) {
		libct_container_wait(h);
		CHECK_STR(page, "1 cb-host", "... and it ran again");
	}
	libct_container_destroy(h);
	munmap(page, 4096);
}

static void test_spawn_exec(void)
{
	ct_handler_t h = libct_container_create(ses, ct_name("exec"));
	char *env[] = { "FOO=bar", "PATH=/bin:/usr/bin", NULL };
	char *argv[] = { "sh", "-c", "echo \"$FOO $CT_COMPAT_CALLER\"", NULL };
	ct_process_desc_t d;
	ct_process_t p;
	char *out = NULL;
	int st, rfd, wfd;

	CHECK_H(h, "create for spawn_exec");
	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	CHECK_0(libct_fs_set_root(h, ROOTFS), "fs_set_root");
	setenv("CT_COMPAT_CALLER", "inherited", 1);
	CHECK_0(spawn_sh(h, NULL, "echo $$; cat /etc/compat-marker; echo $CT_COMPAT_CALLER; exit 3",
			 &out, &st),
		"spawn_execv of /bin/sh");
	CHECK_STR(out, "1\nrootfs-marker\ninherited\n",
		  "init is pid 1 in the rootfs, with the caller's environment");
	CHECK(exited_with(st, 3), "process_wait gives init's exit status 3 (%#x)", st);
	free(out);

	d = capture_desc(NULL, &rfd, &wfd);
	p = libct_container_spawn_execve(h, d, "/bin/sh", argv, env);
	close(wfd);
	libct_process_desc_destroy(d);
	CHECK_H(p, "spawn_execve");
	if (!is_err(p)) {
		out = read_fd(rfd);
		libct_container_wait(h);
		CHECK_STR(out, "bar \n", "spawn_execve runs with exactly the given environment");
		free(out);
	}
	close(rfd);
	unsetenv("CT_COMPAT_CALLER");
	libct_container_destroy(h);
}

static int cb_enter(void *arg)
{
	char *page = arg;

	snprintf(page, 4096, "entered ");
	gethostname(page + strlen(page), 256);
	return 5;
}

static void test_running(void)
{
	char *name = ct_name("run");
	ct_handler_t h = libct_container_create(ses, name);
	char *page = shared_page();
	struct libct_processes *ps;
	ct_process_t p, e;
	char *out, path[256];
	int st = -1, init;
	struct stat sb;

	CHECK_H(h, "create for the running tests");
	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC);
	libct_container_uname(h, "running-host", "running-domain");
	libct_fs_set_root(h, ROOTFS);
	libct_container_set_option(h, LIBCT_OPT_AUTO_PROC_MOUNT, NULL);
	p = spawn_sleep(h, NULL);
	CHECK_H(p, "spawn_execv of sleep");
	if (is_err(p)) {
		libct_container_destroy(h);
		return;
	}
	init = libct_process_get_pid(p);
	CHECK(init > 1 && kill(init, 0) == 0, "init's pid %d is alive on the host", init);
	CHECK(libct_container_state(h) == CT_RUNNING, "state is CT_RUNNING");
	snprintf(path, sizeof(path), "%s/state/%s", T, name);
	CHECK(stat(path, &sb) == 0, "the state record is in the session's directory");
	CHECK(is_err(spawn_sleep(h, NULL)) && strlen(libct_session_last_error(ses)) > 0,
	      "spawning a running container again is an error");

	ps = libct_container_processes(h);
	CHECK(!is_err(ps) && ps->nproc == 1 && libct_processes_get(ps, 0) == init,
	      "container_processes lists init alone (%d)", is_err(ps) ? -1 : ps->nproc);
	if (!is_err(ps))
		libct_processes_free(ps);

	/* enter: execv, execve, cb */
	CHECK_0(enter_sh(h, NULL,
			 "hostname; cat /proc/sys/kernel/domainname; echo $$; "
			 "cat /etc/compat-marker; exit 4",
			 &out, &st),
		"enter_execv");
	CHECK_STR(out, "running-host\nrunning-domain\n2\nrootfs-marker\n",
		  "the entered process sees the hostname, domain, pid ns and root");
	CHECK(exited_with(st, 4), "libct_process_wait of the entered process: status 4 (%#x)", st);
	free(out);

	{
		char *argv[] = { "sh", "-c", "echo $ENTER_VAR", NULL };
		char *env[] = { "ENTER_VAR=from-execve", NULL };
		int rfd, wfd;
		ct_process_desc_t d = capture_desc(NULL, &rfd, &wfd);

		e = libct_container_enter_execve(h, d, "/bin/sh", argv, env);
		close(wfd);
		libct_process_desc_destroy(d);
		CHECK_H(e, "enter_execve");
		if (!is_err(e)) {
			out = read_fd(rfd);
			CHECK(libct_process_get_pid(e) > 0 && libct_process_get_pid(e) != init,
			      "the entered process has a pid of its own");
			libct_process_wait(e, &st);
			libct_process_destroy(e);
			CHECK_STR(out, "from-execve\n", "enter_execve passes the environment");
			free(out);
		}
		close(rfd);
	}

	e = libct_container_enter_cb(h, NULL, cb_enter, page);
	CHECK_H(e, "enter_cb");
	if (!is_err(e)) {
		CHECK_0(libct_process_wait(e, &st), "process_wait of enter_cb");
		CHECK(exited_with(st, 5), "the callback's return is its status (%#x)", st);
		CHECK_STR(page, "entered running-host",
			  "the callback ran in the container's uts ns");
		libct_process_destroy(e);
	}

	/* an entered process as another user, listed with init */
	{
		ct_process_desc_t d = libct_process_desc_create(ses);
		char *argv[] = { "sleep", "1000", NULL };
		int fds[3] = { DEVNULL, DEVNULL, DEVNULL }, epid;

		libct_process_desc_setuid(d, 1000);
		libct_process_desc_setgid(d, 1000);
		libct_process_desc_set_fds(d, fds, 3);
		e = libct_container_enter_execv(h, d, "/bin/sleep", argv);
		libct_process_desc_destroy(d);
		CHECK_H(e, "enter_execv of a sleep as uid 1000");
		if (!is_err(e)) {
			char *own;

			epid = libct_process_get_pid(e);
			own = host_out("stat -c %%u:%%g /proc/%d", epid);
			CHECK_STR(own, "1000:1000", "the entered process runs as 1000:1000");
			free(own);
			ps = libct_container_processes(h);
			CHECK(!is_err(ps) && ps->nproc == 2 &&
				      ((libct_processes_get(ps, 0) == init &&
					libct_processes_get(ps, 1) == epid) ||
				       (libct_processes_get(ps, 1) == init &&
					libct_processes_get(ps, 0) == epid)),
			      "container_processes lists init and the entered process");
			if (!is_err(ps))
				libct_processes_free(ps);
			kill(epid, SIGKILL);
			CHECK_0(libct_process_wait(e, &st), "process_wait of the killed process");
			CHECK(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
			      "... its status says SIGKILL (%#x)", st);
			libct_process_destroy(e);
		}
	}

	/* pause and resume */
	CHECK_0(libct_container_pause(h), "container_pause");
	CHECK(libct_container_state(h) == CT_PAUSED, "state is CT_PAUSED");
	{
		char *fz = host_out("p=$(grep -E '^[0-9]+:freezer:' /proc/%d/cgroup | cut -d: "
				    "-f3); "
				    "cat /sys/fs/cgroup/freezer$p/freezer.state",
				    init);

		CHECK_STR(fz, "FROZEN", "init's freezer cgroup is FROZEN");
		free(fz);
	}
	CHECK_0(libct_container_resume(h), "container_resume");
	CHECK(libct_container_state(h) == CT_RUNNING, "state is CT_RUNNING again");

	/* kill a paused container too */
	libct_container_pause(h);
	CHECK_0(libct_container_kill(h), "container_kill (of a paused container)");
	CHECK_0(libct_container_wait(h), "container_wait");
	CHECK(pid_gone(init), "init is gone");
	CHECK(libct_container_state(h) == CT_STOPPED, "state is CT_STOPPED");
	libct_container_destroy(h);
	CHECK(stat(path, &sb) < 0, "destroy removed the state record");
	h = libct_container_open(ses, name);
	CHECK(is_err(h), "a destroyed container cannot be opened");
	munmap(page, 4096);
}

/* A stopped container is started again with the same handle. */
static void test_respawn(void)
{
	ct_handler_t h = libct_container_create(ses, ct_name("respawn"));
	ct_process_t p;
	char *out = NULL;
	int st, init;

	CHECK_H(h, "create for a second spawn");
	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	libct_fs_set_root(h, ROOTFS);
	CHECK_0(spawn_sh(h, NULL, "true", &out, &st), "a first init that exits");
	free(out);
	CHECK(libct_container_state(h) == CT_STOPPED, "the container is stopped after it");
	p = spawn_sleep(h, NULL);
	CHECK_H(p, "spawn_execv of a second init on the same handle");
	if (is_err(p)) {
		libct_container_destroy(h);
		return;
	}
	init = libct_process_get_pid(p);
	CHECK(libct_container_state(h) == CT_RUNNING, "the second init: state CT_RUNNING (%d)",
	      libct_container_state(h));
	CHECK_0(stop_ct(h, p), "container_kill of the second init");
	CHECK(pid_gone(init), "the second init is gone");
	libct_container_destroy(h);
}

static void test_close_open(void)
{
	char *name = ct_name("reopen");
	ct_handler_t h = libct_container_create(ses, name);
	ct_process_t p;
	int init;

	CHECK_H(h, "create for close/open");
	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS);
	libct_fs_set_root(h, ROOTFS);
	p = spawn_sleep(h, NULL);
	if (is_err(p)) {
		CHECK(0, "spawn for close/open");
		libct_container_destroy(h);
		return;
	}
	init = libct_process_get_pid(p);
	libct_container_close(h);
	CHECK(kill(init, 0) == 0, "container_close leaves the container running");
	h = libct_container_open(ses, name);
	CHECK_H(h, "container_open of the running container");
	if (is_err(h))
		return;
	CHECK(libct_container_state(h) == CT_RUNNING, "the opened container is CT_RUNNING");
	CHECK_0(libct_container_kill(h), "kill through the opened handle");
	CHECK(pid_gone(init), "init is gone");
	CHECK(libct_container_state(h) == CT_STOPPED, "the opened container is CT_STOPPED");
	libct_container_destroy(h);
}

static void test_load(void)
{
	ct_handler_t h = libct_container_create(ses, ct_name("load"));
	ct_process_t p;
	pid_t pid;
	int st = 0;

	CHECK_H(h, "create for load");
	if (is_err(h))
		return;
	pid = fork();
	if (pid == 0) {
		execl("/bin/sleep", "sleep", "1000", (char *)NULL);
		_exit(127);
	}
	p = libct_container_load(h, pid);
	CHECK_H(p, "container_load of a running process");
	if (!is_err(p)) {
		CHECK(libct_process_get_pid(p) == pid, "the loaded init's pid is %d", (int)pid);
		CHECK(libct_container_state(h) == CT_RUNNING, "a loaded container is CT_RUNNING");
		CHECK(is_err(libct_container_load(h, pid)),
		      "loading into a running container fails");
		CHECK_0(libct_container_kill(h), "kill of the loaded container");
		waitpid(pid, &st, 0);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the process got SIGKILL (%#x)",
		      st);
	} else {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	libct_container_destroy(h);

	h = libct_container_create(ses, ct_name("load2"));
	p = libct_container_load(h, 0x3ffffff0);
	CHECK(is_err(p), "load of a pid that does not exist fails");
	libct_container_destroy(h);
}

static void test_switch(void)
{
	ct_handler_t h = libct_container_create(ses, ct_name("switch"));
	ct_process_t p;
	pid_t pid;
	int st = -1;

	CHECK_H(h, "create for switch");
	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWIPC);
	libct_container_uname(h, "switched", NULL);
	libct_fs_set_root(h, ROOTFS);
	p = spawn_sleep(h, NULL);
	CHECK_H(p, "spawn (no pid namespace) for switch");
	if (is_err(p)) {
		libct_container_destroy(h);
		return;
	}
	pid = fork();
	if (pid == 0) {
		char host[256] = "";
		int r = libct_container_switch(h);

		if (r < 0)
			_exit(10);
		gethostname(host, sizeof(host));
		if (strcmp(host, "switched"))
			_exit(11);
		if (access("/etc/compat-marker", F_OK) < 0)
			_exit(12);
		if (access(ROOTFS, F_OK) == 0)
			_exit(13); /* the host's tree is out of sight */
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(exited_with(st, 0),
	      "a child that switched sees the hostname and the root (exit %d: 10 switch "
	      "failed, 11 hostname, 12 root, 13 host tree visible)",
	      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	libct_container_kill(h);
	libct_container_wait(h);
	libct_container_destroy(h);

	/* with a pid namespace: every namespace but pid is joined */
	h = libct_container_create(ses, ct_name("switchpid"));
	libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	libct_container_uname(h, "switched-pid", NULL);
	libct_fs_set_root(h, ROOTFS);
	p = spawn_sleep(h, NULL);
	CHECK_H(p, "spawn (with a pid namespace) for switch");
	if (is_err(p)) {
		libct_container_destroy(h);
		return;
	}
	pid = fork();
	if (pid == 0) {
		char host[256] = "";
		int r = libct_container_switch(h);

		if (r < 0) {
			printf("# switch: %d: %s\n", r, libct_session_last_error(ses));
			fflush(stdout);
			_exit(10);
		}
		gethostname(host, sizeof(host));
		_exit(strcmp(host, "switched-pid") ? 11 : 0);
	}
	waitpid(pid, &st, 0);
	CHECK(exited_with(st, 0),
	      "switch into a container with a pid namespace joins the others (\"all but pid\") "
	      "(exit %d: 10 switch failed, 11 hostname)",
	      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	libct_container_kill(h);
	libct_container_wait(h);
	libct_container_destroy(h);
}

struct fd_probe {
	int keep_fd, cloexec_fd;
	char *page;
};

static int cb_fds(void *arg)
{
	struct fd_probe *fp = arg;

	/* as a child of fork(): the caller's pipe end is open, its
	 * close-on-exec fd (as the library's own are) closed */
	snprintf(fp->page, 4096, "pipe %s, cloexec %s, root %s",
		 fcntl(fp->keep_fd, F_GETFD) >= 0 ? "open" : "closed",
		 fcntl(fp->cloexec_fd, F_GETFD) >= 0 ? "open" : "closed",
		 access("/bin/busybox", X_OK) == 0 ? "busybox" : "other");
	return write(fp->keep_fd, "x", 1) == 1 ? 0 : 1;
}

/* What the original's programs rely on: callbacks keep the caller's fds
 * (unless given theirs), a relative root is the caller's cwd's, and
 * process_wait takes the error handle of a failed call. */
static void test_original_ways(void)
{
	struct fd_probe fp = { .page = shared_page() };
	int pfd[2], st = 0, fds[3] = { DEVNULL, DEVNULL, DEVNULL };
	ct_handler_t h = libct_container_create(ses, ct_name("ways"));
	ct_process_desc_t pd = libct_process_desc_create(ses);
	char c = 0, *rel = strrchr(ROOTFS, '/') + 1;
	ct_process_t p;

	CHECK(libct_process_wait(libct_err_to_handle(-LCTERR_BADCTSTATE), &st) ==
		      -LCTERR_BADCTSTATE,
	      "process_wait of an error handle returns its error");
	CHECK(libct_process_get_pid(libct_err_to_handle(-ENOENT)) == -1,
	      "process_get_pid of an error handle is -1");
	CHECK_H(h, "create for the original's ways");
	if (is_err(h) || is_err(pd) || pipe(pfd) < 0)
		return;
	fp.keep_fd = pfd[1];
	fp.cloexec_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	CHECK_0(libct_container_set_nsmask(h, CLONE_NEWNS), "set_nsmask mount");
	/* a relative root: from the cwd at the call */
	if (chdir(T) == 0) {
		CHECK_0(libct_fs_set_root(h, rel), "fs_set_root with a relative path (%s)", rel);
		CHECK(chdir("/") == 0, "back to /");
	}
	p = libct_container_spawn_cb(h, pd, cb_fds, &fp);
	CHECK_H(p, "spawn_cb with a pipe of the caller's");
	if (!is_err(p)) {
		libct_container_wait(h);
		CHECK_STR(fp.page, "pipe open, cloexec closed, root busybox",
			  "the callback has the caller's pipe, not its close-on-exec fd, in the "
			  "relative root");
		close(pfd[1]);
		CHECK(read(pfd[0], &c, 1) == 1 && c == 'x', "... and wrote to the pipe");
	} else {
		close(pfd[1]);
	}
	close(pfd[0]);
	/* given fds, a callback has those only */
	if (pipe(pfd) == 0) {
		fp.keep_fd = pfd[1];
		CHECK_0(libct_process_desc_set_fds(pd, fds, 3), "set_fds");
		p = libct_container_spawn_cb(h, pd, cb_fds, &fp);
		CHECK_H(p, "spawn_cb with fds given");
		if (!is_err(p)) {
			libct_container_wait(h);
			CHECK(strncmp(fp.page, "pipe closed", 11) == 0,
			      "given fds, the callback has no other fd of the caller's (%s)",
			      fp.page);
		}
		close(pfd[0]);
		close(pfd[1]);
	}
	close(fp.cloexec_fd);
	libct_process_desc_destroy(pd);
	libct_container_destroy(h);
	munmap(fp.page, 4096);
}

int main(void)
{
	test_setup();
	test_handles();
	test_sessions();
	test_errors();
	test_spawn_cb();
	test_spawn_exec();
	test_running();
	test_respawn();
	test_close_open();
	test_load();
	test_switch();
	test_original_ways();
	return tap_done();
}

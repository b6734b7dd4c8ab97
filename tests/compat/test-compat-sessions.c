/* <libct/compat.h>: two sessions with their own state directories in one
 * process, each running a container at once; a container created by one
 * process and opened, killed and destroyed by another; session_close
 * destroying what is still open in it. */
#include "compat-test.h"

static void test_two_sessions(void)
{
	char url1[256], url2[256], path[512];
	libct_session_t s1, s2;
	ct_handler_t h1, h2, x;
	ct_process_t p1, p2;
	char *n1 = ct_name("one"), *n2 = ct_name("two");
	int pid1 = 0, pid2 = 0;

	snprintf(url1, sizeof(url1), "local:%s/s1", T);
	snprintf(url2, sizeof(url2), "local:%s/s2", T);
	s1 = libct_session_open(url1);
	s2 = libct_session_open(url2);
	CHECK(!is_err(s1) && !is_err(s2), "two sessions with their own state directories");
	if (is_err(s1) || is_err(s2))
		return;
	h1 = libct_container_create(s1, n1);
	h2 = libct_container_create(s2, n2);
	CHECK(!is_err(h1) && !is_err(h2), "a container in each");
	if (is_err(h1) || is_err(h2))
		return;
	libct_container_set_nsmask(h1, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	libct_container_set_nsmask(h2, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	libct_container_uname(h1, "first", NULL);
	libct_container_uname(h2, "second", NULL);
	libct_fs_set_root(h1, ROOTFS);
	libct_fs_set_root(h2, ROOTFS);
	p1 = spawn_sleep(h1, NULL);
	p2 = spawn_sleep(h2, NULL);
	CHECK(!is_err(p1) && !is_err(p2), "both run at once");
	if (!is_err(p1))
		pid1 = libct_process_get_pid(p1);
	if (!is_err(p2))
		pid2 = libct_process_get_pid(p2);
	CHECK(libct_container_state(h1) == CT_RUNNING && libct_container_state(h2) == CT_RUNNING,
	      "both are CT_RUNNING");
	snprintf(path, sizeof(path), "%s/s1/%s", T, n1);
	CHECK(access(path, F_OK) == 0, "the first's state is in the first directory");
	snprintf(path, sizeof(path), "%s/s2/%s", T, n2);
	CHECK(access(path, F_OK) == 0, "the second's state is in the second directory");
	snprintf(path, sizeof(path), "%s/s2/%s", T, n1);
	CHECK(access(path, F_OK) < 0, "... and not the first's");
	x = libct_container_open(s2, n1);
	CHECK(is_err(x), "the second session does not know the first's container");
	CHECK_CONTAINS(libct_session_last_error(s2), n1, "... and says so in its last error");
	CHECK_STR(libct_session_last_error(s1), "", "... the first session has no error");
	{
		char *h = host_out("nsenter -t %d -u hostname; nsenter -t %d -u hostname", pid1,
				   pid2);

		CHECK_STR(h, "first\nsecond", "each has its own hostname");
		free(h);
	}
	CHECK_0(libct_container_kill(h1), "kill the first");
	libct_container_wait(h1);
	CHECK(libct_container_state(h1) == CT_STOPPED && libct_container_state(h2) == CT_RUNNING,
	      "the first stopped, the second runs on");
	CHECK(pid_gone(pid1) && kill(pid2, 0) == 0, "... and so do their inits");
	libct_container_destroy(h1);
	/* closing the second session destroys its container */
	libct_session_close(s2);
	CHECK(pid2 > 0 && pid_gone(pid2), "session_close destroys the container still open in it");
	snprintf(path, sizeof(path), "%s/s2/%s", T, n2);
	CHECK(access(path, F_OK) < 0, "... and its state");
	libct_session_close(s1);
}

static void test_cross_process(void)
{
	char *name = ct_name("cross"), path[512];
	int pfd[2], init = 0, st = -1;
	struct libct_processes *ps;
	ct_handler_t h;
	pid_t pid;

	if (pipe(pfd) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		/* another process, with a session of its own */
		libct_session_t s = libct_session_open(URL);
		ct_handler_t c = is_err(s) ? NULL : libct_container_create(s, name);
		char *argv[] = { "sleep", "1000", NULL };
		ct_process_desc_t pd;
		ct_process_t p = NULL;
		int fds[3] = { DEVNULL, DEVNULL, DEVNULL };

		if (!is_err(c)) {
			pd = libct_process_desc_create(s);
			libct_process_desc_set_fds(pd, fds, 3);
			libct_container_set_nsmask(c, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
			libct_fs_set_root(c, ROOTFS);
			p = libct_container_spawn_execv(c, pd, "/bin/sleep", argv);
			libct_process_desc_destroy(pd);
		}
		init = is_err(p) ? 0 : libct_process_get_pid(p);
		if (write(pfd[1], &init, sizeof(init)) < 0)
			_exit(2);
		if (!is_err(c))
			libct_container_close(c);
		/* the test's session is a copy: leave it alone */
		ses = NULL;
		T[0] = 0;
		exit(init ? 0 : 1);
	}
	close(pfd[1]);
	if (read(pfd[0], &init, sizeof(init)) != sizeof(init))
		init = 0;
	close(pfd[0]);
	waitpid(pid, &st, 0);
	CHECK(init > 0 && exited_with(st, 0), "a child process created the container and exited");
	CHECK(init > 0 && kill(init, 0) == 0, "the container runs on after its creator exited");
	h = libct_container_open(ses, name);
	CHECK_H(h, "container_open in this process");
	if (is_err(h)) {
		if (init > 0)
			kill(init, SIGKILL);
		return;
	}
	CHECK(libct_container_state(h) == CT_RUNNING, "its state is CT_RUNNING");
	ps = libct_container_processes(h);
	CHECK(!is_err(ps) && ps->nproc == 1 && libct_processes_get(ps, 0) == init,
	      "container_processes shows the child's init");
	if (!is_err(ps))
		libct_processes_free(ps);
	CHECK_0(libct_container_kill(h), "container_kill from this process");
	CHECK_0(libct_container_wait(h), "container_wait from this process");
	CHECK(pid_gone(init), "init is gone");
	CHECK(libct_container_state(h) == CT_STOPPED, "its state is CT_STOPPED");
	libct_container_destroy(h);
	snprintf(path, sizeof(path), "%s/state/%s", T, name);
	CHECK(access(path, F_OK) < 0, "destroy removed its state");
	h = libct_container_open(ses, name);
	CHECK(is_err(h), "it cannot be opened any more");
}

int main(void)
{
	test_setup();
	test_two_sessions();
	test_cross_process();
	return tap_done();
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct run: create and start in one go; in the foreground, forward signals to
 * init and exit with its status (128+signal when it was killed). */
#include <signal.h>
#include <unistd.h>

#include "cli.h"

static void kill_init(void *ct, int sig)
{
	libct_container_kill(ct, sig, false, NULL);
}

int cmd_run(int argc, char **argv)
{
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd = NULL;
	struct ct_create_opts o;
	struct ct_notify notify = { -1, ct_notify_host(), 0 };
	sigset_t set, old;
	int r, status = 0, tty[2] = { -1, -1 }, master = -1;

	r = ct_parse_create_opts(argc, argv, true, &o);
	if (r)
		return r;
	if ((r = ct_session(&s)) || (r = ct_prepare(s, &o, &ct, &pd)))
		goto out;
	if (libct_process_desc_get_terminal(pd) && !o.console_socket) {
		if (o.detach) {
			r = ct_fail("cannot allocate a terminal for a detached container without "
				    "--console-socket");
			goto out;
		}
		if ((r = ct_tty_socketpair(tty)))
			goto out;
		libct_process_desc_set_console_socket(pd, tty[1]);
		/* "\n" stays "\n" on the way to our stdout, as with runc */
		libct_process_desc_set_terminal_onlcr(pd, false);
	}
	/* blocked before init exists, so none is lost; init unblocks them */
	ct_forward_set(&set);
	if (!o.detach)
		sigprocmask(SIG_BLOCK, &set, &old);
	if (libct_container_run(ct, pd, &err) < 0) {
		r = ct_fail_err(&err, NULL);
		goto out;
	}
	if ((r = ct_send_init_pidfd(ct, &o)) ||
	    (o.pid_file && (r = ct_write_pid_file(o.pid_file, libct_container_pid(ct)))))
		goto abandon;
	/* bound by the create, before the process ran */
	if (notify.host && (notify.fd = libct_container_notify_socket(ct, &err)) < 0) {
		r = ct_fail_err(&err, NULL);
		goto abandon;
	}
	if (o.detach) {
		/* systemd watches init once ct is gone, as with runc */
		notify.mainpid = libct_container_pid(ct);
		/* READY=1 not passed on fails the run, and a failed run leaves
		 * nothing (a start of a created container keeps it: create made
		 * it) */
		if (notify.fd >= 0 && (r = ct_notify_wait(&notify, libct_container_pidfd(ct))))
			goto abandon;
		goto out;
	}
	notify.mainpid = getpid();
	if ((r = ct_foreground(tty[0], &master, libct_container_pidfd(ct), &set,
			       notify.fd >= 0 ? &notify : NULL, kill_init, ct)))
		goto abandon;
	if (libct_container_wait(ct, &status, &err) < 0)
		r = ct_fail_err(&err, NULL);
	if (!r && !o.keep && libct_container_delete(ct, true, &err) < 0)
		r = ct_fail_err(&err, "delete");
	if (!r)
		r = status;
	goto out;
abandon:
	/* the run failed with its container started: it does not run on
	 * unseen (as runc); with --keep, killed and kept */
	if (!o.keep) {
		libct_container_delete(ct, true, NULL);
	} else if (libct_container_kill(ct, SIGKILL, false, NULL) == 0 &&
		   ct_await_end(libct_container_pidfd(ct), CT_KILLED_END_MS)) {
		libct_container_wait(ct, NULL, NULL);
	}
out:
	for (int i = 0; i < 2; i++)
		if (tty[i] >= 0)
			close(tty[i]);
	if (master >= 0)
		close(master);
	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}

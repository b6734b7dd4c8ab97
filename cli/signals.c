/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Foreground processes (run, exec): the signals ct passes on to them. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cli.h"

void ct_forward_set(sigset_t *set)
{
	static const int sigs[] = { SIGHUP,   SIGINT,  SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2,
				    SIGWINCH, SIGCONT, SIGTSTP, SIGTTIN, SIGTTOU };

	sigemptyset(set);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(set, sigs[i]);
}

/* The signals read from sfd passed on by fn, and notify read, until the
 * process (pidfd) exits: 0, or an exit code after the error is printed. */
static int forward_until_exit(int pidfd, int sfd, struct ct_notify *notify, ct_signal_fn fn,
			      void *userdata)
{
	struct pollfd p[3] = { { pidfd, POLLIN, 0 },
			       { sfd, POLLIN, 0 },
			       { notify ? notify->fd : -1, POLLIN, 0 } };
	int r;

	if (pidfd < 0) /* gone already */
		return 0;
	for (;;) {
		struct signalfd_siginfo si;

		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return ct_fail("poll: %s", strerror(errno));
		}
		if (p[2].revents) {
			if ((r = ct_notify_read(notify)))
				return r;
			p[2].fd = notify->fd;
		}
		if (p[0].revents)
			return 0;
		if (p[1].revents && read(sfd, &si, sizeof(si)) == sizeof(si))
			fn(userdata, (int)si.ssi_signo);
	}
}

bool ct_await_end(int pidfd, int ms)
{
	struct pollfd p = { pidfd, POLLIN, 0 };
	int r;

	if (pidfd < 0)
		return false;
	while ((r = poll(&p, 1, ms)) < 0 && errno == EINTR)
		;
	return r == 1;
}

int ct_foreground(int tty_sock, int *master, int pidfd, const sigset_t *set,
		  struct ct_notify *notify, ct_signal_fn fn, void *userdata)
{
	/* one signalfd for the terminal's copy and the wait after it (the
	 * signals of set are blocked: they queue until read) */
	int r = 0, sfd = signalfd(-1, set, SFD_CLOEXEC);

	if (sfd < 0)
		return ct_fail("signalfd: %s", strerror(errno));
	if (tty_sock >= 0) {
		*master = ct_recv_fd(tty_sock);
		if (*master < 0)
			r = ct_fail("terminal: no terminal came from the container");
		else
			r = ct_tty_proxy(pidfd, *master, sfd, notify, fn, userdata);
	}
	if (!r)
		r = forward_until_exit(pidfd, sfd, notify, fn, userdata);
	/* what it sent just before its end counts */
	if (!r && notify && notify->fd >= 0 && !(r = ct_notify_read(notify)))
		ct_notify_ended(notify);
	close(sfd);
	return r;
}

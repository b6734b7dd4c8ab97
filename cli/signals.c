/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Foreground processes (run, exec): the signals ct passes on to them. */
#include <poll.h>
#include <signal.h>
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

void ct_forward_until_exit(int pidfd, const sigset_t *set, ct_signal_fn fn, void *userdata)
{
	int sfd = signalfd(-1, set, SFD_CLOEXEC);
	struct pollfd p[2] = { { pidfd, POLLIN, 0 }, { sfd, POLLIN, 0 } };

	while (sfd >= 0 && pidfd >= 0) {
		struct signalfd_siginfo si;

		if (poll(p, 2, -1) < 0)
			continue;
		if (p[0].revents)
			break;
		if (p[1].revents && read(sfd, &si, sizeof(si)) == sizeof(si))
			fn(userdata, (int)si.ssi_signo);
	}
	if (sfd >= 0)
		close(sfd);
}

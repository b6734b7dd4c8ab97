/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The options create and run share (runc's spellings). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "cli.h"

#define CREATE_OPTIONS                                                                             \
	"  -b, --bundle DIR          the bundle (default: the current directory)\n"                \
	"  -f, --config FILE         the config instead of BUNDLE/config.json (crun)\n"            \
	"  --pid-file FILE           write the host pid of init to FILE\n"                         \
	"  --console-socket PATH     send the terminal's master end to this socket\n"              \
	"  --pidfd-socket PATH       send a pidfd of init to this socket\n"                        \
	"  --no-pivot                chroot into the root rather than pivot_root\n"                \
	"  --no-new-keyring          keep the caller's session keyring\n"                          \
	"  --preserve-fds N          pass fds 3 to 3+N-1 on to the process\n"                      \
	"  --no-subreaper            accepted (runc) and ignored\n"

static const char create_help[] =
	"create [OPTIONS] ID\n"
	"\n"
	"Set container ID up from BUNDLE/config.json; its init waits for ct start.\n"
	"\n"
	"Options:\n" CREATE_OPTIONS
	"  --detach, --keep          accepted and ignored (they are run's)\n"
	"  -h, --help                this help\n";

static const char run_help[] = "run [OPTIONS] ID\n"
			       "\n"
			       "Create and start container ID; in the foreground, forward signals "
			       "to it,\n"
			       "wait, delete it and exit with its status.\n"
			       "\n"
			       "Options:\n" CREATE_OPTIONS
			       "  -d, --detach              return once started, leave it running\n"
			       "  --keep                    do not delete it when it exits\n"
			       "  -h, --help                this help\n";

/* Socket activation (systemd's sd_listen_fds protocol, as runc reads it):
 * LISTEN_FDS fds from 3 on, when LISTEN_PID is ct's own pid and LISTEN_FDS a
 * positive number; else none. */
static int listen_fds(void)
{
	const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	char *end;
	long n;

	if (!pid || !fds || !*pid || !*fds)
		return 0;
	errno = 0;
	n = strtol(pid, &end, 10);
	if (errno || *end || n != (long)getpid())
		return 0;
	n = ct_fd_count(fds);
	return n > 0 ? (int)n : 0;
}

int ct_parse_create_opts(int argc, char **argv, bool run, struct ct_create_opts *o)
{
	static const struct option opts[] = {
		{ "bundle", required_argument, NULL, 'b' },
		{ "config", required_argument, NULL, 'f' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "console-socket", required_argument, NULL, 'c' },
		{ "pidfd-socket", required_argument, NULL, 's' },
		{ "no-pivot", no_argument, NULL, 'P' },
		{ "no-new-keyring", no_argument, NULL, 'K' },
		{ "preserve-fds", required_argument, NULL, 'F' },
		{ "detach", no_argument, NULL, 'd' },
		{ "keep", no_argument, NULL, 'k' },
		{ "no-subreaper", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *help = run ? run_help : create_help;
	char what[64];
	int c;

	memset(o, 0, sizeof(*o));
	o->pidfd_sock = -1;
	while ((c = getopt_long(argc, argv, run ? "b:f:dh" : "b:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			o->bundle = optarg;
			break;
		case 'p':
			o->pid_file = ct_abs_path(optarg, o->pid_file_abs);
			break;
		case 'c':
			o->console_socket = ct_abs_path(optarg, o->console_socket_abs);
			break;
		case 'f':
			o->config = ct_abs_path(optarg, o->config_abs);
			break;
		case 's':
			o->pidfd_socket = ct_abs_path(optarg, o->pidfd_socket_abs);
			break;
		case 'P':
			o->no_pivot = true;
			break;
		case 'F':
			o->preserve_fds = ct_preserve_fds_arg(NULL, optarg);
			if (o->preserve_fds < 0)
				return 1;
			break;
		case 'd':
			o->detach = true;
			break;
		case 'k':
			o->keep = true;
			break;
		case 'K':
			o->no_new_keyring = true;
			break;
		case 'S':
			break;
		case 'h':
			exit(ct_help(help, true));
		default:
			return ct_help(help, false);
		}
	}
	o->id = ct_one_id(argc, argv, optind, help);
	if (!o->id)
		return 2;
	o->listen_fds = listen_fds();
	snprintf(what, sizeof(what), "socket activation (LISTEN_FDS=%d)", o->listen_fds);
	/* before ct opens anything of its own (nothing is, until the session) */
	if (ct_fds_inherited(3, o->listen_fds, what) ||
	    ct_fds_inherited(3 + o->listen_fds, o->preserve_fds, "--preserve-fds"))
		return 1;
	return 0;
}

int ct_prepare(struct libct_session *s, struct ct_create_opts *o, struct libct_container **ret_ct,
	       struct libct_process_desc **ret_pd)
{
	struct libct_error err = { 0 };
	int r = ct_notify_check();

	if (r || (r = ct_load_bundle(s, o->bundle, o->config, o->id, ret_ct, ret_pd)))
		return r;
	/* as runc: the container's own socket, where runc puts it; start and
	 * run pass its READY=1 on (cli/notify.c) */
	if (ct_notify_host() &&
	    (libct_container_set_notify_dir(*ret_ct, "/run/notify", &err) < 0 ||
	     libct_process_desc_add_env(*ret_pd, "NOTIFY_SOCKET=/run/notify/notify.sock", &err) <
		     0))
		return ct_fail_err(&err, "NOTIFY_SOCKET");
	libct_container_set_no_pivot(*ret_ct, o->no_pivot);
	/* as runc: init gets a session keyring of its own, named after the id */
	if (!o->no_new_keyring && libct_process_desc_set_session_keyring(*ret_pd, o->id, NULL) < 0)
		return ct_fail("create: session keyring '%s'", o->id);
	/* as runc: the activation's fds first (3 on), the preserved ones after
	 * them, and the process told of the first ones as its own */
	libct_process_desc_set_preserve_fds(*ret_pd,
					    (unsigned int)(o->listen_fds + o->preserve_fds));
	if (o->listen_fds) {
		char env[32];

		snprintf(env, sizeof(env), "LISTEN_FDS=%d", o->listen_fds);
		if (libct_process_desc_add_env(*ret_pd, env, &err) < 0 ||
		    libct_process_desc_add_env(*ret_pd, "LISTEN_PID=1", &err) < 0)
			return ct_fail_err(&err, "socket activation");
	}
	if (o->console_socket) {
		int fd = ct_connect_socket(s, "--console-socket", o->console_socket);

		if (fd < 0)
			return 1;
		libct_process_desc_set_console_socket(*ret_pd, fd);
	}
	/* connected before anything is made, as runc: a wrong path leaves
	 * nothing behind */
	if (o->pidfd_socket &&
	    (o->pidfd_sock = ct_connect_socket(s, "--pidfd-socket", o->pidfd_socket)) < 0)
		return 1;
	return 0;
}

int ct_send_init_pidfd(struct libct_container *ct, struct ct_create_opts *o)
{
	int sock = o->pidfd_sock;

	if (sock < 0)
		return 0;
	o->pidfd_sock = -1;
	return ct_send_pidfd(sock, libct_container_pidfd(ct), "standard");
}

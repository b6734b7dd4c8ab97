/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct exec: a new process in a running container. It starts from the
 * container's own process settings (as runc does), which the flags change,
 * or is --process FILE as it is; the library adds the container's confinement
 * (seccomp, LSM labels, no_new_privs) either way. In the foreground ct exits
 * with its status. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct exec_opts {
	const char *process, *cwd, *user, *pid_file, *console_socket, *pidfd_socket, *apparmor,
		*label;
	char **env, **caps, **cgroups;
	gid_t gids[64];
	size_t n_env, n_caps, n_gids, n_cgroups;
	bool tty, detach, no_new_privs, ignore_paused;
	int preserve_fds;
};

static int push(char ***v, size_t *n, char *s)
{
	char **nv = realloc(*v, (*n + 2) * sizeof(char *));

	if (!nv)
		return ct_fail("exec: out of memory");
	nv[(*n)++] = s;
	nv[*n] = NULL;
	*v = nv;
	return 0;
}

static const char help[] =
	"exec [OPTIONS] ID [COMMAND [ARGS...]]\n"
	"\n"
	"Run a new process in a created or running container: COMMAND, starting from\n"
	"the container's own process (or from --process), changed by the options.\n"
	"\n"
	"Options:\n"
	"  -p, --process FILE          the OCI process object in FILE (- for stdin)\n"
	"  -w, --cwd DIR               the working directory (it must exist)\n"
	"  -e, --env NAME=VALUE        set an environment variable (repeatable)\n"
	"  -u, --user UID[:GID]        run as this numeric user and group\n"
	"  -g, --additional-gids GID   add a supplementary group (repeatable)\n"
	"  -t, --tty                   a new terminal for the process\n"
	"  -d, --detach                return once the process has started\n"
	"  -P, --pid-file FILE         write the process's host pid to FILE\n"
	"  --console-socket PATH       send the terminal's master end to this socket\n"
	"  --pidfd-socket PATH         send a pidfd of the process to this socket\n"
	"  --cap CAP                   add a capability (repeatable)\n"
	"  --no-new-privs              set no_new_privs\n"
	"  --apparmor PROFILE          the AppArmor profile\n"
	"  --process-label LABEL       the SELinux label\n"
	"  --preserve-fds N            pass fds 3 to 3+N-1 on to the process\n"
	"  --ignore-paused             into a paused container: it runs once resumed\n"
	"  --cgroup [CTRL,...:]PATH    join the sub-cgroup PATH of the container's\n"
	"                              (of CTRL's hierarchies only; repeatable)\n"
	"  -h, --help                  this help\n";

static int parse(int argc, char **argv, struct exec_opts *o)
{
	static const struct option opts[] = {
		{ "process", required_argument, NULL, 'p' },
		{ "cwd", required_argument, NULL, 'w' },
		{ "env", required_argument, NULL, 'e' },
		{ "user", required_argument, NULL, 'u' },
		{ "additional-gids", required_argument, NULL, 'g' },
		{ "tty", no_argument, NULL, 't' },
		{ "detach", no_argument, NULL, 'd' },
		{ "pid-file", required_argument, NULL, 'P' },
		{ "console-socket", required_argument, NULL, 'c' },
		{ "pidfd-socket", required_argument, NULL, 'f' },
		{ "cap", required_argument, NULL, 'C' },
		{ "no-new-privs", no_argument, NULL, 'n' },
		{ "apparmor", required_argument, NULL, 'a' },
		{ "process-label", required_argument, NULL, 'l' },
		{ "preserve-fds", required_argument, NULL, 'F' },
		{ "ignore-paused", no_argument, NULL, 'I' },
		{ "cgroup", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	int c;
	char *end;

	while ((c = getopt_long(argc, argv, "+p:w:e:u:g:tdhP:", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->process = optarg;
			break;
		case 'w':
			o->cwd = optarg;
			break;
		case 'e':
			if (push(&o->env, &o->n_env, optarg))
				return 1;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'g':
			if (o->n_gids == 64)
				return ct_fail("exec: too many --additional-gids");
			o->gids[o->n_gids++] = (gid_t)strtoul(optarg, &end, 10);
			if (*end || !*optarg)
				return ct_fail("exec: --additional-gids: '%s' is not a number",
					       optarg);
			break;
		case 't':
			o->tty = true;
			break;
		case 'd':
			o->detach = true;
			break;
		case 'P':
			o->pid_file = optarg;
			break;
		case 'c':
			o->console_socket = optarg;
			break;
		case 'f':
			o->pidfd_socket = optarg;
			break;
		case 'C':
			if (push(&o->caps, &o->n_caps, optarg))
				return 1;
			break;
		case 'n':
			o->no_new_privs = true;
			break;
		case 'a':
			o->apparmor = optarg;
			break;
		case 'l':
			o->label = optarg;
			break;
		case 'F':
			o->preserve_fds = ct_preserve_fds_arg("exec", optarg);
			if (o->preserve_fds < 0)
				return 1;
			break;
		case 'I':
			o->ignore_paused = true;
			break;
		case 'G':
			if (push(&o->cgroups, &o->n_cgroups, optarg))
				return 1;
			break;
		case 'h':
			exit(ct_help(help, true));
		default:
			return ct_help(help, false);
		}
	}
	if (optind >= argc)
		return ct_fail("exec: missing container id");
	if (!o->process && optind + 1 >= argc)
		return ct_fail("exec: missing command (or --process)");
	/* before ct opens anything of its own */
	return ct_fds_inherited(3, o->preserve_fds, "exec: --preserve-fds");
}

/* The starting point: --process FILE, or the container's own process. */
static int template(struct libct_container *ct, const struct exec_opts *o,
		    struct libct_process_desc **ret)
{
	struct libct_error err = { 0 };

	if (o->process) {
		if (libct_oci_load_process_file(o->process, ret, &err) < 0)
			return ct_fail_err(&err, "--process");
		return 0;
	}
	if (libct_oci_load_exec_template(ct, ret, &err) < 0)
		return ct_fail_err(&err, "container config");
	/* as runc: a terminal only with -t, whatever process.terminal says */
	libct_process_desc_set_terminal(*ret, false);
	return 0;
}

static int apply_user(struct libct_process_desc *pd, const char *user)
{
	char *end;
	unsigned long uid = strtoul(user, &end, 10), gid = 0;

	if (end == user || (*end && *end != ':'))
		return ct_fail("exec: --user '%s': expected UID[:GID]", user);
	if (*end == ':') {
		const char *g = end + 1;

		gid = strtoul(g, &end, 10);
		if (end == g || *end)
			return ct_fail("exec: --user '%s': expected UID[:GID]", user);
	}
	libct_process_desc_set_user(pd, (uid_t)uid, (gid_t)gid);
	return 0;
}

/* The options that describe the process: with --process, runc and crun
 * take the file as it is and ignore them. */
static void warn_ignored(const struct exec_opts *o)
{
	const char *given[] = {
		o->cwd ? "cwd" : NULL,		 o->n_env ? "env" : NULL,
		o->user ? "user" : NULL,	 o->n_gids ? "additional-gids" : NULL,
		o->n_caps ? "cap" : NULL,	 o->no_new_privs ? "no-new-privs" : NULL,
		o->apparmor ? "apparmor" : NULL, o->label ? "process-label" : NULL
	};

	ct_warn_ignored("exec: --process gives the process", given,
			sizeof(given) / sizeof(given[0]));
}

/* --cwd, --env, --user, --additional-gids, --cap, --no-new-privs,
 * --apparmor and --process-label on the container's own process */
static int apply_process_opts(struct libct_process_desc *pd, const struct exec_opts *o)
{
	struct libct_error err = { 0 };
	bool ambient;
	int cap, r;

	if (o->cwd && libct_process_desc_set_cwd(pd, o->cwd, &err) < 0)
		return ct_fail_err(&err, NULL);
	for (size_t i = 0; i < o->n_env; i++)
		if (libct_process_desc_add_env(pd, o->env[i], &err) < 0)
			return ct_fail_err(&err, "--env");
	if (o->user && apply_user(pd, o->user))
		return 1;
	if (o->n_gids && libct_process_desc_set_additional_gids(pd, o->gids, o->n_gids, &err) < 0)
		return ct_fail_err(&err, NULL);
	/* as runc: bounding, effective and permitted, and ambient when the
	 * process has inheritable capabilities (the kernel raises an ambient one
	 * only when it is inheritable too, and --cap adds none there) */
	ambient = libct_process_desc_get_caps(pd, LIBCT_CAP_INHERITABLE) != 0;
	for (size_t i = 0; i < o->n_caps; i++) {
		/* as runc and crun, a name that cannot be granted is skipped */
		r = libct_cap_from_string(o->caps[i], &cap);
		if (r < 0) {
			ct_warn("exec: --cap: %s capability '%s', skipped",
				r == -EOPNOTSUPP ? "this kernel has no" : "unknown", o->caps[i]);
			continue;
		}
		for (int set = 0; set < LIBCT_CAP_SET__MAX; set++)
			if (set != LIBCT_CAP_INHERITABLE && (set != LIBCT_CAP_AMBIENT || ambient))
				libct_process_desc_set_caps(pd, set,
							    libct_process_desc_get_caps(pd, set) |
								    (1ULL << cap));
	}
	if (o->no_new_privs)
		libct_process_desc_set_no_new_privileges(pd, true);
	if (o->apparmor && libct_process_desc_set_apparmor_profile(pd, o->apparmor, &err) < 0)
		return ct_fail_err(&err, NULL);
	if (o->label && libct_process_desc_set_selinux_label(pd, o->label, &err) < 0)
		return ct_fail_err(&err, NULL);
	return 0;
}

static int apply(struct libct_process_desc *pd, const struct exec_opts *o, char **args)
{
	struct libct_error err = { 0 };

	/* as runc and crun: --process gives the command and the process, the
	 * command after the id and the options of the process are not used */
	if (o->process) {
		if (args[0])
			ct_warn("exec: --process gives the command: '%s'%s ignored", args[0],
				args[1] ? " and what follows" : "");
		warn_ignored(o);
	} else {
		if (args[0] && libct_process_desc_set_args(pd, (const char *const *)args, &err) < 0)
			return ct_fail_err(&err, NULL);
		if (apply_process_opts(pd, o))
			return 1;
	}
	/* its own session and process group, as runc's exec (detached or not) */
	libct_process_desc_set_new_session(pd, true);
	if (o->tty)
		libct_process_desc_set_terminal(pd, true);
	libct_process_desc_set_preserve_fds(pd, (unsigned int)o->preserve_fds);
	/* runc's form: PATH for every hierarchy, or CONTROLLER[,...]:PATH */
	for (size_t i = 0; i < o->n_cgroups; i++) {
		const char *c = o->cgroups[i], *colon = strchr(c, ':');
		char ctl[256];

		if (colon == c)
			return ct_fail("exec: --cgroup ':%s': no controller before ':'", colon + 1);
		if (colon && (size_t)(colon - c) >= sizeof(ctl))
			return ct_fail("exec: --cgroup '%s': too many controllers", c);
		if (colon)
			snprintf(ctl, sizeof(ctl), "%.*s", (int)(colon - c), c);
		if (libct_process_desc_add_sub_cgroup(pd, colon ? ctl : NULL, colon ? colon + 1 : c,
						      &err) < 0)
			return ct_fail_err(&err, "exec: --cgroup");
	}
	return 0;
}

static void kill_process(void *p, int sig)
{
	libct_process_kill(p, sig, NULL);
}

/* 0 with the process's exit status in *ret_status (0 with -d), or non-zero
 * when it could not be started or waited for (the error is printed). */
static int run(struct libct_session *s, struct libct_container *ct, struct libct_process_desc *pd,
	       const struct exec_opts *o, int *ret_status)
{
	struct libct_error err = { 0 };
	struct libct_process *p = NULL;
	int r = 0, status = 0, tty[2] = { -1, -1 }, master = -1, console = -1, pidfd_sock = -1;
	sigset_t set;

	if (o->console_socket) {
		console = ct_connect_socket(s, "--console-socket", o->console_socket);
		if (console < 0)
			return 1;
		libct_process_desc_set_console_socket(pd, console);
	} else if (libct_process_desc_get_terminal(pd)) {
		if (o->detach)
			return ct_fail("cannot allocate a terminal for a detached process without "
				       "--console-socket");
		if ((r = ct_tty_socketpair(tty)))
			return r;
		libct_process_desc_set_console_socket(pd, tty[1]);
		libct_process_desc_set_terminal_onlcr(pd, false); /* as runc */
	}
	if (o->pidfd_socket &&
	    (pidfd_sock = ct_connect_socket(s, "--pidfd-socket", o->pidfd_socket)) < 0) {
		r = 1;
		goto out;
	}
	/* runc's answer (and status, as every failure here) */
	if (!o->ignore_paused && libct_container_status(ct) == LIBCT_STATUS_PAUSED) {
		r = ct_fail("cannot exec in a paused container (use --ignore-paused to override)");
		goto out;
	}
	ct_forward_set(&set);
	if (!o->detach)
		sigprocmask(SIG_BLOCK, &set, NULL);
	if (libct_container_exec(ct, pd, &p, &err) < 0) {
		r = ct_fail_err(&err, NULL);
		goto out;
	}
	if (pidfd_sock >= 0) {
		r = ct_send_pidfd(pidfd_sock, libct_process_pidfd(p), "setns");
		pidfd_sock = -1; /* closed */
		if (r)
			goto abandon;
	}
	if (o->pid_file && (r = ct_write_pid_file(o->pid_file, libct_process_pid(p))))
		goto abandon;
	if (o->detach)
		goto out;
	if ((r = ct_foreground(tty[0], &master, libct_process_pidfd(p), &set, NULL, kill_process,
			       p)))
		goto abandon;
	if (libct_process_wait(p, &status, &err) < 0)
		r = ct_fail_err(&err, NULL);
	else
		*ret_status = status;
	goto out;
abandon:
	/* the exec failed with its process started: it does not run on unseen
	 * (as runc) */
	if (libct_process_kill(p, SIGKILL, NULL) == 0 &&
	    ct_await_end(libct_process_pidfd(p), CT_KILLED_END_MS))
		libct_process_wait(p, NULL, NULL);
out:
	for (int i = 0; i < 2; i++)
		if (tty[i] >= 0)
			close(tty[i]);
	if (master >= 0)
		close(master);
	if (console >= 0)
		close(console);
	if (pidfd_sock >= 0)
		close(pidfd_sock);
	libct_process_free(p);
	return r;
}

int cmd_exec(int argc, char **argv)
{
	struct exec_opts o = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	struct libct_process_desc *pd = NULL;
	int status = 0, r = parse(argc, argv, &o);

	if (r)
		goto out;
	r = ct_open(argv[optind], &s, &ct);
	if (!r)
		r = template(ct, &o, &pd);
	if (!r)
		r = apply(pd, &o, argv + optind + 1);
	if (!r)
		r = run(s, ct, pd, &o, &status);
	/* past the arguments, a process that was not run (no such container,
	 * a binary that cannot be executed, ...) is status 255, as runc; else
	 * the process's own */
	r = r ? 255 : status;
out:
	libct_process_desc_free(pd);
	libct_container_free(ct);
	libct_session_free(s);
	free(o.env);
	free(o.caps);
	free(o.cgroups);
	return r;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ct command: a thin client of libct. */
#ifndef CT_CLI_H
#define CT_CLI_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "libct/libct.h"

struct ct_globals {
	const char *root;
	const char *log_path; /* --log, NULL: none */
	bool log_json;
	bool debug;
	bool systemd_cgroup;
	bool no_cgroup; /* --cgroup-manager disabled */
	enum libct_rootless rootless;
};

extern struct ct_globals ct_g;

struct ct_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

/* Print "ct: MESSAGE" on stderr (and to --log in its format); returns 1. */
int ct_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ct: warning: MESSAGE" on stderr (and to --log). */
void ct_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same for a libct error: "ct: PREFIX: message". */
int ct_fail_err(const struct libct_error *err, const char *prefix);
/* A line to --log (cli/log.c), when there is one. */
void ct_log_line(const char *level, const char *msg);
/* --log SPEC: a file, "file:PATH", "syslog:[IDENT]" or "journald:[IDENT]",
 * checked now (0, or 1 after the error); ct_g.log_path set once it works. */
int ct_log_open(const char *spec);
/* Open the session of --root. Prints the error itself. */
int ct_session(struct libct_session **ret);
/* A command's help text: its synopsis (what follows "ct "), then from its
 * second line on a blank line, what it does and its options. */
/* "Usage: ct SYNOPSIS" on f. */
void ct_synopsis(FILE *f, const char *help);
/* asked (-h, --help): the whole help on stdout, 0. Else (a wrong option):
 * the synopsis and where the options are on stderr, 2. */
int ct_help(const char *help, bool asked);
/* One container id as the only positional argument. */
const char *ct_one_id(int argc, char **argv, int optind, const char *help);
int ct_write_pid_file(const char *path, pid_t pid);
/* All of data to fd, through short writes and EINTR: 0, or -errno (errno
 * kept; a write that makes no progress is ENOSPC). */
int ct_write_all(int fd, const void *data, size_t len);
/* Write path through a temporary file beside it and a rename, so that no
 * reader sees it half written: 0 or -errno (nothing left behind). */
int ct_write_file_atomic(const char *path, const char *data, size_t len);
/* path made absolute against the cwd, in buf (path itself when absolute). */
const char *ct_abs_path(const char *path, char buf[PATH_MAX]);
/* Load BUNDLE/config.json (or config, an absolute path, when not NULL) into a
 * new container id; applies the globals. Prints errors itself. */
int ct_load_bundle(struct libct_session *s, const char *bundle, const char *config, const char *id,
		   struct libct_container **ret_ct, struct libct_process_desc **ret_pd);
/* --regex of kill and delete (crun's): fn for each container whose id the
 * extended regular expression pattern matches (anywhere in the id, unless
 * anchored with ^ and $), one after the other; a failure of one does not stop
 * the others. 0 (nothing matched included), or 1 when the pattern is invalid
 * or fn returned non-zero for any (fn prints its own errors). */
typedef int (*ct_match_fn)(struct libct_session *s, const char *id, void *data);
int ct_for_each_match(const char *cmd, const char *pattern, ct_match_fn fn, void *data);
int ct_signal_from_string(const char *s);
/* Open container id (prints errors itself). */
int ct_open(const char *id, struct libct_session **ret_s, struct libct_container **ret_ct);
/* For commands whose only argument is the id: parse --help and open it. */
int ct_open_one(int argc, char **argv, const char *help, struct libct_session **ret_s,
		struct libct_container **ret_ct);

int cmd_run(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_state(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_kill(int argc, char **argv);
int cmd_spec(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_update(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_checkpoint(int argc, char **argv);
int cmd_events(int argc, char **argv);

/* Options shared by create and run. */
struct ct_create_opts {
	const char *bundle;
	const char *config; /* --config: NULL for BUNDLE/config.json */
	const char *pid_file;
	const char *console_socket;
	const char *pidfd_socket;
	int pidfd_sock; /* connected by ct_prepare (-1: none) */
	bool no_pivot;
	bool no_new_keyring;
	bool detach; /* run only */
	bool keep;   /* run only */
	int preserve_fds;
	int listen_fds; /* socket activation's (LISTEN_FDS), before the preserved ones */
	const char *id;
	/* relative paths made absolute against the caller's cwd (ct_prepare
	 * changes into the bundle), as runc */
	char pid_file_abs[PATH_MAX], console_socket_abs[PATH_MAX], pidfd_socket_abs[PATH_MAX],
		config_abs[PATH_MAX];
};
/* NOTIFY_SOCKET relayed (cli/notify.c): the container's end while ct waits
 * for READY=1 on it. */
struct ct_notify {
	int fd;		  /* the container's socket (the handle's); -1: none, or done */
	const char *host; /* NOTIFY_SOCKET of ct's environment */
	pid_t mainpid;	  /* the pid the host's manager is to watch */
};
/* NOTIFY_SOCKET of ct's environment, NULL when unset or empty. */
const char *ct_notify_host(void);
/* 0, or 1 after an error when NOTIFY_SOCKET is not an address ct can use. */
int ct_notify_check(void);
/* Read what is queued on n->fd; at READY=1, tell the host and stop reading
 * (n->fd = -1). 0, or 1 after the error is printed. */
int ct_notify_read(struct ct_notify *n);
/* ct_notify_read until READY=1, or until the process (pidfd) ends (a
 * warning then). 0, or 1 after the error is printed. */
int ct_notify_wait(struct ct_notify *n, int pidfd);
/* The process ended: a warning when READY=1 never came; n->fd = -1. */
void ct_notify_ended(struct ct_notify *n);
/* Foreground terminals (cli/tty.c). */
int ct_tty_socketpair(int fds[2]);
int ct_recv_fd(int sock);
typedef void (*ct_signal_fn)(void *userdata, int sig);
/* Copy between the terminal's master and our stdio, passing the signals
 * read from the signalfd sfd on (SIGWINCH resizes the terminal), and reading
 * notify (may be NULL), until the process (pidfd) exits or its side of the
 * terminal is closed: 0, or an exit code after the error is printed (poll, a
 * read or a write that failed). */
int ct_tty_proxy(int pidfd, int master, int sfd, struct ct_notify *notify, ct_signal_fn fn,
		 void *userdata);
/* The signals passed on to a foreground process. */
void ct_forward_set(sigset_t *set);
/* A foreground process (pidfd) after its start, until it exits: with a
 * terminal socket (tty_sock >= 0), its master received into *master (the
 * caller closes it) and copied to and from our stdio; the signals of set
 * passed on by fn; the container's notify socket read meanwhile (notify may
 * be NULL). 0, or an exit code after the error is printed. */
int ct_foreground(int tty_sock, int *master, int pidfd, const sigset_t *set,
		  struct ct_notify *notify, ct_signal_fn fn, void *userdata);
/* Whether the process (pidfd) ended within ms: after a SIGKILL, so that it is
 * reaped here rather than by whoever inherits it (a pid namespace's init
 * cannot end before its members are reaped); bounded, as a process in a
 * frozen cgroup ends only once thawed. */
bool ct_await_end(int pidfd, int ms);
#define CT_KILLED_END_MS 1000
/* The unix sockets a caller names (cli/sockets.c). Connect to the one at
 * path, named by option in errors: the fd, or -1 after printing the error. */
int ct_connect_socket(struct libct_session *s, const char *option, const char *path);
/* --pidfd-socket: send pidfd over sock as runc does (one message, its bytes
 * name, "standard" for init and "setns" for an exec'd process, the pidfd as
 * SCM_RIGHTS) and close sock: 0, or 1 after printing the error. */
int ct_send_pidfd(int sock, int pidfd, const char *name);
/* The most fds --preserve-fds or LISTEN_FDS may name. */
#define CT_FDS_MAX 65536
/* A count of fds (--preserve-fds, LISTEN_FDS): 0 to CT_FDS_MAX, or -1 for
 * anything else. */
int ct_fd_count(const char *s);
/* --preserve-fds's argument as ct_fd_count reads it, or -1 after printing
 * "[CMD: ]--preserve-fds: 'ARG' is not a count of fds (0 to CT_FDS_MAX)". */
int ct_preserve_fds_arg(const char *cmd, const char *arg);
/* One warning "WHY: --a, --b ignored" naming the options of names[0..n)
 * that are not NULL (without their "--"); none when all are. */
void ct_warn_ignored(const char *why, const char *const *names, size_t n);
/* Whether the n fds from first on were open when ct started: called before ct
 * opens any of its own, so that an fd the caller did not have is not one of
 * ct's (its state directory) handed to the container. 0, or 1 after printing
 * "WHAT: fd N is not open". */
int ct_fds_inherited(int first, int n, const char *what);
/* Parse create/run options; returns 0, or an exit code to return. Sets
 * listen_fds from LISTEN_PID and LISTEN_FDS, and checks the fds. */
int ct_parse_create_opts(int argc, char **argv, bool run, struct ct_create_opts *o);
/* Load the bundle and apply the options to the new container. */
int ct_prepare(struct libct_session *s, struct ct_create_opts *o, struct libct_container **ret_ct,
	       struct libct_process_desc **ret_pd);
/* Send init's pidfd to --pidfd-socket when there is one: 0, or 1 after
 * printing the error. */
int ct_send_init_pidfd(struct libct_container *ct, struct ct_create_opts *o);
#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct ps [--format table|json] ID [PS-ARGS...]: the processes in the
 * container's cgroup; the table is ps(1)'s, filtered, as runc prints it. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define MAX_PS_ARGS 62

static bool has_pid(const pid_t *pids, size_t n, long pid)
{
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* The column of the header whose name is PID, or -1. */
static int pid_column(const char *header)
{
	char *copy = strdup(header), *save = NULL, *tok;
	int col = 0, found = -1;

	for (tok = copy ? strtok_r(copy, " \t\n", &save) : NULL; tok && found < 0;
	     tok = strtok_r(NULL, " \t\n", &save), col++)
		if (strcmp(tok, "PID") == 0)
			found = col;
	free(copy);
	return found;
}

static long field(const char *line, int col)
{
	char *copy = strdup(line), *save = NULL, *tok, *end;
	long v = -1;

	tok = copy ? strtok_r(copy, " \t\n", &save) : NULL;
	for (int i = 0; tok && i < col; i++)
		tok = strtok_r(NULL, " \t\n", &save);
	if (tok) {
		v = strtol(tok, &end, 10);
		if (*end || end == tok)
			v = -1;
	}
	free(copy);
	return v;
}

/* Filter the output of ps(1) (its header, then the container's lines). */
static int filter(FILE *in, const pid_t *pids, size_t n)
{
	char *line = NULL;
	size_t cap = 0;
	int col, r = 0;

	if (getline(&line, &cap, in) < 0)
		r = ct_fail("ps: ps(1) printed nothing");
	else if ((col = pid_column(line)) < 0)
		r = ct_fail("ps: no PID column in the output of ps(1)");
	if (r) {
		free(line);
		return r;
	}
	fputs(line, stdout);
	while (getline(&line, &cap, in) >= 0)
		if (has_pid(pids, n, field(line, col)))
			fputs(line, stdout);
	free(line);
	return 0;
}

/* runc's table: ps(1) run with args (default -ef) on the host, and the
 * lines of the container's processes. */
static int print_table(const pid_t *pids, size_t n, char **args, int n_args)
{
	char *argv[MAX_PS_ARGS + 2] = { "ps", "-ef" };
	int fds[2], status, r;
	FILE *in;
	pid_t pid;

	if (n_args > MAX_PS_ARGS)
		return ct_fail("ps: more than %d arguments for ps(1)", MAX_PS_ARGS);
	for (int i = 0; i < n_args; i++)
		argv[i + 1] = args[i];
	if (n_args)
		argv[n_args + 1] = NULL;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return ct_fail("ps: pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		return ct_fail("ps: fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		execvp("ps", argv);
		fprintf(stderr, "ct: ps: exec ps: %s\n", strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	in = fdopen(fds[0], "re");
	r = in ? filter(in, pids, n) : ct_fail("ps: %s", strerror(errno));
	if (in)
		fclose(in);
	else
		close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!r && (!WIFEXITED(status) || WEXITSTATUS(status)))
		r = ct_fail("ps: ps(1) failed (status %d)",
			    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return r;
}

static const char help[] =
	"ps [-f table|json] ID [PS-ARGS...]\n"
	"\n"
	"List the processes of a container: every process in its cgroup.\n"
	"\n"
	"Options:\n"
	"  -f, --format table   ps(1) run on the host with PS-ARGS (default -ef), the\n"
	"                       lines of the container's processes (the default)\n"
	"  -f, --format json    an array of pids, init first\n"
	"  -h, --help           this help\n";

int cmd_ps(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	pid_t *pids = NULL;
	size_t n = 0;
	bool json = false;
	const char *id;
	int c, r;

	/* "+": what follows the id is ps(1)'s */
	while ((c = getopt_long(argc, argv, "+f:h", opts, NULL)) != -1) {
		if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "table"))) {
			json = !strcmp(optarg, "json");
			continue;
		}
		if (c == 'f')
			return ct_fail("ps: unknown format '%s' (table or json)", optarg);
		return ct_help(help, c == 'h');
	}
	if (optind >= argc)
		return ct_fail("ps: missing container id");
	id = argv[optind];
	r = ct_open(id, &s, &ct);
	if (!r && libct_container_processes(ct, &pids, &n, &err) < 0)
		r = ct_fail_err(&err, NULL);
	if (!r && json) {
		printf("[");
		for (size_t i = 0; i < n; i++)
			printf("%s%d", i ? "," : "", (int)pids[i]);
		printf("]\n");
	} else if (!r) {
		r = print_table(pids, n, argv + optind + 1, argc - optind - 1);
	}
	free(pids);
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct ps [--format table|json] ID: the processes in the container's cgroup. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void print_table(const pid_t *pids, size_t n)
{
	printf("%-8s %s\n", "PID", "CMD");
	for (size_t i = 0; i < n; i++) {
		char path[64], cmd[256] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/comm", (int)pids[i]);
		f = fopen(path, "re");
		if (f) {
			if (fgets(cmd, sizeof(cmd), f))
				cmd[strcspn(cmd, "\n")] = '\0';
			fclose(f);
		}
		printf("%-8d %s\n", (int)pids[i], cmd);
	}
}

int cmd_ps(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	static const char usage[] = "ps [--format table|json] ID";
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	pid_t *pids = NULL;
	size_t n = 0;
	bool json = false;
	const char *id;
	int c, r;

	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "table"))) {
			json = !strcmp(optarg, "json");
			continue;
		}
		if (c == 'f')
			return ct_fail("ps: unknown format '%s' (table or json)", optarg);
		fprintf(c == 'h' ? stdout : stderr, "Usage: ct %s\n", usage);
		return c == 'h' ? 0 : 2;
	}
	/* runc passes arguments after the id to ps(1); only the id is used here */
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
		print_table(pids, n);
	}
	free(pids);
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}

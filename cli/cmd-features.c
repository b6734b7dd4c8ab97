/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct features: the runtime-spec features document; ct checkpoint/restore. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char help[] = "features\n"
			   "\n"
			   "Print the runtime-spec features document of this build on this host.\n"
			   "\n"
			   "Options:\n"
			   "  -h, --help     this help\n";

int cmd_features(int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, {} };
	char *json;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return ct_help(help, c == 'h');
	if (optind < argc)
		return ct_fail("features: takes no arguments"), 2;
	json = libct_oci_features_json();

	if (!json)
		return ct_fail("features: out of memory");
	printf("%s\n", json);
	free(json);
	return 0;
}

/* Checkpoint and restore (CRIU) are not part of this runtime yet: say so
 * plainly rather than fail in some other way. */
int cmd_checkpoint(int argc, char **argv)
{
	return ct_fail("%s: checkpoint and restore are not supported yet", argv[0]);
}

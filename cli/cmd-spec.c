/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct spec [--rootless] [-b BUNDLE]: write a default config.json. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
	"spec [--rootless] [-b BUNDLE]\n"
	"\n"
	"Write a default config.json (sh on a terminal in a read-only rootfs, as\n"
	"runc spec); an existing one is not overwritten.\n"
	"\n"
	"Options:\n"
	"  -b, --bundle DIR     write DIR/config.json (default: the current directory)\n"
	"  --rootless           for a user namespace: the caller's ids map to root\n"
	"  -h, --help           this help\n";

int cmd_spec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bundle", required_argument, NULL, 'b' },
		{ "rootless", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *bundle = ".";
	bool rootless = false;
	char path[4096], *text;
	int c, fd;
	size_t len;

	while ((c = getopt_long(argc, argv, "b:h", opts, NULL)) != -1) {
		if (c == 'b')
			bundle = optarg;
		else if (c == 'r')
			rootless = true;
		else {
			return ct_help(help, c == 'h');
		}
	}
	snprintf(path, sizeof(path), "%s/config.json", bundle);
	text = libct_oci_default_spec(rootless);
	if (!text)
		return ct_fail("spec: out of memory");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		free(text);
		if (errno == EEXIST)
			return ct_fail("spec: '%s' exists; remove it first", path);
		return ct_fail("spec: create '%s': %s", path, strerror(errno));
	}
	len = strlen(text);
	if (write(fd, text, len) != (ssize_t)len ||
	    (text[len - 1] != '\n' && write(fd, "\n", 1) != 1)) {
		close(fd);
		free(text);
		return ct_fail("spec: write '%s': %s", path, strerror(errno));
	}
	close(fd);
	free(text);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct spec [--rootless] [-b BUNDLE] [-f FILE]: write a default config.json. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
	"spec [--rootless] [-b BUNDLE] [-f FILE]\n"
	"\n"
	"Write a default config.json (sh on a terminal in a read-only rootfs, as\n"
	"runc spec); an existing one is not overwritten.\n"
	"\n"
	"Options:\n"
	"  -b, --bundle DIR     write DIR/config.json (default: the current directory)\n"
	"  -f, --file FILE      write FILE instead, relative to the bundle, replacing\n"
	"                       it when it exists (crun); - for standard output\n"
	"  --rootless           for a user namespace: the caller's ids map to root\n"
	"  -h, --help           this help\n";

/* Write text to path, or to standard output for "-"; 0 or 1 after the error. */
static int write_spec(const char *bundle, const char *file, const char *text)
{
	size_t len = strlen(text);
	char path[4096];
	int fd, r = 0;

	if (file && strcmp(file, "-") == 0)
		return (r = ct_write_all(STDOUT_FILENO, text, len)) < 0 ?
			       ct_fail("spec: write to standard output: %s", strerror(-r)) :
			       0;
	if (file && file[0] == '/')
		r = snprintf(path, sizeof(path), "%s", file);
	else
		r = snprintf(path, sizeof(path), "%s/%s", bundle, file ? file : "config.json");
	if (r >= (int)sizeof(path))
		return ct_fail("spec: '%s': path too long", file ? file : bundle);
	/* a file named with --file is replaced, as crun does; it is written
	 * beside its final name and renamed, so it is never seen half written */
	if (file) {
		r = ct_write_file_atomic(path, text, len);
		return r < 0 ? ct_fail("spec: write '%s': %s", path, strerror(-r)) : 0;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST)
			return ct_fail("spec: '%s' exists; remove it first", path);
		return ct_fail("spec: create '%s': %s", path, strerror(errno));
	}
	r = ct_write_all(fd, text, len);
	if (r < 0) {
		r = ct_fail("spec: write '%s': %s", path, strerror(-r));
		unlink(path); /* nothing half written is left */
	}
	close(fd);
	return r;
}

int cmd_spec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bundle", required_argument, NULL, 'b' },
		{ "file", required_argument, NULL, 'f' },
		{ "rootless", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	const char *bundle = ".", *file = NULL;
	bool rootless = false;
	char *spec, *text = NULL;
	int c, r;

	while ((c = getopt_long(argc, argv, "b:f:h", opts, NULL)) != -1) {
		if (c == 'b')
			bundle = optarg;
		else if (c == 'f')
			file = optarg;
		else if (c == 'r')
			rootless = true;
		else
			return ct_help(help, c == 'h');
	}
	if (optind < argc) {
		ct_fail("spec: unexpected argument '%s'", argv[optind]);
		ct_synopsis(stderr, help);
		return 2;
	}
	spec = libct_oci_default_spec(rootless);
	if (!spec || asprintf(&text, "%s\n", spec) < 0) {
		free(spec);
		return ct_fail("spec: out of memory");
	}
	free(spec);
	r = write_spec(bundle, file, text);
	free(text);
	return r;
}

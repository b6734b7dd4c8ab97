/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct state: the OCI state of a container, as JSON. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char help[] =
	"state ID\n"
	"\n"
	"Print the OCI state of a container as JSON: ociVersion, id, pid (0 when\n"
	"stopped), status (created, running, paused or stopped), bundle, rootfs,\n"
	"created, owner, annotations.\n"
	"\n"
	"Options:\n"
	"  -h, --help     this help\n";

int cmd_state(int argc, char **argv)
{
	struct libct_session *s = NULL;
	struct libct_container *ct = NULL;
	char *json;
	int r = ct_open_one(argc, argv, help, &s, &ct);

	if (!r) {
		json = libct_oci_state_json(ct);
		if (json)
			printf("%s\n", json);
		else
			r = ct_fail("state: out of memory");
		free(json);
	}
	libct_container_free(ct);
	libct_session_free(s);
	return r;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct features: the runtime-spec features document; ct checkpoint/restore. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int cmd_features(int argc, char **argv)
{
	char *json = libct_oci_features_json();

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

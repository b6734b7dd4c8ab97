/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The OCI state of a container, with its status as the kernel says it (the
 * document is lib/core/state-json.c's: hooks get it too). */
#include "core/state.h"
#include "oci/oci.h"
#include "util/util.h"

LCT_EXPORT char *libct_oci_state_json(struct libct_container *ct)
{
	return lct_state_json(ct, libct_container_status(ct), true);
}

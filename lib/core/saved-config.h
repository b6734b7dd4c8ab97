/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The config.json a container was made from, saved beside its state record
 * at create, so that a process entered later starts from the container's own
 * process settings even when the bundle has changed or gone. */
#ifndef LCT_SAVED_CONFIG_H
#define LCT_SAVED_CONFIG_H

#include "core/internal.h"

/* Keep text, the config.json ct is loaded from (lib/oci), to save at create. */
int lct_saved_config_keep(struct libct_container *ct, const char *text, struct libct_error *err);
/* Write the kept text into dirfd, the container's state directory (nothing
 * kept: nothing written). */
int lct_saved_config_write(struct libct_container *ct, int dirfd, struct libct_error *err);
/* The text saved at create of an existing container; *ret_text NULL when it
 * has none. */
int lct_saved_config_read(struct libct_container *ct, char **ret_text, struct libct_error *err);
/* A handle with ct's session and id to load the saved text into: loading a
 * config touches no state. */
int lct_saved_config_scratch(const struct libct_container *ct, struct libct_container **ret,
			     struct libct_error *err);

#endif

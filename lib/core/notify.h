/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef LCT_NOTIFY_H
#define LCT_NOTIFY_H

#include "core/config.h"

/* At create, under the state lock (state_dirfd): the notify directory of a
 * container that asked for one, and its socket bound, kept by ct. */
int lct_notify_prepare(struct libct_container *ct, int state_dirfd, struct libct_error *err);

#endif

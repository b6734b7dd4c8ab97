/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The state record on disk: <root>/<id>/state.json, written atomically, and
 * the per-container lock. */
#ifndef LCT_STATE_H
#define LCT_STATE_H

#include "core/internal.h"

#define LCT_STATE_FILE "state.json"
#define LCT_START_SOCKET_FILE "start.sock"

/* Make <root>/<id> (0700), locked; returns the lock fd; -EEXIST with
 * "container 'ID' already exists". A directory
 * a dead create left (unlocked, no state record) is taken over. */
int lct_state_dir_create(struct libct_container *ct, struct libct_error *err);
/* Open <root>/<id> as an O_DIRECTORY fd. */
int lct_state_dir_open(struct libct_container *ct, struct libct_error *err);
/* Remove <root>/<id> and everything in it. */
int lct_state_dir_remove(struct libct_container *ct, struct libct_error *err);
/* Take the container's lock (flock on the state directory); returns the fd
 * holding it. */
int lct_state_lock(struct libct_container *ct, struct libct_error *err);
int lct_state_save(struct libct_container *ct, struct libct_error *err);
/* Fill ct's runtime fields and recorded configuration from the record. */
int lct_state_load(struct libct_container *ct, struct libct_error *err);

#endif

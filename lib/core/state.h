/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The state record on disk: <root>/<id>/state.json, written atomically, and
 * the per-container lock. */
#ifndef LCT_STATE_H
#define LCT_STATE_H

#include "core/internal.h"

#define LCT_STATE_FILE "state.json"
/* What create is about to make on the host, written before it makes it. */
#define LCT_JOURNAL_FILE "journal.json"

/* Make <root>/<id> (0700) in place and lock it, under a lock of the state
 * root so that nobody sees it unlocked; returns the lock fd; -EEXIST with
 * "container 'ID' already exists". A directory a dead create left
 * (unlocked, no state record) is taken over: *ret_stale says so, and the
 * caller undoes what its journal lists. */
int lct_state_dir_create(struct libct_container *ct, bool *ret_stale, struct libct_error *err);
/* Lock the state root (how: LOCK_EX or LOCK_SH); returns the fd holding it.
 * A create makes and locks <root>/<id> under LOCK_EX, so that under either a
 * directory is never seen made but not yet locked. */
int lct_state_root_lock(struct libct_session *s, int how, struct libct_error *err);
/* Open <root>/<id> as an O_DIRECTORY fd. */
int lct_state_dir_open(struct libct_container *ct, struct libct_error *err);
/* Remove <root>/<id> and everything in it. */
int lct_state_dir_remove(struct libct_container *ct, struct libct_error *err);
/* Take the container's lock (flock on the state directory); returns the fd
 * holding it. Waits LCT_STATE_LOCK_WAIT_MS at most, then -EBUSY. */
#define LCT_STATE_LOCK_WAIT_MS 60000
int lct_state_lock(struct libct_container *ct, struct libct_error *err);
/* The same for a container without a record (a create under way or a dead
 * one): taken under the state root's lock, so that a directory a create has
 * made but not yet locked is never taken for a dead create's. */
int lct_state_lock_settled(struct libct_container *ct, struct libct_error *err);
/* What a container's directory is, for a call that found no record in it. */
enum lct_state_dir {
	LCT_DIR_FREE,	/* no record, nobody holds it: a create that died */
	LCT_DIR_HELD,	/* no record, a call holds it: a create (or delete) under way */
	LCT_DIR_GONE,	/* removed */
	LCT_DIR_RECORD, /* a record (damaged, or written since it was looked for) */
};
enum lct_state_dir lct_state_dir_state(struct libct_container *ct);
/* -ENOENT with "container 'ID' does not exist". */
int lct_state_err_missing(const char *id, struct libct_error *err);
int lct_state_save(struct libct_container *ct, struct libct_error *err);
/* Fill ct's runtime fields and recorded configuration from the record, read
 * as untrusted input. -ENOENT: no such container; -EUCLEAN: the record is
 * missing or damaged (the message names the field). */
int lct_state_load(struct libct_container *ct, struct libct_error *err);
/* The journal: ct's planned cgroup, written into dirfd (the locked state
 * directory) before any of it is made. */
int lct_state_journal_write(struct libct_container *ct, int dirfd, struct libct_error *err);
/* Read the journal's cgroup into ct->cgroup (none when it names none). */
int lct_state_journal_load(struct libct_container *ct, struct libct_error *err);
/* The OCI state of ct (runtime.md "State") with status st, two-space
 * indented (lib/core/state-json.c); NULL on ENOMEM. With cmd, as `runc state`
 * prints it: pid 0 when there is no init (stopped, or never created), and
 * rootfs. Without (hooks), pid is left out then, as the spec allows, and
 * there is no rootfs (runc's hooks get none). */
char *lct_state_json(struct libct_container *ct, enum libct_status st, bool cmd);
/* The runtime-spec's "container process state" a seccomp agent gets with a
 * listener fd (config-linux.md, listenerPath): fds ["seccompFd"], the
 * process's pid, listenerMetadata and ct's state with status st, on one
 * line. NULL on ENOMEM. */
char *lct_process_state_json(struct libct_container *ct, pid_t pid, const char *metadata,
			     enum libct_status st);

#endif

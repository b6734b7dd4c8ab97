/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What lib/core shares between its files: the configuration's lifetime and
 * the hooks. The types themselves are in core/config.h. */
#ifndef LCT_INTERNAL_H
#define LCT_INTERNAL_H

#include "core/config.h"

/* The OCI state a hook of the kind gets on stdin: the container's, with the
 * status the spec gives at that point (lib/core/hooks.c). NULL on ENOMEM.
 * lib/spawn asks for it through lct_spawn_init. */
char *lct_hook_state(struct libct_container *ct, enum libct_hook kind);
/* The documents lib/spawn has rendered by lib/core (lib/core/state-json.c):
 * the hooks' state, and the process state for seccomp agents. */
extern const struct lct_spawn_render lct_render;
/* Run the hooks of one kind that run on the host after create (poststart,
 * poststop) with the container's state on stdin. Each failure is an error
 * naming the hook; with warn_only, a warning instead. */
int lct_hooks_run(struct libct_container *ct, enum libct_hook kind, bool warn_only,
		  struct libct_error *err);
void lct_hooks_free(struct lct_config *cfg);

/* "cannot <what> container '<id>': " and why its status is unknown (its
 * init's /proc entry or its freezer state unread); returns -EIO. */
int lct_status_unknown_err(struct libct_container *ct, const char *what, struct libct_error *err);

/* Copy a process description (deep). NULL on ENOMEM. */
struct libct_process_desc *lct_process_desc_copy(const struct libct_process_desc *pd);
void lct_config_free(struct lct_config *cfg);
/* pidns.c: a container without a cgroup of its own (rootless) and with a pid
 * namespace of its own: the pids in that namespace (none once init is gone),
 * and a signal to each of them. Without such a namespace: -EOPNOTSUPP. */
int lct_pidns_members(struct libct_container *ct, pid_t **ret, size_t *ret_n,
		      struct libct_error *err);
int lct_pidns_kill(struct libct_container *ct, int sig, struct libct_error *err);
/* What one mount entry owns (not the entry itself). */
void lct_mount_free(struct lct_mount *m);

#endif

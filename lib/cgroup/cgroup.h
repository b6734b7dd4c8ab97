/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroups: layout detection (v1, hybrid, unified v2), creation of a container's
 * cgroup with its limits, membership, freeze, kill, removal. Only directories
 * this code created are ever written or removed. */
#ifndef LCT_CGROUP_H
#define LCT_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/internal.h"

enum lct_cgroup_layout {
	LCT_CGROUP_V1 = 1,  /* legacy: v1 controllers only */
	LCT_CGROUP_HYBRID,  /* v1 controllers plus a cgroup2 at /sys/fs/cgroup/unified */
	LCT_CGROUP_V2,      /* unified: cgroup2 at /sys/fs/cgroup */
};

/* Detect the layout once per session (cached in s->cgroup_layout). Returns the
 * layout (> 0) or a negative errno. */
int lct_cgroup_detect(struct libct_session *s, struct libct_error *err);

/* Create the container's cgroup(s) at cfg->cgroup_path (default "ct/<id>",
 * relative to the caller's own cgroup; systemd's "slice:prefix:name" is taken
 * as the absolute "/slice/prefix-name.scope") and apply cfg->res. The
 * container's directory must not exist yet (-EEXIST). Device rules (v1): deny
 * all, cfg's rules, then runc's default allow list. On failure every
 * directory made here is removed again. */
int lct_cgroup_create(struct libct_session *s, const char *id, const struct lct_config *cfg,
		      struct lct_cgroup **ret, struct libct_error *err);
/* An O_DIRECTORY fd of the container's cgroup2 directory for
 * clone3(CLONE_INTO_CGROUP) on a unified host, or -1. Owned by cg. */
int lct_cgroup_v2_fd(struct lct_cgroup *cg);
/* Move pid into the container's cgroup in every hierarchy. */
int lct_cgroup_enter(struct lct_cgroup *cg, pid_t pid, struct libct_error *err);
/* Apply (more) limits to an existing cgroup. */
int lct_cgroup_update(struct lct_cgroup *cg, const struct lct_resources *res,
		      struct libct_error *err);
/* Raw files by controller name (lib/cgroup/raw.c); v1 names translated in a
 * v2 hierarchy. The check: a known controller, a plain file name. */
int lct_cgroup_raw_check(const char *controller, const char *file, struct libct_error *err);
int lct_cgroup_raw_write(struct lct_cgroup *cg, const char *controller, const char *file,
			 const char *value, struct libct_error *err);
int lct_cgroup_raw_read(struct lct_cgroup *cg, const char *controller, const char *file,
			char **ret, struct libct_error *err);
/* The raw writes kept in r (after the typed resources). */
int lct_cgroup_raw_apply(struct lct_cgroup *cg, const struct lct_resources *r,
			 struct libct_error *err);
int lct_cgroup_freeze(struct lct_cgroup *cg, bool frozen, struct libct_error *err);
/* 1 frozen, 0 not, negative errno. */
int lct_cgroup_is_frozen(struct lct_cgroup *cg);
/* Signal every process in the cgroup (cgroup.kill for SIGKILL on v2). */
int lct_cgroup_kill(struct lct_cgroup *cg, int sig, struct libct_error *err);
int lct_cgroup_pids(struct lct_cgroup *cg, pid_t **ret, size_t *ret_n, struct libct_error *err);
/* Remove the directories create made, deepest first (waits briefly for
 * exiting processes to leave). */
int lct_cgroup_destroy(struct lct_cgroup *cg, struct libct_error *err);
void lct_cgroup_free(struct lct_cgroup *cg);

/* One usage figure (enum libct_stat) of the container's cgroup. */
int lct_cgroup_stat(struct lct_cgroup *cg, enum libct_stat key, uint64_t *ret,
		    struct libct_error *err);
/* Per-device I/O figures (v1 throttle files, v2 io.stat). */
int lct_cgroup_io_stats(struct lct_cgroup *cg, struct libct_io_stat **ret, size_t *ret_n,
			struct libct_error *err);
/* The path given or defaulted (without the own-cgroup prefix). */
const char *lct_cgroup_path(const struct lct_cgroup *cg);
/* One line of text that lct_cgroup_deserialize turns back into the handle
 * (stored in the state record). Free with free(). */
char *lct_cgroup_serialize(const struct lct_cgroup *cg);
int lct_cgroup_deserialize(struct libct_session *s, const char *text, struct lct_cgroup **ret,
			   struct libct_error *err);

/* In the container's new mount namespace, before pivot_root: mount the
 * container's view of /sys/fs/cgroup onto target_dirfd (an O_PATH fd of the
 * destination inside the rootfs). v1: a tmpfs with a bind of the container's
 * own directory per hierarchy; v2: a cgroup2 mount (with cgroupns) or a bind of
 * the container's directory. flags: MS_RDONLY, MS_NOSUID, ... */
int lct_cgroup_mount(struct lct_cgroup *cg, int target_dirfd, unsigned long flags,
		     bool cgroupns, struct libct_error *err);

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cgroups: layout detection (v1, hybrid, unified v2), creation of a container's
 * cgroup with its limits, membership, freeze, kill, removal. Only directories
 * this code created are ever written or removed. */
#ifndef LCT_CGROUP_H
#define LCT_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/config.h"

enum lct_cgroup_layout {
	LCT_CGROUP_V1 = 1, /* legacy: v1 controllers only */
	LCT_CGROUP_HYBRID, /* v1 controllers plus a cgroup2 at /sys/fs/cgroup/unified */
	LCT_CGROUP_V2,	   /* unified: cgroup2 at /sys/fs/cgroup */
};

/* Detect the layout once per session (cached in s->cgroup_layout). Returns the
 * layout (> 0) or a negative errno. */
int lct_cgroup_detect(struct libct_session *s, struct libct_error *err);

/* The container's cgroup(s) at cfg->cgroup_path (default "ct/<id>", relative
 * to the caller's own cgroup; systemd's "slice:prefix:name" is taken as the
 * absolute "/slice/prefix-name.scope"), resolved in every hierarchy but not
 * made yet, so that the caller can record them first. A directory that is
 * already there is taken over when it is empty (no process, no sub-cgroup)
 * and not frozen; otherwise -EEXIST/-EBUSY with a message saying why.
 * Rootless (lct_rootless) with the default path, a hierarchy where the
 * directory cannot be made for lack of permission is left out (a limit that
 * needs it is an error); with none left, 0 and *ret NULL: no cgroup. */
int lct_cgroup_plan(struct libct_session *s, const char *id, const struct lct_config *cfg,
		    struct lct_cgroup **ret, struct libct_error *err);
/* Which of the planned directories lct_cgroup_make makes. */
enum lct_cgroup_make_part {
	LCT_CGROUP_MAKE_ALL = 0,   /* all of them, with the limits */
	LCT_CGROUP_MAKE_FOR_CLONE, /* the cgroup2 one only (clone3 puts init there), no limit */
	LCT_CGROUP_MAKE_REST,	   /* the others, then all the limits, with init alive in
				    * the cgroup2 one: nothing is removed on failure (the
				    * caller kills init first, then destroys) */
};
/* Make the planned directories (and missing ancestors, which stay), fill
 * empty cpusets on the way and apply cfg->res. Device rules (v1): deny all,
 * cfg's rules, then runc's default allow list. On failure the container's
 * directories are removed again (but for LCT_CGROUP_MAKE_REST). */
int lct_cgroup_make(struct lct_cgroup *cg, const struct lct_config *cfg,
		    enum lct_cgroup_make_part part, struct libct_error *err);
/* Whether the container's v1 directories may be made after init is cloned
 * (the cgroupfs driver on a v1 or hybrid host): init then joins them itself
 * after GO (lct_cgroup_join_prepare and _self in init). */
bool lct_cgroup_v1_after_clone(const struct lct_cgroup *cg);
/* The caller's own cgroup, in every hierarchy (owned in none: nothing of it
 * is ever removed). */
int lct_cgroup_own(struct libct_session *s, struct lct_cgroup **ret, struct libct_error *err);
/* The cgroup ownership of config-linux.md: the container's cgroup2
 * directory and the files the kernel lets its owner write
 * (/sys/kernel/cgroup/delegate, else cgroup.procs, cgroup.subtree_control,
 * cgroup.threads) given to uid (the group left); nothing but on a pure
 * cgroup v2 host with the cgroupfs driver. */
int lct_cgroup_delegate(struct lct_cgroup *cg, uid_t uid, struct libct_error *err);
/* What a container's cgroup mount shows when cg (NULL: none) lacks some of
 * the host's hierarchies (rootless, left out at the plan): the caller's own
 * cgroup in every hierarchy, the container's directory in those it has.
 * *ret NULL when cg has every hierarchy (cg itself serves). */
int lct_cgroup_mount_view(struct libct_session *s, const struct lct_cgroup *cg,
			  struct lct_cgroup **ret, struct libct_error *err);
/* The same cgroup as a default create of id would plan, for a container
 * whose records are lost: only the directories that exist are owned. */
int lct_cgroup_guess(struct libct_session *s, const char *id, struct lct_cgroup **ret,
		     struct libct_error *err);
/* How many processes the OOM killer killed in the container's memory
 * cgroup (memory.oom_control or memory.events), 0 when unknown. */
uint64_t lct_cgroup_oom_kills(struct lct_cgroup *cg);
/* The same, as counted before this create's process ran: 0 without a read
 * when the memory cgroup was made by it, the count of one taken over. */
uint64_t lct_cgroup_oom_kills_before(struct lct_cgroup *cg);
/* libct_container_oom_fd's fd for the container's memory cgroup. */
int lct_cgroup_oom_fd(struct lct_cgroup *cg, struct libct_error *err);
/* An O_DIRECTORY fd of the container's cgroup2 directory (a unified host's,
 * or hybrid's unified hierarchy) for clone3(CLONE_INTO_CGROUP); -EBADF when
 * there is none (or systemd has yet to make it), another -errno with err
 * when it cannot be opened. Owned by cg. */
int lct_cgroup_v2_fd(struct lct_cgroup *cg, struct libct_error *err);
/* An O_DIRECTORY fd (the caller's) of the cgroup2 directory pid is in now,
 * when that is the container's or one below it (-EPERM with err when it is
 * elsewhere, -EBADF when cg has no cgroup2 directory). */
int lct_cgroup_v2_fd_of(struct lct_cgroup *cg, pid_t pid, struct libct_error *err);
/* The directories a process entering the container joins, one per hierarchy
 * of cg, in cg's order: the container's own, or the sub-cgroup that subs
 * (libct_process_desc_add_sub_cgroup's "CONTROLLERS:PATH" entries) name
 * for it, which must exist. *ret NULL without subs; free it with
 * lct_strv_free. */
int lct_cgroup_sub_dirs(const struct lct_cgroup *cg, char *const *subs, char ***ret,
			struct libct_error *err);
/* An O_DIRECTORY fd (the caller's) of dirs' cgroup2 directory; -EBADF when
 * cg has none. */
int lct_cgroup_sub_v2_fd(struct lct_cgroup *cg, char *const *dirs, struct libct_error *err);

/* Joining the v1 hierarchies: the new process writes "0" to each `tasks`
 * file itself. A single thread moving itself takes no threadgroup lock,
 * where writing a pid to cgroup.procs waits for an RCU grace period (about
 * 10 ms, on every create). The parent opens the files (the check of the
 * writer is on the opener's credentials, so that init may write before its
 * user namespace has id maps): before clone, and init writes first thing;
 * or, with the v1 directories made after clone, then, sending them with GO. */
#define LCT_CGROUP_JOIN_MAX 16
struct lct_cgroup_join {
	int fd[LCT_CGROUP_JOIN_MAX];
	const char *dir[LCT_CGROUP_JOIN_MAX]; /* cg's, for errors */
	bool cpuset[LCT_CGROUP_JOIN_MAX];
	size_t n;
};
/* dirs: the directories to join, one per hierarchy of cg (lct_cgroup_sub_dirs;
 * kept until j is released); NULL: the container's. */
int lct_cgroup_join_prepare(struct lct_cgroup *cg, char *const *dirs, struct lct_cgroup_join *j,
			    struct libct_error *err);
int lct_cgroup_join_self(const struct lct_cgroup_join *j, struct libct_error *err);
/* In the child: j for the fds the parent opened with lct_cgroup_join_prepare
 * on its copy of cg after clone (the same hierarchies, in the same order);
 * takes fds (closed on failure). */
int lct_cgroup_join_adopt(const struct lct_cgroup *cg, struct lct_cgroup_join *j, const int *fds,
			  size_t n, struct libct_error *err);
void lct_cgroup_join_release(struct lct_cgroup_join *j);
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
int lct_cgroup_raw_read(struct lct_cgroup *cg, const char *controller, const char *file, char **ret,
			struct libct_error *err);
/* The raw writes kept in r (after the typed resources). */
int lct_cgroup_raw_apply(struct lct_cgroup *cg, const struct lct_resources *r,
			 struct libct_error *err);
int lct_cgroup_freeze(struct lct_cgroup *cg, bool frozen, struct libct_error *err);
/* 1 frozen, 0 not, negative errno. */
int lct_cgroup_is_frozen(struct lct_cgroup *cg);
/* Signal every process in the cgroup (cgroup.kill for SIGKILL on v2; on v1
 * the container's freezer holds them while they are signalled). */
int lct_cgroup_kill(struct lct_cgroup *cg, int sig, struct libct_error *err);
/* Whether any process is in the cgroup: 1, 0, or -1 when it cannot be read. */
int lct_cgroup_has_members(struct lct_cgroup *cg);
int lct_cgroup_pids(struct lct_cgroup *cg, pid_t **ret, size_t *ret_n, struct libct_error *err);
/* Remove the container's directories, sub-cgroups first; waits for
 * exiting processes to leave, LCT_CGROUP_DESTROY_WAIT_MS at most in all. */
#define LCT_CGROUP_DESTROY_WAIT_MS 10000
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
/* The handle as a JSON object (state record, journal) and back; the record
 * is checked as untrusted input, errors name the field. */
struct json_object;
struct json_object *lct_cgroup_to_json(const struct lct_cgroup *cg);
int lct_cgroup_from_json(struct libct_session *s, struct json_object *o, struct lct_cgroup **ret,
			 struct libct_error *err);

/* In the container's new mount namespace, before pivot_root: mount the
 * container's view of /sys/fs/cgroup onto target_dirfd (an O_PATH fd of the
 * destination inside the rootfs). v1: a tmpfs with a bind of the container's
 * own directory per hierarchy; v2: a cgroup2 mount (with cgroupns) or a bind of
 * the container's directory. flags: MS_RDONLY, MS_NOSUID, ... */
int lct_cgroup_mount(struct lct_cgroup *cg, int target_dirfd, unsigned long flags, bool cgroupns,
		     struct libct_error *err);

#endif

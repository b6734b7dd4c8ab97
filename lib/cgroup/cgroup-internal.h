/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the files of lib/cgroup share: the handle, the hierarchies, the knob
 * table's interface. Only lib/cgroup and its unit test include this. */
#ifndef LCT_CGROUP_INTERNAL_H
#define LCT_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "cgroup/cgroup.h"
#include "cgroup/knob-table.h"
#include "core/config.h"

#define LCT_CGROUP_ROOT "/sys/fs/cgroup"
#define LCT_CGROUP_UNIFIED LCT_CGROUP_ROOT "/unified"

/* One mounted hierarchy, and the container's directory in it. */
struct lct_cgroup_hier {
	int version;	/* 1 or 2 */
	uint32_t ctrls; /* 1u << enum lct_cgroup_ctrl */
	char *name;	/* v1: "cpu,cpuacct" or "name=systemd"; v2: its controllers, ','-joined */
	char *mnt;	/* mount point, e.g. /sys/fs/cgroup/memory */
	char *mnt_root; /* the cgroup mounted there ("/" unless in a cgroup namespace) */
	char *dir;	/* the container's directory */
	char *created;	/* first directory this create made (dir or an ancestor), NULL:
			 * none; not recorded: ancestors stay once made */
	bool owned;	/* dir is the container's: made or adopted empty by create,
			 * removed by destroy */
	bool existed;	/* dir was there at the plan (taken over, not made) */
	bool made;	/* lct_cgroup_make made or took it over */
};

struct lct_cgroup {
	struct libct_session *s;
	enum lct_cgroup_layout layout;
	char *path; /* as given or defaulted (systemd form converted) */
	struct lct_cgroup_hier *h;
	size_t n;
	int v2fd; /* opened on first lct_cgroup_v2_fd() */
	/* systemd driver (systemd.c); sd_unit NULL with the cgroupfs driver */
	char *sd_unit, *sd_slice;
	bool sd_started;		 /* the scope is ours: started, or from the state */
	bool sd_user;			 /* the caller's own systemd (user bus): rootless */
	struct lct_systemd *sd;		 /* the bus, connected on first need */
	const struct lct_config *sd_cfg; /* during create: limits and annotations */
	const char *sd_id;		 /* during create: the container's id */
};

/* cgroup.c */
/* A cgroup of layout with no hierarchy yet, path copied (NULL: none); NULL
 * when out of memory. */
struct lct_cgroup *lct_cgroup_alloc(struct libct_session *s, enum lct_cgroup_layout layout,
				    const char *path);

/* layout.c */
/* "cpu", "blkio", ... for v1 (v2: "io" for blkio; NULL when v2 has none). */
const char *lct_cgroup_ctrl_name(enum lct_cgroup_ctrl c, bool v2);
/* A controller by its v1 or v2 name; LCT_CG_NONE when unknown. */
enum lct_cgroup_ctrl lct_cgroup_ctrl_from_name(const char *name);
/* The mask of the controllers named in a ','-separated list (unknown names ignored). */
uint32_t lct_cgroup_ctrls_parse(const char *list);
/* The hierarchies mounted for layout, from /proc/self/mountinfo (v1 and hybrid:
 * every cgroup v1 mount, each hierarchy once; hybrid and v2: the cgroup2 mount). */
int lct_cgroup_hiers_discover(enum lct_cgroup_layout layout, struct lct_cgroup_hier **ret,
			      size_t *ret_n, struct libct_error *err);
void lct_cgroup_hiers_free(struct lct_cgroup_hier *h, size_t n);
/* Free what one hierarchy's entry holds and zero it. */
void lct_cgroup_hier_clear(struct lct_cgroup_hier *h);
/* The hierarchy that holds controller c (v1 first, then the cgroup2 one when it
 * has c, or when v2 has no such controller so that the knob decides); NULL: none. */
struct lct_cgroup_hier *lct_cgroup_hier_for(struct lct_cgroup *cg, enum lct_cgroup_ctrl c);
/* The cgroup2 hierarchy (v2 or hybrid's unified), NULL on v1. */
struct lct_cgroup_hier *lct_cgroup_hier_v2(struct lct_cgroup *cg);

/* tree.c: every directory below top (not top), at any depth: pre(fd of
 * it) before the directories below it, post(fd of its parent, its name)
 * after them. A directory removed meanwhile is skipped; the first failure
 * ends the walk. */
struct lct_cgroup_walk {
	int (*pre)(int fd, void *arg, struct libct_error *err);
	int (*post)(int parentfd, const char *name, void *arg, struct libct_error *err);
};
int lct_cgroup_walk_below(const char *top, const struct lct_cgroup_walk *w, void *arg,
			  struct libct_error *err);

/* path.c */
/* The path to use: cfg_path, or "ct/<id>" when NULL, with the systemd form
 * "slice:prefix:name" converted to an absolute path. Rejects '..', tabs,
 * '|' and newlines. */
int lct_cgroup_path_normalize(const char *cfg_path, const char *id, char **ret,
			      struct libct_error *err);
/* "machine.slice:libpod:abc" -> "/machine.slice/libpod-abc.scope"; -EINVAL when
 * path is not in that form or invalid. */
int lct_cgroup_path_from_systemd(const char *path, char **ret);
/* Set h->dir for every hierarchy: path joined to the hierarchy's root when
 * absolute, to the calling process's own cgroup there when relative. */
/* Whether path is prefix (its first len bytes) or below it. */
bool lct_path_below(const char *path, const char *prefix, size_t len);
/* h's directory of the cgroup process pid is in (*ret, the caller's). */
int lct_cgroup_dir_of_pid(const struct lct_cgroup_hier *h, pid_t pid, char **ret,
			  struct libct_error *err);
int lct_cgroup_paths_resolve(struct lct_cgroup_hier *h, size_t n, const char *path,
			     struct libct_error *err);

enum {
	LCT_CGW_OPTIONAL = 1 << 0,   /* skip (debug log) when the file does not exist */
	LCT_CGW_DEPRECATED = 1 << 1, /* skip with a warning when missing or not supported */
	/* EINVAL means the parent's budget is smaller (v1 real-time runtime) */
	LCT_CGW_PARENT_BUDGET = 1 << 2,
};

/* The kernel's own ENOTSUPP (include/linux/errno.h), which is not in the
 * uapi errno list: v1's memory.kmem.limit_in_bytes returns it to a write on
 * kernels that no longer take kmem limits (strerror: "Unknown error 524"). */
#define LCT_ENOTSUPP 524

/* One write of value into file (in the container's directory). */
struct lct_cgroup_write {
	char *file, *value;
	char *alt_file, *alt_value; /* tried when file does not exist */
	unsigned flags;
};

struct lct_cgroup_writes {
	struct lct_cgroup_write *w;
	size_t n;
};

/* knobs.c: the formatters the rows of knob-table.c name, and the writes. */
int lct_knob_fmt_int(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		     struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_swap(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		      struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_weight(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_period(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_quota(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		       struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_pids(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		      struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_cpuset_cpus(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			     struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_cpuset_mems(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			     struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_blkio_weight(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			      struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_weight_device(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			       struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_throttle(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			  struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_hugetlb(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			 struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_net_prio(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			  struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_rdma(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
		      struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_devices(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			 struct lct_cgroup_writes *w, struct libct_error *err);
int lct_knob_fmt_unified(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			 struct lct_cgroup_writes *w, struct libct_error *err);

/* Knob k's name for messages ("memory limit"). */
const char *lct_cgroup_knob_name(enum lct_cgroup_knob k);
/* The controller that serves knob k (LCT_CG_NONE for unified keys). */
enum lct_cgroup_ctrl lct_cgroup_knob_ctrl(enum lct_cgroup_knob k);
/* Whether r asks anything of knob k. */
bool lct_cgroup_knob_active(const struct lct_resources *r, enum lct_cgroup_knob k);
/* The writes, in order, that set knob k from r on a v1 (v2 false) or cgroup2
 * hierarchy. Returns 0, 1 when the knob has no equivalent there and is
 * ignored (*out empty), or a negative errno with err set. */
int lct_cgroup_knob_writes(const struct lct_resources *r, enum lct_cgroup_knob k, bool v2,
			   struct lct_cgroup_writes *out, struct libct_error *err);
void lct_cgroup_writes_free(struct lct_cgroup_writes *w);
/* cpu.shares (2..262144) -> cpu.weight (1..10000), as runc and crun convert. */
uint64_t lct_cgroup_shares_to_weight(uint64_t shares);
/* blkio weight (10..1000) -> io.weight (1..10000). */
uint64_t lct_cgroup_blkio_to_io_weight(uint64_t weight);
/* Validate a unified key: a file name without '/' or "..". */
int lct_cgroup_unified_key_check(const char *key, struct libct_error *err);
/* Allowed after the container's device rules on v1 and v2 (runc's and crun's list). */
extern const struct lct_device_rule lct_cgroup_default_dev_rules[];
extern const size_t lct_cgroup_n_default_dev_rules;

/* file-io.c */
/* Run the writes in dir; name is the knob's, for messages. */
int lct_cgroup_writes_run(struct lct_cgroup *cg, const char *dir, const char *name,
			  const struct lct_cgroup_writes *w, struct libct_error *err);
/* Read dir/file into *ret without the trailing newline. */
int lct_cgroup_read(const char *dir, const char *file, char **ret, struct libct_error *err);
/* Write value to dir/file; the error names the full path and the value. */
int lct_cgroup_write(const char *dir, const char *file, const char *value, struct libct_error *err);

/* apply.c */
/* The name of the first limit r sets that needs a cgroup (device rules
 * aside), or NULL: none. */
const char *lct_cgroup_first_limit(const struct lct_resources *r);
/* Rootless: an error naming the first limit of r (device rules aside) that
 * needs hierarchy h, where the container's directory cannot be made for why
 * (an errno); 0 when none does. */
int lct_cgroup_rootless_needs(struct lct_cgroup *cg, const struct lct_cgroup_hier *h,
			      const struct lct_resources *r, int why, struct libct_error *err);
/* Apply r to the container's directories (creating: the device rules are
 * written even when r has none, as runc and crun do). */
int lct_cgroup_apply(struct lct_cgroup *cg, const struct lct_resources *r, bool creating,
		     struct libct_error *err);

/* v1.c */
/* Fill an empty cpuset.cpus/mems of every directory from the mount point down
 * to the container's from its parent, top down, whoever made it (an empty
 * cpuset admits no task). */
int lct_cgroup_v1_cpuset_init(const struct lct_cgroup_hier *h, struct libct_error *err);
/* v1 memory: whether memsw must be written before the limit so that the
 * kernel's limit <= memsw rule holds at every step. */
bool lct_cgroup_v1_swap_first(const char *dir, const struct lct_resources *r);
/* Freeze or thaw through freezer.state, waiting until the state reads back. */
int lct_cgroup_v1_freeze(const char *dir, bool frozen, struct libct_error *err);
/* 1 when freezer.state reads FROZEN, 0 otherwise, negative errno. */
int lct_cgroup_v1_is_frozen(const char *dir);

/* v2.c */
/* Enable in cgroup.subtree_control of each ancestor of the container's
 * directory the controllers r needs there: all available ones in directories
 * create made on a unified host, only missing needed ones elsewhere. */
int lct_cgroup_v2_enable(struct lct_cgroup *cg, struct lct_cgroup_hier *h,
			 const struct lct_resources *r, struct libct_error *err);
/* Freeze or thaw through cgroup.freeze, waiting on cgroup.events. */
int lct_cgroup_v2_freeze(const char *dir, bool frozen, struct libct_error *err);
/* 1 when cgroup.events says frozen, 0 otherwise, negative errno. */
int lct_cgroup_v2_is_frozen(const char *dir);
/* Write 1 to cgroup.kill: 0, or -ENOENT when this kernel has none. */
int lct_cgroup_v2_kill(const char *dir, struct libct_error *err);

/* raw.c */
/* A v1 file name and value in its cgroup v2 form, by the knob table's raw
 * columns (with: the current content of the row's raw_with file, or NULL:
 * cpu.max for the quota or period alone, memory.max for memsw); names
 * without a v1 meaning are kept. */
int lct_cgroup_raw_translate(const char *file, const char *value, const char *with, char **ret_file,
			     char **ret_value, struct libct_error *err);

/* systemd.c: the driver's create: connect to systemd and name the scope;
 * nothing is made until lct_cgroup_enter() starts it with init's pid. */
int lct_systemd_prepare(struct lct_cgroup *cg, const char *id, const struct lct_config *cfg,
			struct libct_error *err);
/* The handle of a scope from the state record (path "/.../UNIT.scope"). */
int lct_systemd_from_path(struct lct_cgroup *cg, struct libct_error *err);

/* devices-bpf.c */
/* Enforce r's device rules (after a deny-all, then the defaults) on h, the
 * cgroup2 directory of a unified host, with an eBPF device program; on update
 * it replaces the one attached before. Keeps no fd of the program. */
int lct_cgroup_devices_bpf_apply(struct lct_cgroup *cg, struct lct_cgroup_hier *h,
				 const struct lct_resources *r, struct libct_error *err);

#endif

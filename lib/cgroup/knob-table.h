/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The cgroup knob table: one row per knob with everything libct knows of it
 * (its name, its libct resource, its valid values, its v1 and v2 files, the
 * raw file names a caller may write, its formatter and unit conversion).
 * lib/oci reads kinds and ranges from it, lib/core validates with it and
 * lib/cgroup writes through it. */
#ifndef LCT_CGROUP_KNOB_TABLE_H
#define LCT_CGROUP_KNOB_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "libct/libct.h"

struct lct_resources;
struct lct_cgroup;
struct lct_cgroup_hier;
struct lct_cgroup_writes;

/* Controllers by their v1 names; v2 names differ only for blkio ("io"). */
enum lct_cgroup_ctrl {
	LCT_CG_NONE = -1, /* core files of the cgroup2 hierarchy (unified keys) */
	LCT_CG_CPU = 0,
	LCT_CG_CPUACCT,
	LCT_CG_CPUSET,
	LCT_CG_MEMORY,
	LCT_CG_DEVICES,
	LCT_CG_FREEZER,
	LCT_CG_NET_CLS,
	LCT_CG_BLKIO,
	LCT_CG_PERF_EVENT,
	LCT_CG_NET_PRIO,
	LCT_CG_HUGETLB,
	LCT_CG_PIDS,
	LCT_CG_RDMA,
	LCT_CG_MISC,
	LCT_CG__MAX,
};

/* The rows, in the order knobs are applied. */
enum lct_cgroup_knob {
	LCT_KNOB_MEMORY_USE_HIERARCHY = 0,
	LCT_KNOB_MEMORY_LIMIT,
	LCT_KNOB_MEMORY_SWAP,
	LCT_KNOB_MEMORY_RESERVATION,
	LCT_KNOB_MEMORY_SWAPPINESS,
	LCT_KNOB_MEMORY_OOM_KILL_DISABLE,
	LCT_KNOB_MEMORY_KERNEL,
	LCT_KNOB_MEMORY_KERNEL_TCP,
	LCT_KNOB_CPU_SHARES,
	LCT_KNOB_CPU_PERIOD,
	LCT_KNOB_CPU_QUOTA,
	LCT_KNOB_CPU_BURST,
	LCT_KNOB_CPU_RT_PERIOD,
	LCT_KNOB_CPU_RT_RUNTIME,
	LCT_KNOB_CPU_IDLE,
	LCT_KNOB_CPUSET_CPUS,
	LCT_KNOB_CPUSET_MEMS,
	LCT_KNOB_PIDS_LIMIT,
	LCT_KNOB_BLKIO_WEIGHT,
	LCT_KNOB_BLKIO_LEAF_WEIGHT,
	LCT_KNOB_BLKIO_WEIGHT_DEVICE,
	LCT_KNOB_BLKIO_THROTTLE,
	LCT_KNOB_HUGETLB,
	LCT_KNOB_NET_CLS_CLASSID,
	LCT_KNOB_NET_PRIO,
	LCT_KNOB_RDMA,
	LCT_KNOB_DEVICES,
	LCT_KNOB_FREEZER_STATE,
	LCT_KNOB_UNIFIED,
	LCT_KNOB__MAX,
};

/* What a scalar knob's value is. */
enum lct_knob_kind {
	LCT_KIND_LIST = 0, /* no scalar: lists and strings of struct lct_resources */
	LCT_KIND_INT,	   /* an integer in [min, max] */
	LCT_KIND_BOOL,	   /* 0 or 1; a JSON boolean in config.json */
};

/* How a raw write of the row's v1 file (libct_container_set_cgroup_file) is
 * turned into a write of raw_v2 on a cgroup2 hierarchy. */
enum lct_knob_raw {
	LCT_RAW_NONE = 0,   /* no translation: the name is the same on v2, or v2 has none */
	LCT_RAW_MAX,	    /* the value as given, v1's "-1" as v2's "max" */
	LCT_RAW_CONVERT,    /* a number, through the row's to_v2 */
	LCT_RAW_SWAP,	    /* as LCT_RAW_MAX, less the memory limit read from raw_with */
	LCT_RAW_CPU_QUOTA,  /* the quota half of raw_with ("QUOTA PERIOD") */
	LCT_RAW_CPU_PERIOD, /* the period half of raw_with */
	LCT_RAW_FREEZE,	    /* "FROZEN" as 1, anything else as 0 */
};

enum {
	/* 0 in config.json means "not set": runc writes these only when non-zero,
	 * and the kernel refuses 0 for several of them */
	LCT_KNOBF_ZERO_UNSET = 1 << 0,
	/* applied at create even when not set (the default device rules) */
	LCT_KNOBF_AT_CREATE = 1 << 1,
};

struct lct_knob;
typedef int (*lct_knob_fmt_fn)(const struct lct_knob *kn, const struct lct_resources *r, bool v2,
			       struct lct_cgroup_writes *w, struct libct_error *err);

/* One cgroup knob. */
struct lct_knob {
	const char *name;	   /* in messages: "memory limit" */
	enum lct_cgroup_ctrl ctrl; /* the controller that serves it */
	int res;		   /* enum libct_resource of a scalar knob, else -1 */
	enum lct_knob_kind kind;
	int64_t min, max; /* the valid values of a scalar knob */
	unsigned flags;	  /* LCT_KNOBF_* */
	/* main file on v1 and v2; NULL: none on that version. A '*' stands for the
	 * part that varies (the hugetlb page size) */
	const char *v1, *v2;
	lct_knob_fmt_fn fmt;		      /* the writes for either version */
	unsigned write_flags;		      /* LCT_CGW_* given to the writes */
	uint64_t (*to_v2)(uint64_t v1_value); /* unit conversion v1 -> v2, NULL: none */
	const char *missing_err;	      /* set, but no file on a version: NULL ignores it */
	/* whether r asks anything of the knob; NULL: r->set[res] */
	bool (*active)(const struct lct_resources *r);
	/* cgroup2 by other means than files (the device eBPF program); NULL: files */
	int (*apply_v2)(struct lct_cgroup *cg, struct lct_cgroup_hier *h,
			const struct lct_resources *r, struct libct_error *err);
	/* v1: write knob `first` before this one when first_if says so (the
	 * kernel wants memory limit <= memsw at every step) */
	bool (*first_if)(const char *dir, const struct lct_resources *r);
	enum lct_cgroup_knob first;
	/* raw files: a write of v1 goes to raw_v2 on a cgroup2 hierarchy,
	 * translated as raw says, reading raw_with first when set */
	enum lct_knob_raw raw;
	const char *raw_v2, *raw_with;
};

/* The row of knob k, NULL when there is none. */
const struct lct_knob *lct_knob_get(enum lct_cgroup_knob k);
/* The row of scalar resource res, NULL when there is none. */
const struct lct_knob *lct_knob_of_resource(enum libct_resource res);
/* Check value for resource res against its row: -ERANGE naming the knob and
 * the valid values ("memory swappiness 101 is out of range (0 to 100)"), or
 * -EINVAL for an unknown resource. */
int lct_knob_check(enum libct_resource res, int64_t value, struct libct_error *err);
/* The row whose v1 file is file (with its '*' part copied to ret_part when it
 * has one; ret_part may be NULL), NULL when none is. */
const struct lct_knob *lct_knob_of_v1_file(const char *file, char *ret_part, size_t part_len);
/* pattern ("hugetlb.*.max") with its '*' replaced by part; NULL on ENOMEM. */
char *lct_knob_file_name(const char *pattern, const char *part);

#endif

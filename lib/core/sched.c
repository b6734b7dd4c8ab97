/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A process's scheduling attributes: I/O priority, scheduler, CPU affinity,
 * execution domain, NUMA memory policy (applied in lib/spawn/attrs.c). */
#include <linux/ioprio.h>
#include <linux/mempolicy.h>
#include <linux/sched.h>
#include <stdio.h>

#include "core/internal.h"
#include "util/util.h"

LCT_EXPORT int libct_io_priority_class_from_string(const char *name, int *ret)
{
	static const char *const names[] = { [IOPRIO_CLASS_RT] = "IOPRIO_CLASS_RT",
					     [IOPRIO_CLASS_BE] = "IOPRIO_CLASS_BE",
					     [IOPRIO_CLASS_IDLE] = "IOPRIO_CLASS_IDLE" };

	for (int i = IOPRIO_CLASS_RT; i <= IOPRIO_CLASS_IDLE; i++)
		if (name && strcmp(name, names[i]) == 0) {
			*ret = i;
			return 0;
		}
	return -EINVAL;
}

LCT_EXPORT int libct_process_desc_set_io_priority(struct libct_process_desc *pd, int ioclass,
						  int level, struct libct_error *err)
{
	if (ioclass < IOPRIO_CLASS_RT || ioclass > IOPRIO_CLASS_IDLE)
		return lct_err_msg(err, -EINVAL,
				   "I/O priority class %d is not 1 (realtime), "
				   "2 (best-effort) or 3 (idle)",
				   ioclass);
	if (level < 0 || level > 7)
		return lct_err_msg(err, -EINVAL, "I/O priority %d is not between 0 and 7", level);
	pd->ioprio = IOPRIO_PRIO_VALUE(ioclass, level);
	return 0;
}

static const struct {
	const char *name;
	int value;
} policies[] = {
	{ "SCHED_OTHER", SCHED_NORMAL },
	{ "SCHED_FIFO", SCHED_FIFO },
	{ "SCHED_RR", SCHED_RR },
	{ "SCHED_BATCH", SCHED_BATCH },
	{ "SCHED_ISO", 4 },
	{ "SCHED_IDLE", SCHED_IDLE },
	{ "SCHED_DEADLINE", SCHED_DEADLINE },
};

static const struct {
	const char *name;
	uint64_t value;
} flags[] = {
	{ "SCHED_FLAG_RESET_ON_FORK", SCHED_FLAG_RESET_ON_FORK },
	{ "SCHED_FLAG_RECLAIM", SCHED_FLAG_RECLAIM },
	{ "SCHED_FLAG_DL_OVERRUN", SCHED_FLAG_DL_OVERRUN },
	{ "SCHED_FLAG_KEEP_POLICY", SCHED_FLAG_KEEP_POLICY },
	{ "SCHED_FLAG_KEEP_PARAMS", SCHED_FLAG_KEEP_PARAMS },
	{ "SCHED_FLAG_UTIL_CLAMP_MIN", SCHED_FLAG_UTIL_CLAMP_MIN },
	{ "SCHED_FLAG_UTIL_CLAMP_MAX", SCHED_FLAG_UTIL_CLAMP_MAX },
};

LCT_EXPORT int libct_sched_policy_from_string(const char *name, int *ret)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(policies); i++)
		if (strcmp(name, policies[i].name) == 0) {
			*ret = policies[i].value;
			return 0;
		}
	return -EINVAL;
}

LCT_EXPORT int libct_sched_flag_from_string(const char *name, uint64_t *ret)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(flags); i++)
		if (strcmp(name, flags[i].name) == 0) {
			*ret = flags[i].value;
			return 0;
		}
	return -EINVAL;
}

LCT_EXPORT int libct_process_desc_set_scheduler(struct libct_process_desc *pd, int policy, int nice,
						int priority, uint64_t sflags, uint64_t runtime,
						uint64_t deadline, uint64_t period,
						struct libct_error *err)
{
	bool known = false;

	for (size_t i = 0; i < ARRAY_SIZE(policies); i++)
		known |= policies[i].value == policy;
	if (!known)
		return lct_err_msg(err, -EINVAL, "unknown scheduling policy %d", policy);
	if (nice < -20 || nice > 19)
		return lct_err_msg(err, -EINVAL, "nice %d is not between -20 and 19", nice);
	/* the kernel checks priority against the policy's range itself */
	if (priority < 0)
		return lct_err_msg(err, -EINVAL, "scheduling priority %d is negative", priority);
	pd->sched = (struct lct_sched){ policy, nice, priority, sflags, runtime, deadline, period };
	pd->has_sched = true;
	return 0;
}

/* "0-3,7" into set (CPUs, or NUMA nodes: what names them in errors);
 * -EINVAL with err naming the list. */
static int parse_list(const char *list, const char *what, cpu_set_t *set, struct libct_error *err)
{
	const char *p = list;

	CPU_ZERO(set);
	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b = a;

		if (end == p)
			goto bad;
		if (*end == '-') {
			p = end + 1;
			b = strtoul(p, &end, 10);
			if (end == p || b < a)
				goto bad;
		}
		if (b >= CPU_SETSIZE)
			return lct_err_msg(err, -EINVAL, "%s list '%s': %s %lu is beyond %d", what,
					   list, what, b, CPU_SETSIZE - 1);
		for (unsigned long c = a; c <= b; c++)
			CPU_SET(c, set);
		if (*end == ',')
			end++;
		else if (*end)
			goto bad;
		p = end;
	}
	if (CPU_COUNT(set) == 0)
		goto bad;
	return 0;
bad:
	return lct_err_msg(err, -EINVAL, "'%s' is not a %s list such as \"0-3,7\"", list, what);
}

LCT_EXPORT int libct_process_desc_set_cpu_affinity(struct libct_process_desc *pd,
						   const char *initial, const char *final,
						   struct libct_error *err)
{
	const char *lists[2] = { initial, final };
	cpu_set_t *sets[2] = { NULL, NULL };

	for (int i = 0; i < 2; i++) {
		if (!lists[i])
			continue;
		sets[i] = malloc(sizeof(cpu_set_t));
		if (!sets[i] || parse_list(lists[i], "CPU", sets[i], err) < 0) {
			int r = sets[i] ? err ? err->code : -EINVAL : lct_err(err, -ENOMEM, "cpus");

			free(sets[0]);
			free(sets[1]);
			return r;
		}
	}
	for (int i = 0; i < 2; i++)
		if (sets[i]) {
			free(pd->affinity[i]);
			pd->affinity[i] = sets[i];
		}
	return 0;
}

LCT_EXPORT void libct_process_desc_set_personality(struct libct_process_desc *pd,
						   unsigned long persona)
{
	pd->personality = persona;
	pd->has_personality = true;
}

#ifndef MPOL_WEIGHTED_INTERLEAVE
#define MPOL_WEIGHTED_INTERLEAVE 6 /* Linux 6.9 */
#endif

static const char *const mempolicy_modes[] = {
	[MPOL_DEFAULT] = "MPOL_DEFAULT",
	[MPOL_PREFERRED] = "MPOL_PREFERRED",
	[MPOL_BIND] = "MPOL_BIND",
	[MPOL_INTERLEAVE] = "MPOL_INTERLEAVE",
	[MPOL_LOCAL] = "MPOL_LOCAL",
	[MPOL_PREFERRED_MANY] = "MPOL_PREFERRED_MANY",
	[MPOL_WEIGHTED_INTERLEAVE] = "MPOL_WEIGHTED_INTERLEAVE",
};

static const struct {
	const char *name;
	unsigned int flag;
} mempolicy_flags[] = {
	{ "MPOL_F_STATIC_NODES", MPOL_F_STATIC_NODES },
	{ "MPOL_F_RELATIVE_NODES", MPOL_F_RELATIVE_NODES },
	{ "MPOL_F_NUMA_BALANCING", MPOL_F_NUMA_BALANCING },
};

LCT_EXPORT int libct_mempolicy_mode_from_string(const char *name, int *ret)
{
	for (size_t i = 0; i < ARRAY_SIZE(mempolicy_modes); i++)
		if (mempolicy_modes[i] && strcmp(name, mempolicy_modes[i]) == 0) {
			*ret = (int)i;
			return 0;
		}
	return -EINVAL;
}

LCT_EXPORT int libct_mempolicy_flag_from_string(const char *name, unsigned int *ret)
{
	for (size_t i = 0; i < ARRAY_SIZE(mempolicy_flags); i++)
		if (strcmp(name, mempolicy_flags[i].name) == 0) {
			*ret = mempolicy_flags[i].flag;
			return 0;
		}
	return -EINVAL;
}

LCT_EXPORT int libct_process_desc_set_memory_policy(struct libct_process_desc *pd, int mode,
						    unsigned int flags, const char *nodes,
						    struct libct_error *err)
{
	const unsigned int all_flags = MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES |
				       MPOL_F_NUMA_BALANCING;
	bool has_nodes = nodes && *nodes;
	cpu_set_t set;

	if (mode < 0 || (size_t)mode >= ARRAY_SIZE(mempolicy_modes) || !mempolicy_modes[mode])
		return lct_err_msg(err, -EINVAL, "memory policy: unknown mode %d", mode);
	if (flags & ~all_flags)
		return lct_err_msg(err, -EINVAL, "memory policy: unknown flags 0x%x",
				   flags & ~all_flags);
	/* set_mempolicy(2)'s rules, checked here to name the setting */
	if (has_nodes && (mode == MPOL_DEFAULT || mode == MPOL_LOCAL))
		return lct_err_msg(err, -EINVAL, "memory policy %s takes no nodes ('%s')",
				   mempolicy_modes[mode], nodes);
	if (!has_nodes && mode != MPOL_DEFAULT && mode != MPOL_LOCAL && mode != MPOL_PREFERRED)
		return lct_err_msg(err, -EINVAL, "memory policy %s needs nodes",
				   mempolicy_modes[mode]);
	if (flags && (mode == MPOL_DEFAULT || mode == MPOL_LOCAL))
		return lct_err_msg(err, -EINVAL, "memory policy %s takes no flags",
				   mempolicy_modes[mode]);
	if ((flags & MPOL_F_STATIC_NODES) && (flags & MPOL_F_RELATIVE_NODES))
		return lct_err_msg(err, -EINVAL,
				   "memory policy: MPOL_F_STATIC_NODES and "
				   "MPOL_F_RELATIVE_NODES exclude each other");
	CPU_ZERO(&set);
	if (has_nodes && parse_list(nodes, "node", &set, err) < 0)
		return -EINVAL;
	_Static_assert(sizeof(set) == sizeof(pd->mempolicy_nodes), "a node mask of 1024 bits");
	memcpy(pd->mempolicy_nodes, &set, sizeof(set));
	pd->mempolicy = mode | (int)flags;
	pd->has_mempolicy = true;
	return 0;
}

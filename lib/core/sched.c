/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A process's scheduling attributes: I/O priority, scheduler, CPU affinity,
 * execution domain (applied in lib/spawn/attrs.c). */
#include <linux/ioprio.h>
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

/* "0-3,7" into set; -EINVAL with err naming the list. */
static int parse_cpus(const char *list, cpu_set_t *set, struct libct_error *err)
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
			return lct_err_msg(err, -EINVAL, "CPU list '%s': CPU %lu is beyond %d",
					   list, b, CPU_SETSIZE - 1);
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
	return lct_err_msg(err, -EINVAL, "'%s' is not a CPU list such as \"0-3,7\"", list);
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
		if (!sets[i] || parse_cpus(lists[i], sets[i], err) < 0) {
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

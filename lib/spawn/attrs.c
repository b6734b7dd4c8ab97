/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Scheduling attributes of a process, in the child: the initial CPU
 * affinity first of all, I/O priority, scheduler and execution domain with
 * the other steps, the final affinity right before the exec. */
#include <sched.h>
#include <stdio.h>
#include <sys/personality.h>
#include <sys/syscall.h>

#include "spawn/spawn.h"
#include "util/util.h"

#define IOPRIO_WHO_PROCESS 1

/* The kernel's struct sched_attr (its header clashes with glibc's sched.h). */
struct sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

static int affinity(const struct libct_process_desc *pd, int which, struct libct_error *err)
{
	if (!pd->affinity[which])
		return 0;
	if (sched_setaffinity(0, sizeof(cpu_set_t), pd->affinity[which]) < 0)
		return lct_err(err, -errno, "set the %s CPU affinity", which ? "final" : "initial");
	return 0;
}

int lct_attrs_initial(const struct libct_process_desc *pd, struct libct_error *err)
{
	return affinity(pd, 0, err);
}

int lct_attrs_final(const struct libct_process_desc *pd, struct libct_error *err)
{
	return affinity(pd, 1, err);
}

#define KEYCTL_GET_KEYRING_ID 0
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define KEYCTL_SETPERM 5
#define KEYCTL_DESCRIBE 6
#define KEY_SPEC_SESSION_KEYRING -3
#define KEY_USR_SEARCH 0x00080000

/* A new session keyring, searchable by its user (as runc makes it). A
 * kernel without keys (ENOSYS) is no error. */
/* The NUMA memory policy: the mask's size in bits as set_mempolicy(2) takes
 * it (maxnode), none when it is empty. */
static int mempolicy(const struct libct_process_desc *pd, struct libct_error *err)
{
	const unsigned long *mask = pd->mempolicy_nodes;
	unsigned long maxnode = 0;

	for (size_t i = 0; i < ARRAY_SIZE(pd->mempolicy_nodes); i++)
		if (mask[i])
			maxnode = sizeof(pd->mempolicy_nodes) * 8 + 1;
	if (syscall(SYS_set_mempolicy, pd->mempolicy, maxnode ? mask : NULL, maxnode) < 0)
		return lct_err(err, -errno, "set_mempolicy (linux.memoryPolicy) mode 0x%x",
			       (unsigned int)pd->mempolicy);
	return 0;
}

static int session_keyring(const struct libct_process_desc *pd, struct libct_error *err)
{
	char desc[512];
	unsigned int perm;
	long id;

	if (!pd->session_keyring)
		return 0;
	id = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, pd->session_keyring);
	if (id < 0 && errno == ENOSYS)
		return 0;
	if (id < 0)
		return lct_err(err, -errno, "join a new session keyring '%s'", pd->session_keyring);
	if (syscall(SYS_keyctl, KEYCTL_DESCRIBE, id, desc, sizeof(desc)) < 0 ||
	    sscanf(desc, "%*[^;];%*[^;];%*[^;];%x", &perm) != 1)
		return lct_err(err, errno ? -errno : -EINVAL, "describe session keyring '%s'",
			       pd->session_keyring);
	if (syscall(SYS_keyctl, KEYCTL_SETPERM, id, perm | KEY_USR_SEARCH) < 0)
		return lct_err(err, -errno, "set the permissions of session keyring '%s'",
			       pd->session_keyring);
	return 0;
}

/* While still privileged: a realtime class or policy needs CAP_SYS_NICE. */
int lct_attrs_setup(const struct libct_process_desc *pd, struct libct_error *err)
{
	int r;

	if (pd->ioprio >= 0 && syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, pd->ioprio) < 0)
		return lct_err(err, -errno, "set the I/O priority (class %d, level %d)",
			       pd->ioprio >> 13, pd->ioprio & 7);
	if (pd->has_sched) {
		struct sched_attr a = {
			.size = sizeof(a),
			.sched_policy = (uint32_t)pd->sched.policy,
			.sched_flags = pd->sched.flags,
			.sched_nice = pd->sched.nice,
			.sched_priority = (uint32_t)pd->sched.priority,
			.sched_runtime = pd->sched.runtime,
			.sched_deadline = pd->sched.deadline,
			.sched_period = pd->sched.period,
		};

		if (syscall(SYS_sched_setattr, 0, &a, 0) < 0) {
			bool rt = pd->sched.policy == SCHED_FIFO || pd->sched.policy == SCHED_RR;

			/* on cgroup v1 a real-time policy needs a budget in the cpu cgroup */
			return lct_err(err, -errno,
				       "sched_setattr (policy %d, priority %d, nice %d)%s",
				       pd->sched.policy, pd->sched.priority, pd->sched.nice,
				       rt && errno == EPERM ?
					       " (a real-time policy needs a real-time "
					       "budget in the container's cpu cgroup on cgroup v1: "
					       "linux.resources.cpu.realtimeRuntime, within its "
					       "parent's "
					       "cpu.rt_runtime_us)" :
					       "");
		}
	}
	if (pd->has_personality && personality(pd->personality) < 0)
		return lct_err(err, -errno, "personality 0x%lx", pd->personality);
	if (pd->has_mempolicy && (r = mempolicy(pd, err)) < 0)
		return r;
	return session_keyring(pd, err);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz the name parsers and the setters that check a string: container ids,
 * namespace, capability, rlimit, seccomp, scheduler and I/O class names,
 * sysctl keys, cgroup paths and mount destinations. The input's first byte
 * picks the parser, the rest is the name. */
#include "driver.h"

static char *fuzz_seed(void)
{
	return strdup("\001CAP_SYS_ADMIN");
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct libct_container *ct = NULL;
	struct libct_error err;
	enum libct_ns ns;
	enum libct_seccomp_action act;
	enum libct_seccomp_op op;
	uint64_t u64;
	int v;
	char *s;

	if (size < 1)
		return 0;
	s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 8) {
	case 0:
		if (libct_container_new(fuzz_session, s, &ct, &err) == 0)
			libct_container_free(ct);
		break;
	case 1:
		libct_cap_from_string(s, &v);
		libct_ns_from_string(s, &ns);
		break;
	case 2:
		libct_rlimit_from_string(s, &v);
		libct_io_priority_class_from_string(s, &v);
		break;
	case 3:
		libct_seccomp_action_from_string(s, &act);
		libct_seccomp_op_from_string(s, &op);
		break;
	case 4:
		libct_sched_policy_from_string(s, &v);
		libct_sched_flag_from_string(s, &u64);
		break;
	default:
		if (libct_container_new(fuzz_session, "fuzz", &ct, &err) < 0)
			break;
		if (data[0] % 8 == 5)
			libct_container_add_sysctl(ct, s, "1", &err);
		else if (data[0] % 8 == 6)
			libct_container_set_cgroup_path(ct, s, &err);
		else
			libct_container_add_mount(ct, "none", s, "tmpfs", NULL, 0, &err);
		libct_container_free(ct);
	}
	free(s);
	return 0;
}

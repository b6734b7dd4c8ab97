/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccomp names as the OCI runtime spec spells them: actions, comparison operators,
 * filter flags and architectures. */
#include <ctype.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <strings.h>

#include "security/security.h"
#include "util/util.h"

static const char *const action_names[] = {
	[LIBCT_SECCOMP_KILL] = "SCMP_ACT_KILL",
	[LIBCT_SECCOMP_KILL_PROCESS] = "SCMP_ACT_KILL_PROCESS",
	[LIBCT_SECCOMP_KILL_THREAD] = "SCMP_ACT_KILL_THREAD",
	[LIBCT_SECCOMP_TRAP] = "SCMP_ACT_TRAP",
	[LIBCT_SECCOMP_ERRNO] = "SCMP_ACT_ERRNO",
	[LIBCT_SECCOMP_TRACE] = "SCMP_ACT_TRACE",
	[LIBCT_SECCOMP_ALLOW] = "SCMP_ACT_ALLOW",
	[LIBCT_SECCOMP_LOG] = "SCMP_ACT_LOG",
	[LIBCT_SECCOMP_NOTIFY] = "SCMP_ACT_NOTIFY",
};

static const char *const op_names[] = {
	[LIBCT_SECCOMP_OP_NE] = "SCMP_CMP_NE",
	[LIBCT_SECCOMP_OP_LT] = "SCMP_CMP_LT",
	[LIBCT_SECCOMP_OP_LE] = "SCMP_CMP_LE",
	[LIBCT_SECCOMP_OP_EQ] = "SCMP_CMP_EQ",
	[LIBCT_SECCOMP_OP_GE] = "SCMP_CMP_GE",
	[LIBCT_SECCOMP_OP_GT] = "SCMP_CMP_GT",
	[LIBCT_SECCOMP_OP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

static const struct {
	const char *name;
	unsigned int flag;
} flag_names[] = {
	{ "SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC },
	{ "SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG },
	{ "SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW },
	/* only with SCMP_ACT_NOTIFY rules (ignored without: it needs a listener) */
	{ "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV },
};

/* Architectures the OCI spec names that an older libseccomp may not know;
 * they are accepted and skipped when the filter is built. */
static const char *const spec_only_archs[] = { "loongarch64", "m68k", "sh", "sheb" };

/* OCI action name (exact, upper case) -> enum; -EINVAL when unknown. */
LCT_EXPORT int libct_seccomp_action_from_string(const char *name, enum libct_seccomp_action *ret)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(action_names); i++)
		if (strcmp(name, action_names[i]) == 0) {
			*ret = i;
			return 0;
		}
	return -EINVAL;
}

/* The OCI name of an action, for messages. */
const char *lct_seccomp_action_to_string(enum libct_seccomp_action action)
{
	if ((unsigned)action >= ARRAY_SIZE(action_names))
		return "?";
	return action_names[action];
}

/* OCI comparison operator name -> enum; -EINVAL when unknown. */
LCT_EXPORT int libct_seccomp_op_from_string(const char *name, enum libct_seccomp_op *ret)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(op_names); i++)
		if (op_names[i] && strcmp(name, op_names[i]) == 0) {
			*ret = i;
			return 0;
		}
	return -EINVAL;
}

/* OCI filter flag name -> SECCOMP_FILTER_FLAG_* bit; -EINVAL when unknown. */
int lct_seccomp_flag_from_string(const char *name, unsigned int *ret)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(flag_names); i++)
		if (strcmp(name, flag_names[i].name) == 0) {
			*ret = flag_names[i].flag;
			return 0;
		}
	return -EINVAL;
}

/* "SCMP_ARCH_X86_64" / "x86_64" -> "x86_64": a libseccomp architecture token, or one
 * of the spec's names this libseccomp lacks (skipped when the filter is built). */
int lct_seccomp_arch_normalize(const char *name, char *buf, size_t size)
{
	size_t n = 0;

	if (!name)
		return -EINVAL;
	if (strncasecmp(name, "SCMP_ARCH_", strlen("SCMP_ARCH_")) == 0)
		name += strlen("SCMP_ARCH_");
	for (; *name; name++) {
		if (n + 1 >= size || !(isalnum((unsigned char)*name) || *name == '_'))
			return -EINVAL;
		buf[n++] = tolower((unsigned char)*name);
	}
	buf[n] = '\0';
	if (n == 0)
		return -EINVAL;
	if (seccomp_arch_resolve_name(buf) != 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(spec_only_archs); i++)
		if (strcmp(buf, spec_only_archs[i]) == 0)
			return 0;
	return -EINVAL;
}

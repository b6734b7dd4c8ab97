/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Capabilities and credentials of the process about to exec: bounding set, uid/gid
 * and groups, effective/permitted/inheritable sets, ambient set. */
#include <ctype.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdio.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "security/security.h"
#include "util/util.h"

/* The highest capability the running kernel knows: libcap finds it once, when it
 * is loaded (PR_CAPBSET_READ, no /proc needed), and keeps it. */
static int last_cap(void)
{
	return (int)cap_max_bits() - 1;
}

static uint64_t valid_caps(void)
{
	int last = last_cap();

	return last >= 63 ? ~0ULL : (1ULL << (last + 1)) - 1;
}

/* "CAP_SYS_ADMIN" for messages (only used on error paths: cap_to_name allocates). */
static const char *cap_name(int c, char *buf, size_t size)
{
	char *n = cap_to_name(c);

	snprintf(buf, size, "%s", n ? n : "?");
	cap_free(n);
	for (char *p = buf; *p; p++)
		*p = toupper((unsigned char)*p);
	return buf;
}

/* "CAP_SYS_ADMIN" / "sys_admin" (any case) -> CAP_SYS_ADMIN. -EINVAL for an unknown name,
 * -EOPNOTSUPP for a name libcap knows but the running kernel does not. */
LCT_EXPORT int libct_cap_from_string(const char *name, int *ret)
{
	char buf[64];
	cap_value_t v;

	/* names only: libcap would also take a number */
	if (!name || !isalpha((unsigned char)*name))
		return -EINVAL;
	if (snprintf(buf, sizeof(buf), "%s%s", strncasecmp(name, "CAP_", 4) ? "cap_" : "", name) >=
	    (int)sizeof(buf))
		return -EINVAL;
	if (cap_from_name(buf, &v) < 0)
		return -EINVAL;
	/* a name libcap knows but this kernel does not: callers may warn and skip it */
	if (v > last_cap())
		return -EOPNOTSUPP;
	*ret = v;
	return 0;
}

/* Drop every capability outside pd's bounding mask from the bounding set (needs
 * CAP_SETPCAP, so before the uid change). Nothing when pd has no capabilities set. */
int lct_caps_drop_bounding(const struct libct_process_desc *pd, struct libct_error *err)
{
	uint64_t keep = pd->caps[LIBCT_CAP_BOUNDING];
	int last;

	/* no capabilities given at all: the process keeps every one */
	if (!pd->caps_set)
		return 0;
	last = last_cap();
	for (int c = 0; c < 64; c++) {
		char n[32];

		/* past the last capability libcap found when it was loaded: its
		 * probe takes any failure for "no such capability", so the kernel
		 * is asked until it says EINVAL, and none is left unseen */
		if (c > last) {
			int in = prctl(PR_CAPBSET_READ, c, 0, 0, 0);

			if (in < 0 && errno == EINVAL)
				break;
			if (in < 0)
				return lct_err(err, -errno,
					       "read capability %d of the bounding set", c);
			if (in == 0)
				continue;
		}
		/* one call per capability; read only when the drop fails: one that is
		 * already gone is fine without CAP_SETPCAP */
		if ((keep & (1ULL << c)) || prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == 0)
			continue;
		if (errno == EPERM && prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 0)
			continue;
		return lct_err(err, -errno, "drop %s from the bounding set",
			       cap_name(c, n, sizeof(n)));
	}
	return 0;
}

/* Whether this process is in a user namespace whose setgroups(2) is denied. */
static bool setgroups_denied(void)
{
	_cleanup_close_ int fd = open("/proc/self/setgroups", O_RDONLY | O_CLOEXEC);
	char buf[16] = "";

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0)
		return false;
	return strncmp(buf, "deny", 4) == 0;
}

static int set_groups(const struct libct_process_desc *pd, struct libct_error *err)
{
	if (pd->keep_groups)
		return 0;
	if (setgroups(pd->n_groups, pd->groups) == 0)
		return 0;
	if (errno != EPERM || !setgroups_denied())
		return lct_err(err, -errno, "setgroups (%zu gids)", pd->n_groups);
	/* a user namespace with setgroups denied: no gid to drop can be there either */
	if (pd->n_groups == 0)
		return 0;
	return lct_err_msg(err, -EPERM,
			   "setgroups: %zu additional gids requested, but "
			   "/proc/self/setgroups is 'deny' in this user namespace",
			   pd->n_groups);
}

static int set_caps(const struct libct_process_desc *pd, struct libct_error *err)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	uint64_t valid = valid_caps();
	uint64_t eff = pd->caps[LIBCT_CAP_EFFECTIVE] & valid;
	uint64_t prm = pd->caps[LIBCT_CAP_PERMITTED] & valid;
	uint64_t inh = pd->caps[LIBCT_CAP_INHERITABLE] & valid;

	for (int i = 0; i < 2; i++)
		data[i] = (struct __user_cap_data_struct){ (uint32_t)(eff >> (32 * i)),
							   (uint32_t)(prm >> (32 * i)),
							   (uint32_t)(inh >> (32 * i)) };
	/* raw capset: one syscall, no allocation in the child */
	if (syscall(SYS_capset, &hdr, data) < 0)
		return lct_err(err, -errno,
			       "capset (effective %#llx, permitted %#llx, inheritable %#llx)",
			       (unsigned long long)eff, (unsigned long long)prm,
			       (unsigned long long)inh);
	return 0;
}

/* The kernel refuses an ambient capability that is not both permitted and
 * inheritable; runc warns and goes on, we leave such ones out (silently: there is
 * no log sink in the child; the OCI layer may warn when it sees the config). */
static int set_ambient(const struct libct_process_desc *pd, struct libct_error *err)
{
	uint64_t amb = pd->caps[LIBCT_CAP_AMBIENT] & pd->caps[LIBCT_CAP_PERMITTED] &
		       pd->caps[LIBCT_CAP_INHERITABLE] & valid_caps();

	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0) {
		/* a kernel before 4.3 has no ambient set: fine unless some were asked for */
		if (errno == EINVAL && amb == 0)
			return 0;
		return lct_err(err, -errno, "prctl PR_CAP_AMBIENT_CLEAR_ALL");
	}
	for (int c = 0; c < 64; c++) {
		char n[32];

		if ((amb & (1ULL << c)) && prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
			return lct_err(err, -errno, "raise ambient capability %s",
				       cap_name(c, n, sizeof(n)));
	}
	return 0;
}

/* Become pd's user: groups, gid, uid, then the capability sets and the ambient set. */
int lct_caps_set_user(const struct libct_process_desc *pd, struct libct_error *err)
{
	int r;

	/* groups first: setgroups needs CAP_SETGID, which the uid change takes away */
	r = set_groups(pd, err);
	if (r < 0)
		return r;
	/* gid before uid, for the same reason */
	if (setresgid(pd->gid, pd->gid, pd->gid) < 0)
		return lct_err(err, -errno, "setresgid %u", (unsigned)pd->gid);
	/* keep the permitted set across a change from uid 0, for capset to choose from */
	if (pd->caps_set && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return lct_err(err, -errno, "prctl PR_SET_KEEPCAPS");
	/* without caps_set this is plain kernel semantics: uid 0 keeps all, others lose all */
	if (setresuid(pd->uid, pd->uid, pd->uid) < 0)
		return lct_err(err, -errno, "setresuid %u", (unsigned)pd->uid);
	if (!pd->caps_set)
		return 0;
	/* keepcaps was only for the uid change (as runc) */
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return lct_err(err, -errno, "prctl PR_SET_KEEPCAPS 0");
	/* after the uid change, which clears the effective set of a non-root uid */
	r = set_caps(pd, err);
	if (r < 0)
		return r;
	/* ambient last: a capability can be raised only once permitted and inheritable */
	return set_ambient(pd, err);
}

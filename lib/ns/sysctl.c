/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which sysctls a container may set: only those of a kernel namespace the
 * container has for itself. A sysctl of a namespace it shares with the host
 * (not listed, or joined by a path that is the runtime's own) would change
 * the host's value; those are refused before anything is made, with runc's
 * rules and words. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include "ns/ns.h"
#include "util/util.h"

/* Whether path names the namespace the runtime itself is in. */
static bool is_own_ns(const char *path, enum libct_ns ns)
{
	char self[64];
	struct stat a, b;

	snprintf(self, sizeof(self), "/proc/self/ns/%s", lct_ns_proc_name(ns));
	return stat(path, &a) == 0 && stat(self, &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

/* The container has a namespace of this kind that is not the host's. */
static bool private_ns(const struct lct_config *cfg, enum libct_ns ns)
{
	if (!cfg->ns_want[ns])
		return false;
	return !cfg->ns_path[ns] || !is_own_ns(cfg->ns_path[ns], ns);
}

static bool is_ipc_sysctl(const char *k)
{
	static const char *const ipc[] = {
		"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
		"kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ipc); i++)
		if (strcmp(k, ipc[i]) == 0)
			return true;
	return strncmp(k, "fs.mqueue.", strlen("fs.mqueue.")) == 0;
}

static int check_one(const struct lct_config *cfg, const char *key, struct libct_error *err)
{
	char k[256];
	size_t n = strlen(key);

	if (!n || n >= sizeof(k))
		return lct_err_msg(err, -EINVAL, "sysctl \"%.64s\": invalid name", key);
	/* "net/ipv4/ip_forward" is "net.ipv4.ip_forward" */
	for (size_t i = 0; i <= n; i++)
		k[i] = key[i] == '/' ? '.' : key[i];
	if (is_ipc_sysctl(k)) {
		if (private_ns(cfg, LIBCT_NS_IPC))
			return 0;
		return lct_err_msg(err, -EPERM,
				   "sysctl \"%s\" is not allowed in the host's ipc "
				   "namespace",
				   key);
	}
	if (strncmp(k, "net.", 4) == 0) {
		if (private_ns(cfg, LIBCT_NS_NET))
			return 0;
		return lct_err_msg(err, -EPERM,
				   "sysctl \"%s\" not allowed in host network namespace", key);
	}
	if (strcmp(k, "kernel.hostname") == 0)
		return lct_err_msg(err, -EINVAL,
				   "sysctl \"%s\" is not allowed as it conflicts with "
				   "the OCI \"hostname\" field",
				   key);
	if (strcmp(k, "kernel.domainname") == 0) {
		if (private_ns(cfg, LIBCT_NS_UTS))
			return 0;
		return lct_err_msg(err, -EPERM,
				   "sysctl \"%s\" is not allowed in the host's uts "
				   "namespace",
				   key);
	}
	return lct_err_msg(err, -EPERM, "sysctl \"%s\" is not in a separate kernel namespace", key);
}

int lct_sysctl_check(const struct lct_config *cfg, struct libct_error *err)
{
	for (size_t i = 0; i < cfg->n_sysctls; i++) {
		int r = check_one(cfg, cfg->sysctls[i].key, err);

		if (r < 0)
			return r;
	}
	return 0;
}

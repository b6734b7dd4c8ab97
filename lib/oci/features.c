/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The features document (runtime-spec features.md): what this runtime and
 * this host support, for engines to ask before they create. */
#include <json-c/json.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "fs/fs.h"
#include "oci/oci.h"
#include "security/security.h"
#include "util/util.h"

static json_object *strings(const char *const *v, size_t n)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *capabilities(void)
{
	json_object *a = json_object_new_array();

	/* the kernel's own list: every cap its bounding set knows */
	for (int c = 0; prctl(PR_CAPBSET_READ, c, 0, 0, 0) >= 0; c++) {
		char *name = cap_to_name(c), upper[64];
		size_t i;

		if (!name)
			continue;
		for (i = 0; name[i] && i < sizeof(upper) - 1; i++)
			upper[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 :
									     name[i]);
		upper[i] = '\0';
		json_object_array_add(a, json_object_new_string(upper));
		cap_free(name);
	}
	return a;
}

static json_object *seccomp(void)
{
	static const char *const ops[] = { "SCMP_CMP_NE",	"SCMP_CMP_LT", "SCMP_CMP_LE",
					   "SCMP_CMP_EQ",	"SCMP_CMP_GE", "SCMP_CMP_GT",
					   "SCMP_CMP_MASKED_EQ" };
	static const char *const archs[] = {
		"SCMP_ARCH_X86",      "SCMP_ARCH_X86_64",      "SCMP_ARCH_X32",
		"SCMP_ARCH_ARM",      "SCMP_ARCH_AARCH64",     "SCMP_ARCH_MIPS",
		"SCMP_ARCH_MIPS64",   "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",
		"SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
		"SCMP_ARCH_PPC64",    "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_S390",
		"SCMP_ARCH_S390X",    "SCMP_ARCH_PARISC",      "SCMP_ARCH_PARISC64",
		"SCMP_ARCH_RISCV64",
	};
	static const char *const flags[] = { "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
					     "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
					     "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" };
	json_object *o = json_object_new_object(), *actions = json_object_new_array();

	for (int a = LIBCT_SECCOMP_KILL; a <= LIBCT_SECCOMP_NOTIFY; a++)
		json_object_array_add(actions,
				      json_object_new_string(lct_seccomp_action_to_string(a)));
	json_object_object_add(o, "enabled", json_object_new_boolean(true));
	json_object_object_add(o, "actions", actions);
	json_object_object_add(o, "operators", strings(ops, ARRAY_SIZE(ops)));
	json_object_object_add(o, "archs", strings(archs, ARRAY_SIZE(archs)));
	json_object_object_add(o, "knownFlags", strings(flags, ARRAY_SIZE(flags)));
	/* the last one only where the kernel takes it */
	json_object_object_add(o, "supportedFlags",
			       strings(flags,
				       ARRAY_SIZE(flags) - !lct_seccomp_wait_killable_supported()));
	return o;
}

static json_object *enabled(bool on)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "enabled", json_object_new_boolean(on));
	return o;
}

/* runtime-spec features.md: the modes and flags linux.memoryPolicy takes */
static json_object *memory_policy(void)
{
	static const char *const modes[] = { "MPOL_DEFAULT",	"MPOL_BIND",
					     "MPOL_INTERLEAVE", "MPOL_WEIGHTED_INTERLEAVE",
					     "MPOL_PREFERRED",	"MPOL_PREFERRED_MANY",
					     "MPOL_LOCAL" };
	static const char *const flags[] = { "MPOL_F_NUMA_BALANCING", "MPOL_F_RELATIVE_NODES",
					     "MPOL_F_STATIC_NODES" };
	json_object *o = json_object_new_object();

	json_object_object_add(o, "modes", strings(modes, ARRAY_SIZE(modes)));
	json_object_object_add(o, "flags", strings(flags, ARRAY_SIZE(flags)));
	return o;
}

static json_object *linux_features(void)
{
	static const char *const ns[] = { "pid",   "network", "ipc",	"uts",
					  "mount", "user",    "cgroup", "time" };
	json_object *o = json_object_new_object(), *cg = json_object_new_object(), *me;

	json_object_object_add(o, "namespaces", strings(ns, ARRAY_SIZE(ns)));
	json_object_object_add(o, "capabilities", capabilities());
	json_object_object_add(cg, "v1", json_object_new_boolean(true));
	json_object_object_add(cg, "v2", json_object_new_boolean(true));
	json_object_object_add(cg, "systemd", json_object_new_boolean(true));
	/* rootless, the caller's own systemd on its user bus */
	json_object_object_add(cg, "systemdUser", json_object_new_boolean(true));
	json_object_object_add(cg, "rdma", json_object_new_boolean(true));
	json_object_object_add(o, "cgroup", cg);
	json_object_object_add(o, "seccomp", seccomp());
	/* what the runtime can do, whatever this host has (features-linux.md:
	 * "irrelevant to the availability ... on the host"), as runc says */
	json_object_object_add(o, "apparmor", enabled(true));
	json_object_object_add(o, "selinux", enabled(true));
	json_object_object_add(o, "intelRdt", enabled(false));
	json_object_object_add(o, "netDevices", enabled(true));
	me = json_object_new_object();
	json_object_object_add(me, "idmap", enabled(true));
	json_object_object_add(o, "mountExtensions", me);
	json_object_object_add(o, "memoryPolicy", memory_policy());
	return o;
}

LCT_EXPORT char *libct_oci_features_json(void)
{
	static const char *const hooks[] = { "prestart",       "createRuntime", "createContainer",
					     "startContainer", "poststart",	"poststop" };
	const char *mopts[96];
	size_t n = lct_mount_option_names(mopts, ARRAY_SIZE(mopts));
	json_object *o = json_object_new_object(), *ann = json_object_new_object();
	const struct scmp_version *v = seccomp_version();
	char ver[32];
	char *text;

	json_object_object_add(o, "ociVersionMin", json_object_new_string("1.0.0"));
	json_object_object_add(o, "ociVersionMax", json_object_new_string(LCT_OCI_VERSION));
	json_object_object_add(o, "hooks", strings(hooks, ARRAY_SIZE(hooks)));
	json_object_object_add(o, "mountOptions", strings(mopts, n));
	/* the annotations that change what ct does: unit properties for the
	 * systemd cgroup driver (lib/cgroup/systemd-props.c), crun's files
	 * for the hooks' output (lib/spawn/hooks.c) and its keeping of the
	 * starter's groups (lib/oci/oci-config.c) */
	json_object_object_add(o, "potentiallyUnsafeConfigAnnotations",
			       strings((const char *const[]){ "org.systemd.property.",
							      "run.oci.hooks.stdout",
							      "run.oci.hooks.stderr",
							      "run.oci.keep_original_groups" },
				       4));
	json_object_object_add(o, "linux", linux_features());
	snprintf(ver, sizeof(ver), "%u.%u.%u", v->major, v->minor, v->micro);
	json_object_object_add(ann, "io.github.seccomp.libseccomp.version",
			       json_object_new_string(ver));
	json_object_object_add(ann, "org.libct.version", json_object_new_string(libct_version()));
	json_object_object_add(o, "annotations", ann);
	text = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								JSON_C_TO_STRING_SPACED));
	json_object_put(o);
	return text;
}

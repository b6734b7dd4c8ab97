/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Copying a process description (lct_process_desc_copy): a copy of one with
 * every member set is equal to it, member by member, and owns all it points
 * to: it stays whole once the original is freed (under ASan in the sanitize
 * suite, a shared pointer is a use after free). */
#include <stdlib.h>

#include "core/internal.h"
#include "util/util.h"
#include "tap.h"

static char *dup_or_die(const char *s)
{
	char *c = strdup(s);

	if (!c)
		abort();
	return c;
}

static void *mem_or_die(const void *v, size_t n)
{
	void *c = malloc(n);

	if (!c)
		abort();
	memcpy(c, v, n);
	return c;
}

static struct libct_process_desc *populated(void)
{
	static const char *const argv[] = { "/bin/sh", "-c", "true", NULL };
	static const char *const env[] = { "A=1", "PATH=/bin", NULL };
	static const char *const archs[] = { "SCMP_ARCH_X86_64", NULL };
	static const gid_t groups[] = { 10, 20, 30 };
	static const struct lct_rlimit rl[] = { { 7, 100, 200 }, { 3, 5, 6 } };
	static const int fds[] = { 0, 1, 2, 9 };
	struct libct_process_desc *pd;
	struct lct_seccomp *sc;

	if (libct_process_desc_new(&pd, NULL) < 0)
		abort();
	pd->argv = lct_strv_copy(argv);
	pd->env = lct_strv_copy(env);
	pd->cwd = dup_or_die("/work");
	pd->uid = 1000;
	pd->gid = 1001;
	pd->groups = mem_or_die(groups, sizeof(groups));
	pd->n_groups = ARRAY_SIZE(groups);
	pd->has_umask = true;
	pd->umask = 027;
	pd->rlimits = mem_or_die(rl, sizeof(rl));
	pd->n_rlimits = ARRAY_SIZE(rl);
	pd->has_oom_score_adj = true;
	pd->oom_score_adj = -500;
	pd->caps_set = true;
	for (int i = 0; i < LIBCT_CAP_SET__MAX; i++)
		pd->caps[i] = 0x1234ULL << i;
	pd->no_new_privs = pd->terminal = pd->no_onlcr = true;
	pd->console_socket = 42;
	pd->preserve_fds = 3;
	pd->apparmor_profile = dup_or_die("ct-default");
	pd->selinux_label = dup_or_die("system_u:system_r:container_t:s0");
	sc = calloc(1, sizeof(*sc));
	if (!sc)
		abort();
	sc->default_action = LIBCT_SECCOMP_ERRNO;
	sc->default_errno = 1;
	sc->archs = lct_strv_copy(archs);
	sc->rules = calloc(1, sizeof(*sc->rules));
	if (!sc->rules)
		abort();
	sc->rules[0].syscall = dup_or_die("mount");
	sc->rules[0].action = LIBCT_SECCOMP_KILL;
	sc->n_rules = 1;
	pd->seccomp = sc;
	pd->fds = mem_or_die(fds, sizeof(fds));
	pd->n_fds = ARRAY_SIZE(fds);
	pd->new_session = true;
	pd->pdeathsig = 9;
	pd->exec_path = dup_or_die("/bin/busybox");
	pd->fn_arg = pd; /* not owned: copied as it is */
	pd->fn_keeps_fds = true;
	pd->user_name = dup_or_die("nobody");
	pd->ioprio = 0x4004;
	pd->has_sched = true;
	pd->sched = (struct lct_sched){ 6, 5, 4, 3, 2, 1, 7 };
	for (int i = 0; i < 2; i++) {
		pd->affinity[i] = calloc(1, sizeof(cpu_set_t));
		if (!pd->affinity[i])
			abort();
		CPU_SET(i + 1, pd->affinity[i]);
	}
	pd->has_personality = true;
	pd->personality = 8;
	pd->session_keyring = dup_or_die("ct-keyring");
	if (libct_process_desc_add_sub_cgroup(pd, "memory", "/a/b", NULL) < 0 ||
	    libct_process_desc_add_sub_cgroup(pd, "cpu,pids", "c", NULL) < 0)
		abort();
	if (!pd->argv || !pd->env || !sc->archs)
		abort();
	return pd;
}

static bool strv_eq(char **a, const char *const *want)
{
	size_t i;

	for (i = 0; a && a[i] && want[i]; i++)
		if (strcmp(a[i], want[i]))
			return false;
	return a && !a[i] && !want[i];
}

/* Every member of a copy of populated(), checked by value. */
static void check_values(const struct libct_process_desc *c, const char *when)
{
	static const char *const argv[] = { "/bin/sh", "-c", "true", NULL };
	static const char *const env[] = { "A=1", "PATH=/bin", NULL };

	CHECK(strv_eq(c->argv, argv), "%s: argv", when);
	CHECK(strv_eq(c->env, env), "%s: env", when);
	CHECK_STR(c->cwd, "/work", "%s: cwd", when);
	CHECK(c->n_groups == 3 && c->groups && c->groups[0] == 10 && c->groups[2] == 30,
	      "%s: groups", when);
	CHECK(c->n_rlimits == 2 && c->rlimits && c->rlimits[1].resource == 3 &&
		      c->rlimits[0].hard == 200,
	      "%s: rlimits", when);
	CHECK_STR(c->apparmor_profile, "ct-default", "%s: apparmor profile", when);
	CHECK_STR(c->selinux_label, "system_u:system_r:container_t:s0", "%s: selinux label", when);
	CHECK(c->seccomp && c->seccomp->default_action == LIBCT_SECCOMP_ERRNO &&
		      c->seccomp->n_rules == 1 && c->seccomp->rules &&
		      strcmp(c->seccomp->rules[0].syscall, "mount") == 0 && c->seccomp->archs &&
		      strcmp(c->seccomp->archs[0], "SCMP_ARCH_X86_64") == 0,
	      "%s: seccomp", when);
	CHECK(c->n_fds == 4 && c->fds && c->fds[3] == 9, "%s: fds", when);
	CHECK_STR(c->exec_path, "/bin/busybox", "%s: exec path", when);
	CHECK_STR(c->user_name, "nobody", "%s: user name", when);
	CHECK(c->affinity[0] && CPU_ISSET(1, c->affinity[0]) && CPU_COUNT(c->affinity[0]) == 1 &&
		      c->affinity[1] && CPU_ISSET(2, c->affinity[1]) &&
		      CPU_COUNT(c->affinity[1]) == 1,
	      "%s: affinity", when);
	CHECK_STR(c->session_keyring, "ct-keyring", "%s: session keyring", when);
	CHECK(strv_eq(c->sub_cgroups, (const char *const[]){ "memory:a/b", "cpu,pids:c", NULL }),
	      "%s: sub-cgroups", when);
}

/* The members that are not owned pointers: equal byte for byte. */
static void check_scalars(const struct libct_process_desc *pd, const struct libct_process_desc *c)
{
	struct libct_process_desc a = *pd, b = *c;
	void **pa[] = { (void **)&a.argv,	   (void **)&a.env,
			(void **)&a.cwd,	   (void **)&a.groups,
			(void **)&a.rlimits,	   (void **)&a.apparmor_profile,
			(void **)&a.selinux_label, (void **)&a.seccomp,
			(void **)&a.fds,	   (void **)&a.exec_path,
			(void **)&a.user_name,	   (void **)&a.affinity[0],
			(void **)&a.affinity[1],   (void **)&a.session_keyring,
			(void **)&a.sub_cgroups };
	void **pb[] = { (void **)&b.argv,	   (void **)&b.env,
			(void **)&b.cwd,	   (void **)&b.groups,
			(void **)&b.rlimits,	   (void **)&b.apparmor_profile,
			(void **)&b.selinux_label, (void **)&b.seccomp,
			(void **)&b.fds,	   (void **)&b.exec_path,
			(void **)&b.user_name,	   (void **)&b.affinity[0],
			(void **)&b.affinity[1],   (void **)&b.session_keyring,
			(void **)&b.sub_cgroups };
	bool shared = false;

	for (size_t i = 0; i < ARRAY_SIZE(pa); i++) {
		if (*pa[i] == *pb[i])
			shared = true;
		*pa[i] = *pb[i] = NULL;
	}
	CHECK(!shared, "no owned member of the copy is the original's");
	CHECK(memcmp(&a, &b, sizeof(a)) == 0, "every other member is equal");
}

int main(void)
{
	struct libct_process_desc *pd = populated(), *c = lct_process_desc_copy(pd), *e, *ec;

	CHECK(c != NULL, "a populated description is copied");
	if (!c)
		return tap_done();
	check_values(c, "before the original is freed");
	check_scalars(pd, c);
	libct_process_desc_free(pd);
	check_values(c, "after the original is freed");
	/* the copy owns what it points to: freeing it frees each once */
	libct_process_desc_free(c);

	if (libct_process_desc_new(&e, NULL) < 0)
		abort();
	ec = lct_process_desc_copy(e);
	CHECK(ec && !ec->argv && !ec->seccomp && !ec->fds && !ec->affinity[0] &&
		      ec->console_socket == -1 && ec->ioprio == -1,
	      "an empty description copies as empty");
	libct_process_desc_free(e);
	libct_process_desc_free(ec);

	/* sub-cgroups: below the container's cgroup, each hierarchy named once */
	if (libct_process_desc_new(&e, NULL) < 0)
		abort();
	{
		static const struct {
			const char *ctl, *path, *msg;
		} bad[] = {
			{ NULL, NULL, "sub-cgroup: no path" },
			{ NULL, "a/../b", "sub-cgroup 'a/../b': '.' and '..' are not allowed" },
			{ "cpu", "..", "sub-cgroup '..': '.' and '..' are not allowed" },
			{ NULL, "./a", "sub-cgroup './a': '.' and '..' are not allowed" },
			{ "cpu,", "a", "sub-cgroup 'a': controllers 'cpu,' are not a list" },
			{ "cpu:x", "a", "sub-cgroup 'a': controllers 'cpu:x' are not a list" },
		};
		struct libct_error err = { 0 };

		for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
			int r = libct_process_desc_add_sub_cgroup(e, bad[i].ctl, bad[i].path, &err);

			CHECK(r == -EINVAL, "sub-cgroup '%s' of '%s' refused",
			      bad[i].path ? bad[i].path : "(NULL)",
			      bad[i].ctl ? bad[i].ctl : "every hierarchy");
			CHECK_STR(err.message, bad[i].msg, "its message");
		}
		CHECK(e->sub_cgroups == NULL, "nothing kept of the refused");
		CHECK(libct_process_desc_add_sub_cgroup(e, "cpu,cpuacct", "/x/y", &err) == 0 &&
			      libct_process_desc_add_sub_cgroup(e, "name=systemd", "z", &err) == 0,
		      "two with controllers");
		CHECK(libct_process_desc_add_sub_cgroup(e, "memory,cpuacct", "q", &err) == -EINVAL,
		      "a controller named twice is refused");
		CHECK_STR(err.message,
			  "sub-cgroup 'q': a controller of 'memory,cpuacct' has one already",
			  "its message");
		CHECK(libct_process_desc_add_sub_cgroup(e, NULL, "q", &err) == -EINVAL,
		      "one for every hierarchy beside others is refused");
		CHECK_STR(err.message, "sub-cgroup 'q': one for every hierarchy is given alone",
			  "its message");
		CHECK(strv_eq(e->sub_cgroups,
			      (const char *const[]){ "cpu,cpuacct:x/y", "name=systemd:z", NULL }),
		      "kept as CONTROLLERS:PATH, the path relative");
	}
	libct_process_desc_free(e);
	/* "/" (or "//", or "") is the container's own cgroup (runc's reading) */
	for (int i = 0; i < 3; i++) {
		static const char *const own[] = { "/", "//", "" };
		struct libct_error err = { 0 };

		if (libct_process_desc_new(&e, NULL) < 0)
			abort();
		CHECK(libct_process_desc_add_sub_cgroup(e, NULL, own[i], &err) == 0 &&
			      strv_eq(e->sub_cgroups, (const char *const[]){ ":", NULL }),
		      "sub-cgroup '%s': the container's own, kept as ':'", own[i]);
		libct_process_desc_free(e);
	}
	if (libct_process_desc_new(&e, NULL) < 0)
		abort();
	CHECK(libct_process_desc_add_sub_cgroup(e, "memory", "/", NULL) == 0 &&
		      libct_process_desc_add_sub_cgroup(e, "pids", "a", NULL) == 0 &&
		      strv_eq(e->sub_cgroups, (const char *const[]){ "memory:", "pids:a", NULL }),
	      "memory:/ beside pids:a");
	libct_process_desc_free(e);
	return tap_done();
}

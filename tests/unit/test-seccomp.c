/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/security: seccomp names and filters (built, exported and loaded for real in a
 * child), capability names, and credentials/capabilities applied in a child (root). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/internal.h"
#include "security/security.h"
#include "util/util.h"
#include "tap.h"

#define SKIP(why, name) printf("ok %d - %s # skip %s\n", ++tap_n, name, why)

#define BIT(c) (1ULL << (c))

static char logged[4096];

static void log_fn(void *userdata, enum libct_log_level lvl, const char *msg)
{
	size_t n = strlen(logged);

	snprintf(logged + n, sizeof(logged) - n, "%s\n", msg);
}

static struct libct_process_desc *new_pd(void)
{
	struct libct_process_desc *pd = NULL;

	if (libct_process_desc_new(&pd, NULL) < 0)
		abort();
	return pd;
}

static void test_names(void)
{
	static const char *acts[] = { "SCMP_ACT_KILL",	      "SCMP_ACT_KILL_PROCESS",
				      "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
				      "SCMP_ACT_ERRNO",	      "SCMP_ACT_TRACE",
				      "SCMP_ACT_ALLOW",	      "SCMP_ACT_LOG",
				      "SCMP_ACT_NOTIFY" };
	static const char *ops[] = { "SCMP_CMP_NE",	  "SCMP_CMP_LT", "SCMP_CMP_LE",
				     "SCMP_CMP_EQ",	  "SCMP_CMP_GE", "SCMP_CMP_GT",
				     "SCMP_CMP_MASKED_EQ" };
	enum libct_seccomp_action a;
	enum libct_seccomp_op op;
	bool all = true;
	int cap = -1;

	for (size_t i = 0; i < ARRAY_SIZE(acts); i++)
		all &= libct_seccomp_action_from_string(acts[i], &a) == 0 &&
		       a == (enum libct_seccomp_action)i;
	CHECK(all, "every SCMP_ACT_* name maps to its action");
	CHECK(libct_seccomp_action_from_string("SCMP_ACT_FOO", &a) == -EINVAL &&
		      libct_seccomp_action_from_string("scmp_act_allow", &a) == -EINVAL &&
		      libct_seccomp_action_from_string("", &a) == -EINVAL,
	      "unknown and lower-case action names are rejected");
	all = true;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		all &= libct_seccomp_op_from_string(ops[i], &op) == 0 &&
		       op == (enum libct_seccomp_op)(i + 1);
	CHECK(all, "every SCMP_CMP_* name maps to its operator");
	CHECK(libct_seccomp_op_from_string("SCMP_CMP_FOO", &op) == -EINVAL,
	      "SCMP_CMP_FOO is rejected");

	CHECK(libct_cap_from_string("CAP_SYS_ADMIN", &cap) == 0 && cap == CAP_SYS_ADMIN,
	      "CAP_SYS_ADMIN");
	cap = -1;
	CHECK(libct_cap_from_string("sys_admin", &cap) == 0 && cap == CAP_SYS_ADMIN,
	      "sys_admin (no prefix, lower case)");
	CHECK(libct_cap_from_string("cap_kill", &cap) == 0 && cap == CAP_KILL, "cap_kill");
	CHECK(libct_cap_from_string("CAP_NOPE", &cap) == -EINVAL, "CAP_NOPE is rejected");
	CHECK(libct_cap_from_string("12", &cap) == -EINVAL &&
		      libct_cap_from_string("", &cap) == -EINVAL,
	      "numbers and empty names are rejected");
}

static void test_config(void)
{
	struct libct_process_desc *pd = new_pd();
	struct libct_seccomp_arg args[7] = { { 0, LIBCT_SECCOMP_OP_EQ, 1, 0 } };
	struct libct_error err = { 0 };
	struct lct_seccomp *copy;
	int r;

	r = libct_process_desc_add_seccomp_rule(pd, "getpid", LIBCT_SECCOMP_ERRNO, -1, NULL, 0,
						&err);
	CHECK(r == 0 && pd->seccomp && pd->seccomp->default_action == LIBCT_SECCOMP_ALLOW,
	      "a rule before the default action makes a config with default ALLOW");
	CHECK(libct_process_desc_set_seccomp_default(pd, LIBCT_SECCOMP_ERRNO, -1, &err) == 0 &&
		      pd->seccomp->default_action == LIBCT_SECCOMP_ERRNO &&
		      pd->seccomp->n_rules == 1,
	      "set default keeps earlier rules");
	r = libct_process_desc_set_seccomp_default(pd, LIBCT_SECCOMP_NOTIFY, -1, &err);
	CHECK(r == -EINVAL, "default SCMP_ACT_NOTIFY is refused");
	CHECK_STR(err.message, "seccomp: SCMP_ACT_NOTIFY cannot be the default action",
		  "its message");
	r = libct_process_desc_add_seccomp_rule(pd, "mkdir", LIBCT_SECCOMP_NOTIFY, -1, NULL, 0,
						&err);
	CHECK(r == 0, "a SCMP_ACT_NOTIFY rule is taken");
	r = libct_process_desc_set_seccomp_listener(pd, "agent.sock", NULL, &err);
	CHECK(r == -EINVAL, "a relative listener path is refused");
	CHECK_STR(err.message, "seccomp: listener path 'agent.sock' must be an absolute path",
		  "its message");
	r = libct_process_desc_set_seccomp_listener(pd, "/run/agent.sock", "md", &err);
	CHECK(r == 0 && strcmp(pd->seccomp->listener_path, "/run/agent.sock") == 0 &&
		      strcmp(pd->seccomp->listener_metadata, "md") == 0,
	      "listener path and metadata recorded");
	r = libct_process_desc_add_seccomp_rule(pd, "x", LIBCT_SECCOMP_ERRNO, 5000, NULL, 0, &err);
	CHECK(r == -EINVAL, "errnoRet 5000 is refused");
	CHECK_STR(err.message, "seccomp: syscall 'x': invalid errnoRet 5000", "its message");
	args[0].index = 6;
	r = libct_process_desc_add_seccomp_rule(pd, "x", LIBCT_SECCOMP_ERRNO, -1, args, 1, &err);
	CHECK_STR(err.message, "seccomp: syscall 'x': argument index 6 (0-5)", "arg index 6");
	r = libct_process_desc_add_seccomp_rule(pd, "x", LIBCT_SECCOMP_ERRNO, -1, args, 7, &err);
	CHECK(r == -E2BIG, "7 argument conditions are refused");

	r = libct_process_desc_add_seccomp_arch(pd, "SCMP_ARCH_FOO", &err);
	CHECK(r == -EINVAL, "SCMP_ARCH_FOO is refused");
	CHECK_STR(err.message, "seccomp: unknown architecture 'SCMP_ARCH_FOO'", "its message");
	CHECK(libct_process_desc_add_seccomp_arch(pd, "SCMP_ARCH_X86_64", &err) == 0 &&
		      libct_process_desc_add_seccomp_arch(pd, "x86", &err) == 0 &&
		      libct_process_desc_add_seccomp_arch(pd, "SCMP_ARCH_X86", &err) == 0 &&
		      libct_process_desc_add_seccomp_arch(pd, "SCMP_ARCH_AARCH64", &err) == 0 &&
		      libct_process_desc_add_seccomp_arch(pd, "SCMP_ARCH_LOONGARCH64", &err) == 0,
	      "X86_64, x86, X86 (again), AARCH64, LOONGARCH64 are accepted");
	CHECK(lct_strv_len(pd->seccomp->archs) == 4 &&
		      strcmp(pd->seccomp->archs[0], "x86_64") == 0 &&
		      strcmp(pd->seccomp->archs[1], "x86") == 0,
	      "archs are stored as libseccomp tokens, once each");

	r = libct_process_desc_add_seccomp_flag(pd, "SECCOMP_FILTER_FLAG_FOO", &err);
	CHECK(r == -EINVAL, "SECCOMP_FILTER_FLAG_FOO is refused");
	CHECK_STR(err.message, "seccomp: unknown flag 'SECCOMP_FILTER_FLAG_FOO'", "its message");
	CHECK(libct_process_desc_add_seccomp_flag(pd, "SECCOMP_FILTER_FLAG_TSYNC", &err) == 0 &&
		      libct_process_desc_add_seccomp_flag(pd, "SECCOMP_FILTER_FLAG_LOG", &err) ==
			      0 &&
		      libct_process_desc_add_seccomp_flag(pd, "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
							  &err) == 0 &&
		      libct_process_desc_add_seccomp_flag(pd,
							  "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
							  &err) == 0,
	      "the four spec flags are accepted");
	CHECK(pd->seccomp->flags == 0x27, "flags are SECCOMP_FILTER_FLAG_* bits (0x%x)",
	      pd->seccomp->flags);

	copy = lct_seccomp_config_copy(pd->seccomp);
	CHECK(copy && copy != pd->seccomp && copy->n_rules == 2 && copy->listener_path &&
		      copy->listener_path != pd->seccomp->listener_path &&
		      strcmp(copy->listener_path, "/run/agent.sock") == 0 &&
		      copy->rules[0].syscall != pd->seccomp->rules[0].syscall &&
		      strcmp(copy->rules[0].syscall, "getpid") == 0 &&
		      lct_strv_len(copy->archs) == 4 && copy->flags == 0x27,
	      "deep copy of the config");
	lct_seccomp_config_free(copy);
	lct_seccomp_config_free(NULL);

	CHECK(libct_process_desc_set_apparmor_profile(pd, "ct-default", &err) == 0 &&
		      strcmp(pd->apparmor_profile, "ct-default") == 0 &&
		      libct_process_desc_set_apparmor_profile(pd, "", &err) == 0 &&
		      !pd->apparmor_profile,
	      "apparmor profile set and cleared");
	CHECK(libct_process_desc_set_selinux_label(pd, "system_u:system_r:container_t:s0", &err) ==
			      0 &&
		      pd->selinux_label,
	      "selinux label set");
	libct_process_desc_free(pd);
}

static int rule(struct libct_process_desc *pd, const char *name, enum libct_seccomp_action a, int e,
		const struct libct_seccomp_arg *args, size_t n)
{
	struct libct_error err = { 0 };
	int r = libct_process_desc_add_seccomp_rule(pd, name, a, e, args, n, &err);

	if (r < 0)
		printf("# %s\n", err.message);
	return r;
}

/* A filter that makes mkdir/mkdirat fail with EXDEV, personality(0xffffffff) or
 * personality(8) (one index twice: ORed) fail with EXDEV, and socket(AF_INET,
 * SOCK_DGRAM) (two indexes: ANDed) fail with EXDEV. */
static struct libct_process_desc *exdev_pd(void)
{
	struct libct_process_desc *pd = new_pd();
	struct libct_seccomp_arg pers[] = { { 0, LIBCT_SECCOMP_OP_EQ, 0xffffffff, 0 },
					    { 0, LIBCT_SECCOMP_OP_EQ, 8, 0 } };
	struct libct_seccomp_arg sock[] = { { 0, LIBCT_SECCOMP_OP_EQ, AF_INET, 0 },
					    { 1, LIBCT_SECCOMP_OP_MASKED_EQ, 0xf, SOCK_DGRAM } };
	int r = 0;

	r |= libct_process_desc_set_seccomp_default(pd, LIBCT_SECCOMP_ALLOW, -1, NULL);
	r |= rule(pd, "mkdirat", LIBCT_SECCOMP_ERRNO, EXDEV, NULL, 0);
	r |= rule(pd, "mkdir", LIBCT_SECCOMP_ERRNO, EXDEV, NULL, 0);
	r |= rule(pd, "no_such_syscall_xyz", LIBCT_SECCOMP_ERRNO, EXDEV, NULL, 0);
	r |= rule(pd, "getpid", LIBCT_SECCOMP_ALLOW, -1, NULL, 0);
	r |= rule(pd, "personality", LIBCT_SECCOMP_ERRNO, EXDEV, pers, 2);
	r |= rule(pd, "socket", LIBCT_SECCOMP_ERRNO, EXDEV, sock, 2);
	r |= rule(pd, "acct", LIBCT_SECCOMP_KILL_PROCESS, -1, NULL, 0);
	r |= rule(pd, "ptrace", LIBCT_SECCOMP_TRACE, -1, NULL, 0);
	if (r)
		abort();
	return pd;
}

static char *export_pfc(void *ctx)
{
	int fd = memfd_create("pfc", MFD_CLOEXEC);
	char *text = NULL, path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (fd >= 0 && seccomp_export_pfc(ctx, fd) == 0)
		lct_read_file_at(AT_FDCWD, path, &text, NULL, NULL);
	if (fd >= 0)
		close(fd);
	return text;
}

static void test_filter(void)
{
	struct libct_session s = { .log_level = LIBCT_LOG_DEBUG, .log_fn = log_fn };
	struct libct_process_desc *pd = exdev_pd();
	struct libct_error err = { 0 };
	void *ctx = NULL;
	char *pfc, *first;
	int r;

	libct_process_desc_add_seccomp_arch(pd, "SCMP_ARCH_X86", NULL);
	libct_process_desc_add_seccomp_arch(pd, "SCMP_ARCH_LOONGARCH64", NULL);
	r = lct_seccomp_prepare(&s, pd->seccomp, &ctx, &err);
	CHECK(r == 0 && ctx, "filter built (%s)", err.message);
	CHECK_CONTAINS(logged, "seccomp: unknown syscall 'no_such_syscall_xyz', skipped",
		       "unknown syscall skipped with a debug message");
	pfc = ctx ? export_pfc(lct_seccomp_ctx(ctx)) : NULL;
	CHECK_CONTAINS(pfc, "syscall \"mkdirat\"", "pfc has mkdirat");
	CHECK_CONTAINS(pfc, "action ERRNO(18)", "pfc has ERRNO(EXDEV)");
	CHECK_CONTAINS(pfc, "action KILL_PROCESS", "pfc has KILL_PROCESS for acct");
	CHECK_CONTAINS(pfc, "action TRACE(1)", "pfc has TRACE(EPERM) for ptrace");
	CHECK_CONTAINS(pfc, "filter for arch x86 ", "pfc has the x86 arch");
	CHECK(pfc && !strstr(pfc, "getpid") && !strstr(pfc, "no_such"),
	      "no rule for getpid (the default action) or the unknown syscall");
	CHECK(pfc && strstr(pfc, "$a0 == 4294967295") && strstr(pfc, "$a0 == 8"),
	      "personality conditions present");
	if (pfc && !strstr(pfc, "$a0 == 8"))
		printf("%s", pfc);
	free(pfc);
	lct_seccomp_free(ctx);
	ctx = NULL;

	/* libseccomp keeps the first of two unconditional rules for one syscall (runc too) */
	r = rule(pd, "mkdirat", LIBCT_SECCOMP_KILL, -1, NULL, 0);
	r = lct_seccomp_prepare(&s, pd->seccomp, &ctx, &err);
	pfc = r == 0 ? export_pfc(lct_seccomp_ctx(ctx)) : NULL;
	first = pfc ? strstr(pfc, "syscall \"mkdirat\"") : NULL;
	first = first ? strstr(first, "action ") : NULL;
	CHECK(first && strncmp(first, "action ERRNO(18);", 17) == 0,
	      "a second action for mkdirat does not replace the first");
	free(pfc);
	lct_seccomp_free(ctx);
	ctx = NULL;
	libct_process_desc_free(pd);

	CHECK(lct_seccomp_prepare(&s, NULL, &ctx, &err) == 0 && !ctx, "no config, no filter");
}

/* In a child: load the exdev filter and check what it does. Exit code = first
 * failed step. */
static void test_load(void)
{
	struct libct_process_desc *pd = exdev_pd();
	struct libct_error err = { 0 };
	void *ctx = NULL;
	int status = -1;
	pid_t pid;

	if (lct_seccomp_prepare(NULL, pd->seccomp, &ctx, &err) < 0)
		abort();
	pid = fork();
	if (pid == 0) {
		int fd;

		/* unprivileged, the kernel wants no_new_privs before a filter */
		if (geteuid() != 0)
			prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
		if (lct_seccomp_load(ctx, &err) < 0) {
			printf("# %s\n", err.message);
			_exit(2);
		}
		if (mkdirat(AT_FDCWD, "/tmp/ct-seccomp-test-never", 0700) == 0 || errno != EXDEV)
			_exit(3);
		if (mkdir("/tmp/ct-seccomp-test-never", 0700) == 0 || errno != EXDEV)
			_exit(4);
		if (personality(0xffffffff) != -1 || errno != EXDEV)
			_exit(5);
		if (personality(8) != -1 || errno != EXDEV)
			_exit(6);
		if (personality(PER_LINUX) < 0)
			_exit(7);
		if (socket(AF_INET, SOCK_DGRAM, 0) >= 0 || errno != EXDEV)
			_exit(8);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 && errno == EXDEV)
			_exit(9);
		fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (fd < 0 && errno == EXDEV)
			_exit(10);
		if (getpid() <= 0)
			_exit(11);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "loaded filter: mkdir/mkdirat EXDEV, personality ORed, socket ANDed (status %#x)",
	      status);
	lct_seccomp_free(ctx);
	ctx = NULL;
	libct_process_desc_free(pd);
}

/* Run fn in a child; it writes a line of results to the pipe. */
static char *in_child(void (*fn)(struct libct_process_desc *, int), struct libct_process_desc *pd)
{
	static char buf[2048];
	int p[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(p) < 0)
		abort();
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		fn(pd, p[1]);
		_exit(0);
	}
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(p[0]);
	waitpid(pid, &status, 0);
	return buf;
}

static void status_line(char *out, size_t size, const char *key)
{
	char *text = NULL, *l;

	out[0] = '\0';
	if (lct_read_file_at(AT_FDCWD, "/proc/self/status", &text, NULL, NULL) < 0)
		return;
	l = strstr(text, key);
	if (l) {
		l += strlen(key);
		while (*l == '\t' || *l == ' ')
			l++;
		snprintf(out, size, "%.*s", (int)strcspn(l, "\n"), l);
		for (size_t n = strlen(out); n && out[n - 1] == ' '; n--)
			out[n - 1] = '\0';
	}
	free(text);
}

static void child_caps(struct libct_process_desc *pd, int fd)
{
	struct libct_error err = { 0 };
	static const char *keys[] = { "CapBnd:", "CapEff:", "CapPrm:", "CapInh:",
				      "CapAmb:", "Uid:",    "Gid:",    "Groups:" };
	char out[1024] = "", v[256];

	if (lct_caps_drop_bounding(pd, &err) < 0 || lct_caps_set_user(pd, &err) < 0) {
		dprintf(fd, "error: %s", err.message);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		status_line(v, sizeof(v), keys[i]);
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s %s", i ? " " : "",
			 keys[i], v);
	}
	dprintf(fd, "%s", out);
}

/* Become pd's user, then try to become uid 0 again. */
static void child_caps_twice(struct libct_process_desc *pd, int fd)
{
	struct libct_error err = { 0 };

	if (lct_caps_set_user(pd, &err) < 0) {
		dprintf(fd, "first: %s", err.message);
		return;
	}
	pd->uid = 0;
	lct_caps_set_user(pd, &err);
	dprintf(fd, "%s", err.message);
}

/* Load a filter without no_new_privs after giving up every capability. */
static void *g_ctx;
static void child_load_unpriv(struct libct_process_desc *pd, int fd)
{
	struct libct_error err = { 0 };

	if (lct_caps_set_user(pd, &err) < 0) {
		dprintf(fd, "set_user: %s", err.message);
		return;
	}
	lct_seccomp_load(g_ctx, &err);
	dprintf(fd, "%d %s", err.code, err.message);
}

/* In a new user namespace whose setgroups is denied. */
static void child_userns(struct libct_process_desc *pd, int fd)
{
	struct libct_error err = { 0 };

	if (unshare(CLONE_NEWUSER) < 0) {
		dprintf(fd, "skip");
		return;
	}
	if (lct_write_file("/proc/self/setgroups", "deny", &err) < 0 ||
	    lct_write_file("/proc/self/uid_map", "0 0 1", &err) < 0 ||
	    lct_write_file("/proc/self/gid_map", "0 0 1", &err) < 0) {
		dprintf(fd, "setup: %s", err.message);
		return;
	}
	pd->n_groups = 0;
	if (lct_caps_set_user(pd, &err) < 0) {
		dprintf(fd, "no groups: %s", err.message);
		return;
	}
	pd->n_groups = 1;
	lct_caps_set_user(pd, &err);
	dprintf(fd, "%s", err.message);
}

static void test_caps(void)
{
	struct libct_process_desc *pd;
	unsigned long long kill_bind = BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE);
	gid_t groups[] = { 1234, 5678 };
	char want[512];
	char *got;

	if (geteuid() != 0) {
		for (int i = 0; i < 6; i++)
			SKIP("not root", "capabilities and credentials in a child");
		return;
	}

	pd = new_pd();
	libct_process_desc_set_caps(pd, LIBCT_CAP_BOUNDING, kill_bind | BIT(CAP_CHOWN));
	libct_process_desc_set_caps(pd, LIBCT_CAP_EFFECTIVE, kill_bind);
	libct_process_desc_set_caps(pd, LIBCT_CAP_PERMITTED, kill_bind);
	libct_process_desc_set_caps(pd, LIBCT_CAP_INHERITABLE, BIT(CAP_KILL));
	/* NET_BIND_SERVICE is not inheritable: left out of the ambient set */
	libct_process_desc_set_caps(pd, LIBCT_CAP_AMBIENT, kill_bind);
	got = in_child(child_caps, pd);
	snprintf(want, sizeof(want),
		 "CapBnd: %016llx CapEff: %016llx CapPrm: %016llx CapInh: %016llx "
		 "CapAmb: %016llx Uid: 0\t0\t0\t0 Gid: 0\t0\t0\t0 Groups: ",
		 kill_bind | BIT(CAP_CHOWN), kill_bind, kill_bind, BIT(CAP_KILL), BIT(CAP_KILL));
	CHECK_STR(got, want, "uid 0: bounding, effective, permitted, inheritable, ambient");

	pd->uid = pd->gid = 1000;
	libct_process_desc_set_additional_gids(pd, groups, 2, NULL);
	got = in_child(child_caps, pd);
	snprintf(want, sizeof(want),
		 "CapBnd: %016llx CapEff: %016llx CapPrm: %016llx CapInh: %016llx "
		 "CapAmb: %016llx Uid: 1000\t1000\t1000\t1000 Gid: 1000\t1000\t1000\t1000 "
		 "Groups: 1234 5678",
		 kill_bind | BIT(CAP_CHOWN), kill_bind, kill_bind, BIT(CAP_KILL), BIT(CAP_KILL));
	CHECK_STR(got, want, "uid 1000 keeps its capabilities, gid and groups set");
	libct_process_desc_free(pd);

	/* no capabilities call at all: root keeps everything */
	pd = new_pd();
	got = in_child(child_caps, pd);
	CHECK(strstr(got, "CapAmb: 0000000000000000 Uid: 0") &&
		      !strstr(got, "CapEff: 0000000000000000"),
	      "no caps config: uid 0 keeps its capabilities (%s)", got);
	libct_process_desc_free(pd);

	/* CAP_SETGID kept, CAP_SETUID not: the uid change back to 0 fails */
	pd = new_pd();
	pd->uid = pd->gid = 1000;
	libct_process_desc_set_caps(pd, LIBCT_CAP_EFFECTIVE, BIT(CAP_SETGID));
	libct_process_desc_set_caps(pd, LIBCT_CAP_PERMITTED, BIT(CAP_SETGID));
	got = in_child(child_caps_twice, pd);
	CHECK_STR(got, "setresuid 0: Operation not permitted", "setresuid error message");
	libct_process_desc_free(pd);

	/* no capabilities and no no_new_privs: the kernel refuses a filter */
	pd = exdev_pd();
	pd->uid = pd->gid = 65534;
	libct_process_desc_set_caps(pd, LIBCT_CAP_BOUNDING, 0);
	if (lct_seccomp_prepare(NULL, pd->seccomp, &g_ctx, NULL) < 0)
		abort();
	got = in_child(child_load_unpriv, pd);
	CHECK_STR(got,
		  "-13 seccomp: load filter (the process has neither no_new_privs nor "
		  "CAP_SYS_ADMIN): Permission denied",
		  "seccomp load without privileges: message");
	lct_seccomp_free(g_ctx);
	libct_process_desc_free(pd);

	/* a user namespace with setgroups denied: no groups is fine, groups are an error */
	pd = new_pd();
	libct_process_desc_set_additional_gids(pd, groups, 1, NULL);
	got = in_child(child_userns, pd);
	if (strcmp(got, "skip") == 0)
		SKIP("no user namespaces here", "setgroups denied in a user namespace");
	else
		CHECK_STR(got,
			  "setgroups: 1 additional gids requested, but /proc/self/setgroups is "
			  "'deny' in this user namespace",
			  "setgroups denied in a user namespace: tolerated without groups");
	libct_process_desc_free(pd);
}

static void test_lsm(void)
{
	struct libct_error err = { 0 };
	int r;

	if (!lct_lsm_apparmor_enabled()) {
		r = lct_lsm_apparmor_exec(AT_FDCWD, "ct-test", &err);
		CHECK(r == -EOPNOTSUPP, "apparmor profile on a host without apparmor is refused");
		CHECK_STR(err.message,
			  "apparmor profile 'ct-test' requested but apparmor is not enabled "
			  "on this host",
			  "its message");
	} else {
		SKIP("apparmor is enabled here", "apparmor error");
		SKIP("apparmor is enabled here", "apparmor error");
	}
	if (!lct_lsm_selinux_enabled()) {
		r = lct_lsm_selinux_exec(AT_FDCWD, "system_u:system_r:container_t:s0", &err);
		CHECK(r == -EOPNOTSUPP, "selinux label on a host without selinux is refused");
		CHECK_STR(err.message,
			  "selinux label 'system_u:system_r:container_t:s0' requested but selinux "
			  "is not enabled on this host",
			  "its message");
	} else {
		SKIP("selinux is enabled here", "selinux error");
		SKIP("selinux is enabled here", "selinux error");
	}
}

int main(void)
{
	/* children print too: no buffered output may be copied into them */
	setvbuf(stdout, NULL, _IONBF, 0);
	test_names();
	test_config();
	test_filter();
	test_load();
	test_caps();
	test_lsm();
	return tap_done();
}

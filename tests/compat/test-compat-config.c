/* <libct/compat.h>, the configuration: namespaces, sysctls, uname, cgroup
 * controllers, the filesystem, user namespace maps, options, the console and
 * process descriptions, each checked from inside the container. */
#include <pty.h>
#include <sys/capability.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>

#include "compat-test.h"

/* A new container handle or a failed check. */
static ct_handler_t new_ct(const char *tag)
{
	ct_handler_t h = libct_container_create(ses, ct_name(tag));

	if (is_err(h))
		CHECK_H(h, "create %s", tag);
	return h;
}

/* pid+mount+uts namespaces, the rootfs and /proc: the usual container */
static ct_handler_t std_ct(const char *tag)
{
	ct_handler_t h = new_ct(tag);

	if (is_err(h))
		return NULL;
	libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	libct_fs_set_root(h, ROOTFS);
	libct_container_set_option(h, LIBCT_OPT_AUTO_PROC_MOUNT, NULL);
	return h;
}

/* spawn script in h, expect exit 0 and the output want (NULL: any) */
static char *run_check(ct_handler_t h, ct_process_desc_t pd, const char *script, const char *want,
		       const char *what)
{
	char *out = NULL;
	int st = -1, r = spawn_sh(h, pd, script, &out, &st);

	if (r) {
		CHECK(0, "%s (spawn failed: %d)", what, r);
		return out;
	}
	if (want) {
		CHECK(exited_with(st, 0) && out && strcmp(out, want) == 0, "%s", what);
		if (!(exited_with(st, 0) && out && strcmp(out, want) == 0))
			DIAG("status %#x, got '%s', want '%s'", st, out ? out : "(null)", want);
	}
	return out;
}

static char *host_ns(const char *type)
{
	static char buf[8][64];
	static int n;
	char p[64], *b = buf[n++ % 8];
	ssize_t l;

	snprintf(p, sizeof(p), "/proc/self/ns/%s", type);
	l = readlink(p, b, 63);
	b[l > 0 ? l : 0] = 0;
	return b;
}

static void test_nsmask(void)
{
	ct_handler_t h = std_ct("nsmask");
	char *out;

	if (!h)
		return;
	CHECK_0(libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS |
						      CLONE_NEWIPC | CLONE_NEWNET),
		"set_nsmask pid+mount+uts+ipc+net");
	out = run_check(h, NULL,
			"echo $$; for n in ipc net uts mnt; do readlink /proc/self/ns/$n; done",
			NULL, "");
	if (out) {
		char want[512];

		CHECK(strncmp(out, "1\n", 2) == 0, "init is pid 1 of a new pid namespace");
		snprintf(want, sizeof(want), "%s\n", host_ns("ipc"));
		CHECK(!strstr(out, want), "a new ipc namespace");
		snprintf(want, sizeof(want), "%s\n", host_ns("net"));
		CHECK(!strstr(out, want), "a new net namespace");
		snprintf(want, sizeof(want), "%s\n", host_ns("uts"));
		CHECK(!strstr(out, want), "a new uts namespace");
		snprintf(want, sizeof(want), "%s\n", host_ns("mnt"));
		CHECK(!strstr(out, want), "a new mount namespace");
	}
	free(out);
	free(run_check(h, NULL, "ip -o link | cut -d: -f2 | tr -d ' \\n'", "lo",
		       "the new net namespace has only lo"));
	libct_container_destroy(h);

	/* only uts: the rest is the host's */
	h = new_ct("nsmask-uts");
	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWUTS);
	out = run_check(h, NULL, "readlink /proc/self/ns/net /proc/self/ns/uts", NULL, "");
	if (out) {
		CHECK_CONTAINS(out, host_ns("net"),
			       "without CLONE_NEWNET the host's net namespace");
		CHECK(!strstr(out, host_ns("uts")), "with CLONE_NEWUTS a new uts namespace");
	}
	free(out);
	libct_container_destroy(h);
}

static void test_nspath(void)
{
	char nsname[64], path[128], want[128];
	ct_handler_t h;
	struct stat st;
	char *out;

	snprintf(nsname, sizeof(nsname), "cc%d-ns", (int)getpid());
	/* (a veth pair: this kernel may have no dummy driver) */
	if (shf("ip netns add %s && ip netns exec %s ip link add ccdum0 type veth peer name ccdum1",
		nsname, nsname)) {
		CHECK(0, "ip netns add %s", nsname);
		return;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", nsname);
	stat(path, &st);
	snprintf(want, sizeof(want), "net:[%lu]\n", (unsigned long)st.st_ino);
	h = std_ct("nspath");
	if (h) {
		libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
		CHECK_0(libct_container_set_nspath(h, CLONE_NEWNET, path), "set_nspath net %s",
			path);
		out = run_check(h, NULL,
				"readlink /proc/self/ns/net; ip -o link show ccdum0 | wc -l", NULL,
				"");
		if (out) {
			CHECK(strncmp(out, want, strlen(want)) == 0,
			      "the container is in the named netns");
			CHECK_CONTAINS(out, "\n1\n", "... and sees the device made in it");
		}
		free(out);
		libct_container_destroy(h);
	}
	CHECK(shf("ip netns exec %s ip link show ccdum0 >/dev/null 2>&1", nsname) == 0,
	      "the joined netns is left as it was after destroy");
	shf("ip netns del %s", nsname);

	h = new_ct("nspath-bad");
	if (!is_err(h)) {
		int r = libct_container_set_nspath(h, CLONE_NEWNET, "/nonexistent/ns");
		ct_process_t p = r ? NULL : spawn_sleep(h, NULL);

		CHECK(r < 0 || is_err(p), "a missing namespace path fails (set_nspath %d)", r);
		if (!is_err(p))
			stop_ct(h, p);
		libct_container_destroy(h);
	}
}

static void test_sysctl_uname(void)
{
	char *host_fwd = host_out("cat /proc/sys/net/ipv4/ip_forward");
	char *host_name = host_out("hostname");
	ct_handler_t h = std_ct("sysctl");

	if (!h)
		return;
	libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWNET |
					      CLONE_NEWIPC);
	CHECK_0(libct_container_set_sysctl(h, "net.ipv4.ip_forward", "1"),
		"set_sysctl net.ipv4.ip_forward");
	CHECK_0(libct_container_set_sysctl(h, "kernel.msgmax", "12345"),
		"set_sysctl kernel.msgmax");
	CHECK_0(libct_container_uname(h, "ct-compat-host", "ct-compat-domain"), "uname");
	free(run_check(h, NULL,
		       "cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/msgmax; hostname; "
		       "cat /proc/sys/kernel/domainname",
		       "1\n12345\nct-compat-host\nct-compat-domain\n",
		       "the sysctls, hostname and domainname inside"));
	{
		char *now = host_out("cat /proc/sys/net/ipv4/ip_forward");

		CHECK_STR(now, host_fwd, "the host's ip_forward is untouched");
		free(now);
		now = host_out("hostname");
		CHECK_STR(now, host_name, "the host's hostname is untouched");
		free(now);
	}
	libct_container_destroy(h);

	h = std_ct("uname-host");
	if (h) {
		CHECK_0(libct_container_uname(h, "only-host", NULL), "uname with no domain");
		free(run_check(h, NULL, "hostname", "only-host\n",
			       "uname sets the host name alone"));
		libct_container_destroy(h);
	}

	{
		/* uname needs CLONE_NEWUTS: without it the call or the spawn
		 * fails, and the caller's hostname stays (checked in a child in a
		 * uts namespace of its own, so the host's cannot change) */
		pid_t pid = fork();
		int st = -1;

		if (pid == 0) {
			char before[256] = "", after[256] = "";
			ct_handler_t c;
			ct_process_t p = NULL;
			int r;

			if (unshare(CLONE_NEWUTS) < 0)
				_exit(20);
			gethostname(before, sizeof(before));
			c = libct_container_create(ses, ct_name("uname-nouts"));
			if (is_err(c))
				_exit(21);
			libct_container_set_nsmask(c, CLONE_NEWNS);
			r = libct_container_uname(c, "should-not-be", NULL);
			if (r == 0) {
				p = spawn_sleep(c, NULL);
				if (!is_err(p))
					stop_ct(c, p);
			}
			gethostname(after, sizeof(after));
			libct_container_destroy(c);
			if (strcmp(before, after))
				_exit(22);
			_exit(r < 0 || is_err(p) ? 0 : 23);
		}
		waitpid(pid, &st, 0);
		CHECK(exited_with(st, 0),
		      "uname without CLONE_NEWUTS fails (uname or spawn) and leaves the caller's "
		      "hostname (exit %d: 22 hostname changed, 23 no error)",
		      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}

	h = std_ct("sysctl-bad");
	if (h) {
		ct_process_t p;
		int r = libct_container_set_sysctl(h, "no.such.sysctl", "1");

		p = r ? NULL : spawn_sleep(h, NULL);
		CHECK(r < 0 || is_err(p), "an unknown sysctl fails (set_sysctl or spawn)");
		if (!is_err(p))
			stop_ct(h, p);
		libct_container_destroy(h);
	}
	free(host_fwd);
	free(host_name);
}

/* The container's cgroup directory of a v1 controller, from init's /proc. */
static char *cgroup_dir(int pid, const char *ctl)
{
	return host_out("p=$(grep -E '^[0-9]+:([^:]*,)?%s(,[^:]*)?:' /proc/%d/cgroup | cut -d: "
			"-f3); "
			"echo /sys/fs/cgroup/%s$p",
			ctl, pid, ctl);
}

static void test_controllers(void)
{
	ct_handler_t h = std_ct("cgroups");
	char buf[256], *dir, *v;
	ct_process_t p;
	int r, pid;

	if (!h)
		return;
	CHECK_0(libct_controller_add(h, CTL_MEMORY), "controller_add memory");
	CHECK_0(libct_controller_add(h, CTL_CPU), "controller_add cpu");
	CHECK_0(libct_controller_configure(h, CTL_MEMORY, "memory.limit_in_bytes", "67108864"),
		"controller_configure memory.limit_in_bytes before the start");
	CHECK_0(libct_controller_configure(h, CTL_CPU, "cpu.shares", "512"),
		"controller_configure cpu.shares before the start");
	p = spawn_sleep(h, NULL);
	CHECK_H(p, "spawn with memory and cpu");
	if (is_err(p)) {
		libct_container_destroy(h);
		return;
	}
	pid = libct_process_get_pid(p);
	memset(buf, 'x', sizeof(buf));
	r = libct_controller_read(h, CTL_MEMORY, "memory.limit_in_bytes", buf, sizeof(buf));
	CHECK(r > 0 && strncmp(buf, "67108864", 8) == 0 && (size_t)r == strlen(buf),
	      "controller_read memory.limit_in_bytes: the length of '67108864' (%d, '%.20s')", r,
	      buf);
	dir = cgroup_dir(pid, "memory");
	snprintf(buf, sizeof(buf), "%s/memory.limit_in_bytes", dir);
	v = read_file(buf);
	CHECK(v && strcmp(v, "67108864\n") == 0, "init's memory cgroup %s has the limit", dir);
	free(v);
	free(dir);
	dir = cgroup_dir(pid, "cpu");
	snprintf(buf, sizeof(buf), "%s/cpu.shares", dir);
	v = read_file(buf);
	CHECK(v && strcmp(v, "512\n") == 0, "init's cpu cgroup %s has cpu.shares 512", dir);
	free(v);
	free(dir);

	CHECK_0(libct_controller_configure(h, CTL_MEMORY, "memory.limit_in_bytes", "33554432"),
		"controller_configure of a running container");
	r = libct_controller_read(h, CTL_MEMORY, "memory.limit_in_bytes", buf, sizeof(buf));
	CHECK(r > 0 && strncmp(buf, "33554432", 8) == 0, "... is written at once (%.20s)", buf);
	r = libct_controller_read(h, CTL_CPU, "cpu.shares", buf, sizeof(buf));
	CHECK(r > 0 && strncmp(buf, "512", 3) == 0, "controller_read cpu.shares (%.20s)", buf);

	r = libct_controller_configure(h, CTL_CPU, "cpu.cfs_quota_us", "5");
	CHECK(r < 0, "a value the kernel refuses (cpu.cfs_quota_us 5) is an error (%d)", r);
	CHECK_CONTAINS(libct_session_last_error(ses), "cpu.cfs_quota_us",
		       "... and the last error names the file");
	r = libct_controller_read(h, CTL_MEMORY, "memory.no_such_file", buf, sizeof(buf));
	CHECK(r < 0, "controller_read of a missing file is an error (%d)", r);
	r = libct_controller_read(h, CTL_MEMORY, "memory.limit_in_bytes", buf, 3);
	CHECK(r < 0 || (r <= 2 && strlen(buf) <= 2), "a read into a short buffer stays in it");

	stop_ct(h, p);
	libct_container_destroy(h);
}

static void test_fs(void)
{
	char src[256], ro[256], del[256], priv[256], privroot[256], path[512];
	ct_handler_t h;
	char *out;

	/* fs_set_root alone, without a mount namespace: chroot */
	h = new_ct("chroot");
	if (!is_err(h)) {
		libct_container_set_nsmask(h, CLONE_NEWUTS);
		CHECK_0(libct_fs_set_root(h, ROOTFS), "fs_set_root (no mount namespace)");
		free(run_check(h, NULL, "cat /etc/compat-marker", "rootfs-marker\n",
			       "the container's / is the rootfs (chroot)"));
		libct_container_destroy(h);
	}

	/* bind mounts */
	snprintf(src, sizeof(src), "%s/bind-src", T);
	snprintf(ro, sizeof(ro), "%s/bind-ro", T);
	snprintf(del, sizeof(del), "%s/bind-del", T);
	shf("mkdir -p %s %s %s %s/mnt/b %s/mnt/ro %s/mnt/del %s/mnt/t %s/mnt/act %s/mnt/flags "
	    "%s/mnt/tro; echo hello >%s/file; echo ro >%s/file; echo del >%s/file",
	    src, ro, del, ROOTFS, ROOTFS, ROOTFS, ROOTFS, ROOTFS, ROOTFS, ROOTFS, src, ro, del);
	h = std_ct("binds");
	if (h) {
		CHECK_0(libct_fs_add_bind_mount(h, src, "/mnt/b", 0), "fs_add_bind_mount rw");
		CHECK_0(libct_fs_add_bind_mount(h, ro, "/mnt/ro", CT_FS_RDONLY),
			"fs_add_bind_mount CT_FS_RDONLY");
		CHECK_0(libct_fs_add_bind_mount(h, del, "/mnt/del", 0),
			"fs_add_bind_mount to drop");
		CHECK_0(libct_fs_del_bind_mount(h, "/mnt/del"), "fs_del_bind_mount");
		CHECK(libct_fs_del_bind_mount(h, "/mnt/never") < 0,
		      "fs_del_bind_mount of an unknown destination is an error");
		CHECK_0(libct_fs_add_mount(h, "tmpfs", "/mnt/t", 0, "tmpfs", "size=1m"),
			"fs_add_mount tmpfs size=1m");
		CHECK_0(libct_fs_add_bind_mount(h, src, "/mnt/flags",
						CT_FS_NOEXEC | CT_FS_NOSUID | CT_FS_NODEV),
			"fs_add_bind_mount NOEXEC|NOSUID|NODEV");
		CHECK_0(libct_fs_add_mount(h, "tmpfs", "/mnt/tro", CT_FS_RDONLY, "tmpfs", NULL),
			"fs_add_mount tmpfs CT_FS_RDONLY");
		out = run_check(h, NULL,
				"cat /mnt/b/file; echo new >/mnt/b/new && echo wrote-rw; "
				"cat /mnt/ro/file; touch /mnt/ro/x 2>/dev/null && echo wrote-ro; "
				"cat /mnt/del/file 2>/dev/null || echo no-del; "
				"grep ' /mnt/t ' /proc/mounts; "
				"grep ' /mnt/flags ' /proc/mounts | cut -d' ' -f4; "
				"printf '#!/bin/sh\\necho ran\\n' >/mnt/b/x.sh; chmod +x "
				"/mnt/b/x.sh; "
				"/mnt/b/x.sh; /mnt/flags/x.sh 2>/dev/null || echo noexec-refused; "
				"touch /mnt/tro/x 2>/dev/null || echo tro-refused",
				NULL, "");
		if (out) {
			CHECK_CONTAINS(out, "hello\nwrote-rw\n",
				       "the rw bind shows the host dir, writable");
			snprintf(path, sizeof(path), "%s/new", src);
			CHECK(access(path, F_OK) == 0, "... and a write inside reaches the host");
			CHECK_CONTAINS(out, "ro\n", "the ro bind shows its content");
			CHECK(!strstr(out, "wrote-ro"), "a write into the CT_FS_RDONLY bind fails");
			snprintf(path, sizeof(path), "%s/x", ro);
			CHECK(access(path, F_OK) < 0, "... and nothing reaches the host");
			CHECK_CONTAINS(out, "no-del", "the deleted bind mount is not made");
			CHECK_CONTAINS(out, "tmpfs /mnt/t tmpfs", "the tmpfs is mounted on /mnt/t");
			CHECK_CONTAINS(out, "size=1024k", "... with size=1m");
			CHECK_CONTAINS(out, "nosuid,nodev,noexec",
				       "the NOEXEC|NOSUID|NODEV bind has those options");
			CHECK_CONTAINS(out, "ran\nnoexec-refused\n",
				       "a script runs from the plain bind, not from the noexec "
				       "one");
			CHECK_CONTAINS(out, "tro-refused", "the CT_FS_RDONLY tmpfs is read-only");
		}
		free(out);
		libct_container_destroy(h);
	}
	CHECK(!mounted_under(ROOTFS), "no mount is left on the rootfs after destroy");

	/* CT_FS_SUBDIR: a directory on an empty root for the container's life */
	snprintf(priv, sizeof(priv), "%s/private-tree", T);
	snprintf(privroot, sizeof(privroot), "%s/private-root", T);
	shf("cp -a %s %s && echo private-marker >%s/etc/compat-marker && mkdir -p %s", ROOTFS, priv,
	    priv, privroot);
	h = new_ct("private");
	if (!is_err(h)) {
		libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
		CHECK_0(libct_fs_set_root(h, privroot), "fs_set_root on an empty directory");
		CHECK_0(libct_fs_set_private(h, CT_FS_SUBDIR, priv), "fs_set_private CT_FS_SUBDIR");
		free(run_check(h, NULL, "cat /etc/compat-marker", "private-marker\n",
			       "the container runs in the private directory"));
		libct_container_destroy(h);
		CHECK(!mounted_under(privroot), "after destroy nothing is mounted on the root");
		snprintf(path, sizeof(path), "%s/etc", privroot);
		CHECK(access(path, F_OK) < 0, "... and the root directory is empty again");
	}
	h = new_ct("private-bad");
	if (!is_err(h)) {
		CHECK(libct_fs_set_private(h, 42, priv) < 0,
		      "fs_set_private of an unknown type fails");
		libct_container_destroy(h);
	}
}

static void test_mount_actions(void)
{
	char order[256], pre_s[512], post_s[512];
	char *pre_argv[] = { "sh", "-c", pre_s, NULL };
	char *post_argv[] = { "sh", "-c", post_s, NULL };
	char *pre_env[] = { "PHASE=pre", "PATH=/usr/bin:/bin", NULL };
	char *post_env[] = { "PHASE=post", "PATH=/usr/bin:/bin", NULL };
	struct libct_cmd pre = { .path = "/bin/sh", .argv = pre_argv, .envp = pre_env, .dir = T };
	struct libct_cmd post = { .path = "/bin/sh",
				  .argv = post_argv,
				  .envp = post_env,
				  .dir = T };
	ct_handler_t h = std_ct("actions");
	char *s;

	if (!h)
		return;
	snprintf(order, sizeof(order), "%s/order", T);
	/* each writes its phase and whether /mnt/act is a mount point yet,
	 * into "order" relative to its directory */
	const char *body = "echo \"$PHASE $(awk '$5 ~ /\\/mnt\\/act$/' /proc/self/mountinfo | wc "
			   "-l)\""
			   " >>order";
	snprintf(pre_s, sizeof(pre_s), "%s", body);
	snprintf(post_s, sizeof(post_s), "%s", body);
	CHECK_0(libct_fs_add_mount_with_actions(h, "tmpfs", "/mnt/act", 0, "tmpfs", "size=64k",
						&pre, &post),
		"fs_add_mount_with_actions");
	free(run_check(h, NULL, "grep -c ' /mnt/act tmpfs' /proc/mounts", "1\n",
		       "the mount with actions is made"));
	s = read_file(order);
	CHECK(s && strcmp(s, "pre 0\npost 1\n") == 0,
	      "pre ran before the mount and post after it, in their dir with their env");
	if (!s || strcmp(s, "pre 0\npost 1\n"))
		DIAG("order file: '%s'", s ? s : "(none)");
	free(s);
	libct_container_destroy(h);

	h = std_ct("actions-fail");
	if (h) {
		char *fail_argv[] = { "false", NULL };
		struct libct_cmd bad = { .path = "/bin/false", .argv = fail_argv };
		ct_process_t p;

		libct_fs_add_mount_with_actions(h, "tmpfs", "/mnt/act", 0, "tmpfs", NULL, &bad,
						NULL);
		p = spawn_sleep(h, NULL);
		CHECK(is_err(p), "a failing pre command fails the spawn");
		if (!is_err(p))
			stop_ct(h, p);
		libct_container_destroy(h);
	}
}

static void test_devnode(void)
{
	ct_handler_t h = std_ct("devnode");

	if (!h)
		return;
	CHECK_0(libct_fs_add_devnode(h, "/dev/null2", S_IFCHR | 0666, 1, 3), "fs_add_devnode");
	CHECK_0(libct_fs_add_devnode(h, "/dev/loopx", S_IFBLK | 0600, 7, 200),
		"fs_add_devnode blk");
	free(run_check(h, NULL,
		       "stat -c '%F %t:%T %a' /dev/null2 /dev/loopx; echo x >/dev/null2 && echo "
		       "written",
		       "character special file 1:3 666\nblock special file 7:c8 600\nwritten\n",
		       "the device nodes exist with their type, numbers and mode, and work"));
	libct_container_destroy(h);
}

static void test_userns(void)
{
	ct_handler_t h = new_ct("userns");

	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	libct_fs_set_root(h, ROOTFS);
	libct_container_set_option(h, LIBCT_OPT_AUTO_PROC_MOUNT, NULL);
	CHECK_0(libct_userns_add_uid_map(h, 0, 100000, 65536), "userns_add_uid_map");
	CHECK_0(libct_userns_add_gid_map(h, 0, 200000, 65536), "userns_add_gid_map");
	free(run_check(h, NULL,
		       "id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map | tr -s ' ' ' '",
		       "0\n0\n 0 100000 65536\n 0 200000 65536\n",
		       "root inside, with the maps in uid_map and gid_map"));
	libct_container_destroy(h);

	h = new_ct("userns-sleep");
	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	libct_fs_set_root(h, ROOTFS);
	libct_userns_add_uid_map(h, 0, 100000, 65536);
	libct_userns_add_gid_map(h, 0, 200000, 65536);
	{
		char *pid = NULL;
		ct_process_t p = spawn_sleep(h, NULL);

		if (!is_err(p)) {
			pid = host_out("stat -c '%%u %%g' /proc/%d", libct_process_get_pid(p));
			CHECK_STR(pid, "100000 200000",
				  "init is uid 100000 / gid 200000 on the host");
			free(pid);
			stop_ct(h, p);
		} else {
			CHECK(0, "spawn of a sleep in the user namespace");
		}
	}
	libct_container_destroy(h);
}

static void test_opt_proc_cgroup(void)
{
	ct_handler_t h = new_ct("noproc");
	char *out;

	if (!is_err(h)) {
		libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
		libct_fs_set_root(h, ROOTFS);
		free(run_check(h, NULL, "ls /proc | wc -l", "0\n",
			       "without AUTO_PROC_MOUNT /proc is the rootfs's empty dir"));
		libct_container_destroy(h);
	}
	h = std_ct("proc");
	if (h) {
		free(run_check(h, NULL, "cat /proc/1/comm; grep -c '^proc /proc proc' /proc/mounts",
			       "sh\n1\n",
			       "AUTO_PROC_MOUNT: proc of the container's pid ns on /proc"));
		libct_container_destroy(h);
	}

	h = std_ct("cgsub");
	if (!h)
		return;
	libct_controller_add(h, CTL_MEMORY);
	CHECK_0(libct_container_set_option(h, LIBCT_OPT_CGROUP_SUBMOUNT, NULL),
		"set_option CGROUP_SUBMOUNT");
	out = run_check(h, NULL,
			"grep -c ' /sys/fs/cgroup' /proc/mounts; "
			"p=$(grep -E '^[0-9]+:memory:' /proc/self/cgroup | cut -d: -f3); "
			"d=/sys/fs/cgroup/memory$p; [ -d $d ] || d=/sys/fs/cgroup/memory; "
			"mkdir $d/sub && echo made && echo $$ >$d/sub/cgroup.procs && "
			"grep -E '^[0-9]+:memory:' /proc/self/cgroup | grep -q '/sub$' && echo "
			"moved; echo $$ >$d/cgroup.procs; rmdir $d/sub",
			NULL, "");
	if (out) {
		CHECK(atoi(out) >= 1, "the cgroups are mounted under /sys/fs/cgroup inside");
		CHECK_CONTAINS(out, "made\nmoved\n",
			       "the container makes a sub-group of its memory cgroup and moves "
			       "into it");
	}
	free(out);
	libct_container_destroy(h);
}

static void test_opt_killable(void)
{
	for (int killable = 0; killable <= 1; killable++) {
		ct_handler_t h = new_ct(killable ? "killable" : "notkillable");
		char path[256], *s;
		char *argv[] = { "sh", "-c",
				 "sleep 1000 </dev/null >/dev/null 2>&1 & echo $! >/tmp/child; "
				 "exec sleep 1000",
				 NULL };
		ct_process_t p;
		int child = 0, init;

		if (is_err(h))
			return;
		libct_container_set_nsmask(h, CLONE_NEWNS | CLONE_NEWUTS);
		libct_fs_set_root(h, ROOTFS);
		if (killable)
			CHECK_0(libct_container_set_option(h, LIBCT_OPT_KILLABLE, NULL),
				"set_option KILLABLE");
		snprintf(path, sizeof(path), "%s/tmp/child", ROOTFS);
		unlink(path);
		p = libct_container_spawn_execv(h, NULL, "/bin/sh", argv);
		CHECK_H(p, "spawn a container without a pid ns whose init has a child");
		if (is_err(p)) {
			libct_container_destroy(h);
			continue;
		}
		init = libct_process_get_pid(p);
		for (int i = 0; i < 50 && !child; i++) {
			s = read_file(path);
			if (s)
				child = atoi(s);
			free(s);
			if (!child)
				usleep(50000);
		}
		CHECK(child > 0, "the child's pid %d", child);
		CHECK_0(stop_ct(h, p), "container_kill");
		CHECK(pid_gone(init), "init is gone");
		if (killable)
			CHECK(child > 0 && pid_gone(child),
			      "with KILLABLE kill ends the child too");
		else
			CHECK(child > 0 && kill(child, 0) == 0 && !pid_gone(child),
			      "without KILLABLE (and no pid ns) the child lives on");
		libct_container_destroy(h);
		if (!killable)
			CHECK(child > 0 && pid_gone(child),
			      "destroy stops what runs: the child is gone after it");
		if (child > 0 && !pid_gone(child))
			kill(child, SIGKILL);
	}
}

static void test_opt_nosetsid_systemd(void)
{
	for (int nosid = 0; nosid <= 1; nosid++) {
		ct_handler_t h = new_ct(nosid ? "nosetsid" : "setsid");
		char *out, want[64];

		if (is_err(h))
			return;
		libct_container_set_nsmask(h, CLONE_NEWUTS);
		if (nosid)
			CHECK_0(libct_container_set_option(h, LIBCT_OPT_NOSETSID, NULL),
				"set_option NOSETSID");
		out = run_check(h, NULL, "echo $$ $(cut -d' ' -f6 /proc/$$/stat)", NULL, "");
		if (out) {
			int pid = 0, sid = 0;

			sscanf(out, "%d %d", &pid, &sid);
			if (nosid)
				CHECK(sid == getsid(0) && sid != pid,
				      "NOSETSID: init stays in the caller's session (%d, ours %d)",
				      sid, (int)getsid(0));
			else
				CHECK(sid == pid,
				      "by default init is a session leader (sid %d, pid %d)", sid,
				      pid);
		}
		(void)want;
		free(out);
		libct_container_destroy(h);
	}

	{
		char *name = ct_name("systemd"), want[128], *cg;
		ct_handler_t h = new_ct("systemd");
		ct_process_t p;

		if (is_err(h))
			return;
		libct_container_set_nsmask(h, CLONE_NEWUTS);
		libct_controller_add(h, CTL_MEMORY);
		CHECK_0(libct_container_set_option(h, LIBCT_OPT_SYSTEMD, NULL),
			"set_option SYSTEMD");
		p = spawn_sleep(h, NULL);
		CHECK_H(p, "spawn with SYSTEMD");
		if (!is_err(p)) {
			snprintf(want, sizeof(want), "system.slice/libct-%s.scope", name);
			cg = host_out("cat /proc/%d/cgroup", libct_process_get_pid(p));
			CHECK_CONTAINS(cg, want, "init's cgroup is system.slice/libct-NAME.scope");
			free(cg);
			stop_ct(h, p);
		}
		libct_container_destroy(h);
		snprintf(want, sizeof(want), "/sys/fs/cgroup/memory/system.slice/libct-%s.scope",
			 name);
		CHECK(access(want, F_OK) < 0, "destroy removed the scope's cgroup");
	}
}

static void test_opt_taskless(void)
{
	ct_handler_t h = new_ct("taskless");
	char *out;
	ct_process_t p;
	pid_t pid;
	int st = -1;

	if (is_err(h))
		return;
	libct_container_set_nsmask(h, CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWIPC);
	libct_container_uname(h, "taskless-host", NULL);
	libct_fs_set_root(h, ROOTFS);
	CHECK_0(libct_container_set_option(h, LIBCT_OPT_TASKLESS, NULL), "set_option TASKLESS");
	p = libct_container_spawn_cb(h, NULL, NULL, NULL);
	CHECK_H(p, "spawn_cb with a NULL function (taskless)");
	if (is_err(p)) {
		libct_container_destroy(h);
		return;
	}
	CHECK(libct_container_state(h) == CT_RUNNING, "a taskless container is CT_RUNNING");
	pid = fork();
	if (pid == 0) {
		char host[256] = "";

		if (libct_container_switch(h) < 0)
			_exit(10);
		gethostname(host, sizeof(host));
		if (strcmp(host, "taskless-host"))
			_exit(11);
		if (access("/etc/compat-marker", F_OK) < 0)
			_exit(12);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK(exited_with(st, 0),
	      "switch in a forked child sees the container's root and hostname (exit %d: 10 "
	      "switch, 11 hostname, 12 root)",
	      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	CHECK_0(enter_sh(h, NULL, "hostname; cat /etc/compat-marker; ip -o link | wc -l", &out,
			 &st),
		"enter_execv into the taskless container");
	CHECK_STR(out, "taskless-host\nrootfs-marker\n1\n",
		  "the entered process has the hostname, root and the new netns (lo only)");
	free(out);
	CHECK_0(libct_container_kill(h), "kill drops the namespaces");
	CHECK(libct_container_state(h) == CT_STOPPED, "and the container is stopped");
	libct_container_destroy(h);

	h = new_ct("taskless-pid");
	if (!is_err(h)) {
		int r;

		libct_container_set_nsmask(h, CLONE_NEWPID | CLONE_NEWUTS);
		r = libct_container_set_option(h, LIBCT_OPT_TASKLESS, NULL);
		p = r ? NULL : libct_container_spawn_cb(h, NULL, NULL, NULL);
		CHECK(r < 0 || is_err(p), "TASKLESS with a pid namespace is refused");
		libct_container_destroy(h);
	}
	h = new_ct("badopt");
	if (!is_err(h)) {
		CHECK(libct_container_set_option(h, 999, NULL) < 0,
		      "an unknown option is an error");
		libct_container_destroy(h);
	}
}

static void test_console(void)
{
	ct_handler_t h = new_ct("console");
	int master, slave, fds[3] = { LIBCT_CONSOLE_FD, LIBCT_CONSOLE_FD, LIBCT_CONSOLE_FD };
	char *argv[] = { "sh", "-c",
			 "tty; [ -t 0 ] && echo in-tty; [ -t 1 ] && echo out-tty; read l; "
			 "echo \"got $l\"; echo done",
			 NULL };
	ct_process_desc_t pd;
	ct_process_t p;
	char buf[4096] = "", name[64];
	size_t len = 0;

	if (is_err(h))
		return;
	if (openpty(&master, &slave, name, NULL, NULL) < 0) {
		CHECK(0, "openpty: %s", strerror(errno));
		return;
	}
	libct_container_set_nsmask(h, CLONE_NEWUTS);
	CHECK(libct_container_set_console_fd(h, 1000) < 0, "set_console_fd of a closed fd fails");
	CHECK_0(libct_container_set_console_fd(h, slave), "set_console_fd of a pty");
	pd = libct_process_desc_create(ses);
	CHECK_0(libct_process_desc_set_fds(pd, fds, 3), "set_fds with LIBCT_CONSOLE_FD");
	/* typed before the start: waits in the terminal for the read */
	if (write(master, "hello\n", 6) != 6)
		DIAG("write to the pty: %s", strerror(errno));
	p = libct_container_spawn_execv(h, pd, "/bin/sh", argv);
	CHECK_H(p, "spawn on the console");
	if (!is_err(p)) {
		int st = -1;

		libct_process_wait(p, &st);
		libct_container_wait(h);
		fcntl(master, F_SETFL, O_NONBLOCK);
		for (ssize_t n; len < sizeof(buf) - 1 &&
				(n = read(master, buf + len, sizeof(buf) - 1 - len)) > 0;)
			len += (size_t)n;
		buf[len] = 0;
		CHECK_CONTAINS(buf, name, "fd 0 is the pty (tty prints %s)", name);
		CHECK_CONTAINS(buf, "in-tty\r\nout-tty\r\n", "stdin and stdout are a terminal");
		CHECK_CONTAINS(buf, "got hello\r\ndone",
			       "input typed on the pty reaches the process");
	}
	libct_process_desc_destroy(pd);
	libct_container_destroy(h);
	close(master);
	close(slave);
}

static int cb_caps(void *arg)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256], *page = arg;

	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "Cap", 3) == 0)
			strncat(page, line, 4000 - strlen(page));
	if (f)
		fclose(f);
	return 0;
}

/* The Cap* lines of /proc/self/status in a callback spawned with pd. */
static char *cb_status(ct_handler_t h, ct_process_desc_t pd)
{
	char *page = shared_page(), *s;
	ct_process_t p = libct_container_spawn_cb(h, pd, cb_caps, page);

	if (is_err(p)) {
		DIAG("spawn_cb: %s", libct_session_last_error(ses));
		munmap(page, 4096);
		return NULL;
	}
	libct_container_wait(h);
	s = strdup(page);
	munmap(page, 4096);
	return s;
}

static void test_process_desc(void)
{
	ct_handler_t h = std_ct("desc");
	ct_process_desc_t pd, cp;
	unsigned int groups[] = { 11, 22 };
	char *out;
	int st;

	if (!h)
		return;
	/* setuid/setgid */
	pd = libct_process_desc_create(ses);
	CHECK_H(pd, "process_desc_create");
	CHECK_0(libct_process_desc_setuid(pd, 1000), "process_desc_setuid");
	CHECK_0(libct_process_desc_setgid(pd, 1001), "process_desc_setgid");
	CHECK_0(libct_process_desc_set_groups(pd, 2, groups), "process_desc_set_groups");
	free(run_check(h, pd, "id -u; id -g; id -G", "1000\n1001\n1001 11 22\n",
		       "uid 1000, gid 1001 and the groups 11 22 inside"));
	/* copy: independent of the original */
	cp = libct_process_desc_copy(pd);
	CHECK_H(cp, "process_desc_copy");
	libct_process_desc_setuid(cp, 2000);
	libct_process_desc_destroy(pd);
	free(run_check(h, cp, "id -u; id -g", "2000\n1001\n",
		       "the copy keeps the gid and takes its own uid after the original is gone"));
	libct_process_desc_destroy(cp);

	/* set_user by name from the container's /etc/passwd */
	pd = libct_process_desc_create(ses);
	CHECK_0(libct_process_desc_set_user(pd, "ctuser"), "process_desc_set_user ctuser");
	free(run_check(h, pd, "id -u; id -g; id -G", "1234\n2345\n2345 3456\n",
		       "ctuser's uid, gid and groups from the container's passwd and group"));
	libct_process_desc_destroy(pd);
	pd = libct_process_desc_create(ses);
	{
		int r = libct_process_desc_set_user(pd, "no-such-user");

		if (r == 0) {
			r = spawn_sh(h, pd, "true", &out, &st);
			free(out);
		}
		CHECK(r < 0, "an unknown user is an error (set_user or spawn): %d", r);
	}
	libct_process_desc_destroy(pd);

	/* rlimits */
	pd = libct_process_desc_create(ses);
	CHECK_0(libct_process_desc_set_rlimit(pd, RLIMIT_NOFILE, 123, 456), "set_rlimit NOFILE");
	CHECK_0(libct_process_desc_set_rlimit(pd, RLIMIT_NPROC, 1000, 2000), "set_rlimit NPROC");
	free(run_check(h, pd, "ulimit -Sn; ulimit -Hn; ulimit -Su", "123\n456\n1000\n",
		       "the rlimits inside"));
	libct_process_desc_destroy(pd);

	/* capabilities */
	pd = libct_process_desc_create(ses);
	{
		unsigned long m = (1UL << CAP_CHOWN) | (1UL << CAP_KILL) | (1UL << CAP_NET_ADMIN);
		char want[256];

		CHECK_0(libct_process_desc_set_caps(pd, m, CAPS_ALL), "set_caps CAPS_ALL");
		snprintf(want, sizeof(want),
			 "CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\n"
			 "CapBnd:\t%016lx\n",
			 m, m, m, m);
		free(run_check(h, pd, "grep -E '^Cap(Inh|Prm|Eff|Bnd)' /proc/self/status", want,
			       "CapInh/Prm/Eff/Bnd are the mask"));
		libct_process_desc_destroy(pd);

		pd = libct_process_desc_create(ses);
		CHECK_0(libct_process_desc_set_caps(pd, m, CAPS_BSET), "set_caps CAPS_BSET");
		snprintf(want, sizeof(want), "CapBnd:\t%016lx\n", m);
		free(run_check(h, pd, "grep -E '^CapBnd' /proc/self/status", want,
			       "CAPS_BSET: the bounding set is the mask"));
		libct_process_desc_destroy(pd);

		/* CAPS_ALLCAPS alone: the process's own sets, seen by a callback
		 * (an exec as root would take the bounding set again) */
		pd = libct_process_desc_create(ses);
		m = (1UL << CAP_SYS_ADMIN) | (1UL << CAP_SETUID);
		CHECK_0(libct_process_desc_set_caps(pd, m, CAPS_ALLCAPS), "set_caps CAPS_ALLCAPS");
		out = cb_status(h, pd);
		snprintf(want, sizeof(want), "CapEff:\t%016lx\n", m);
		CHECK_CONTAINS(out, want, "CAPS_ALLCAPS: CapEff of the callback is the mask");
		snprintf(want, sizeof(want), "CapPrm:\t%016lx\n", m);
		CHECK_CONTAINS(out, want, "... and CapPrm");
		snprintf(want, sizeof(want), "CapBnd:\t%016lx\n", m);
		CHECK(out && !strstr(out, want), "... and the bounding set is not cut to it");
		free(out);
		libct_process_desc_destroy(pd);

		pd = libct_process_desc_create(ses);
		CHECK_0(libct_process_desc_set_caps(pd, m, CAPS_BSET),
			"set_caps CAPS_BSET (callback)");
		out = cb_status(h, pd);
		snprintf(want, sizeof(want), "CapBnd:\t%016lx\n", m);
		CHECK_CONTAINS(out, want, "CAPS_BSET: CapBnd of the callback is the mask");
		free(out);
		libct_process_desc_destroy(pd);
		pd = libct_process_desc_create(ses);
		CHECK(libct_process_desc_set_caps(pd, 1, 0x10) < 0,
		      "set_caps to an unknown set fails");
	}
	libct_process_desc_destroy(pd);

	/* env and fds */
	pd = libct_process_desc_create(ses);
	{
		char *env[] = { "A=1", "B=two words", NULL };
		char path[256];
		int extra, fds[4], rfd, wfd;
		ct_process_desc_t d;
		char *argv[] = { "sh", "-c", "echo \"$A|$B\"; echo to-fd3 >&3", NULL };
		ct_process_t p;

		CHECK_0(libct_process_desc_set_env(pd, env, 2), "process_desc_set_env");
		snprintf(path, sizeof(path), "%s/fd3", T);
		extra = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		d = capture_desc(pd, &rfd, &wfd);
		fds[0] = DEVNULL;
		fds[1] = fds[2] = wfd;
		fds[3] = extra;
		CHECK_0(libct_process_desc_set_fds(d, fds, 4), "process_desc_set_fds with 4 fds");
		p = libct_container_spawn_execv(h, d, "/bin/sh", argv);
		close(wfd);
		close(extra);
		CHECK_H(p, "spawn with env and fds");
		if (!is_err(p)) {
			out = read_fd(rfd);
			libct_container_wait(h);
			CHECK_STR(out, "1|two words\n", "the environment of set_env");
			free(out);
			out = read_file(path);
			CHECK_STR(out, "to-fd3\n", "fds[3] of the caller is fd 3 inside");
			free(out);
		}
		close(rfd);
		libct_process_desc_destroy(d);
	}
	libct_process_desc_destroy(pd);

	/* set_env takes envn entries */
	pd = libct_process_desc_create(ses);
	{
		char *env[] = { "ONE=1", "TWO=2", NULL };

		CHECK_0(libct_process_desc_set_env(pd, env, 1), "process_desc_set_env of 1 entry");
		free(run_check(h, pd, "echo \"${ONE:-unset} ${TWO:-unset}\"", "1 unset\n",
			       "only the first envn entries are set"));
	}
	libct_process_desc_destroy(pd);

	/* lsm label: whatever this kernel runs; an unknown label cannot start */
	pd = libct_process_desc_create(ses);
	{
		int r = libct_process_desc_set_lsm_label(pd, "ct-compat-no-such-profile");

		if (r == 0) {
			r = spawn_sh(h, pd, "true", &out, &st);
			free(out);
			if (r == 0 && !exited_with(st, 0))
				r = -1;
		}
		CHECK(r < 0 || (access("/sys/kernel/security/apparmor", F_OK) < 0 &&
				access("/sys/fs/selinux/enforce", F_OK) < 0),
		      "an unknown LSM label fails where an LSM runs (%d)", r);
	}
	libct_process_desc_destroy(pd);
	libct_container_destroy(h);
}

/* pdeathsig: a forked starter creates the container and dies; init gets the
 * signal */
static void test_pdeathsig(void)
{
	char *name = ct_name("pdeath");
	int p[2], init = 0;
	pid_t pid;
	ct_handler_t h;

	if (pipe(p) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		libct_session_t s = libct_session_open(URL);
		ct_handler_t c = libct_container_create(s, name);
		ct_process_desc_t pd = libct_process_desc_create(s);
		char *argv[] = { "sleep", "1000", NULL };
		int fds[3];
		ct_process_t cp;

		fds[0] = fds[1] = fds[2] = open("/dev/null", O_RDWR);
		libct_process_desc_set_fds(pd, fds, 3);
		libct_container_set_nsmask(c, CLONE_NEWUTS);
		libct_process_desc_set_pdeathsig(pd, SIGKILL);
		cp = libct_container_spawn_execv(c, pd, "/bin/sleep", argv);
		init = is_err(cp) ? 0 : libct_process_get_pid(cp);
		if (write(p[1], &init, sizeof(init)) < 0)
			_exit(2);
		libct_container_close(c);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &init, sizeof(init)) != sizeof(init))
		init = 0;
	close(p[0]);
	waitpid(pid, NULL, 0);
	CHECK(init > 0, "a forked process started a container with pdeathsig SIGKILL");
	CHECK(init > 0 && pid_gone(init), "init got SIGKILL when its starter exited");
	h = libct_container_open(ses, name);
	if (!is_err(h))
		libct_container_destroy(h);
	{
		ct_process_desc_t pd = libct_process_desc_create(ses);

		CHECK(libct_process_desc_set_pdeathsig(pd, 100000) < 0,
		      "an invalid signal is refused");
		libct_process_desc_destroy(pd);
	}
}

int main(void)
{
	test_setup();
	test_nsmask();
	test_nspath();
	test_sysctl_uname();
	test_controllers();
	test_fs();
	test_mount_actions();
	test_devnode();
	test_userns();
	test_opt_proc_cgroup();
	test_opt_killable();
	test_opt_nosetsid_systemd();
	test_opt_taskless();
	test_console();
	test_process_desc();
	test_pdeathsig();
	return tap_done();
}

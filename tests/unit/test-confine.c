/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's confinement record (lib/core/confine.c): saved from init's
 * description, read back, merged into an exec's description (its own labels
 * win, no_new_privs from either), and refused, naming the file and field,
 * when damaged. No root needed: the record is written to a temp directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/confine.h"
#include "security/security.h"
#include "tap.h"

static int dir_with(const char *confine, const void *bpf, size_t bpf_len, char *path)
{
	int fd, dfd;

	strcpy(path, "/tmp/ct-confine-XXXXXX");
	if (!mkdtemp(path))
		return -1;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (confine) {
		fd = openat(dfd, "confine.json", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, confine, strlen(confine)) < 0)
			return -1;
		close(fd);
	}
	if (bpf) {
		fd = openat(dfd, "seccomp.bpf", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, bpf, bpf_len) < 0)
			return -1;
		close(fd);
	}
	return dfd;
}

static void cleanup(int dfd, const char *path)
{
	unlinkat(dfd, "confine.json", 0);
	unlinkat(dfd, "seccomp.bpf", 0);
	close(dfd);
	rmdir(path);
}

static void test_roundtrip(void)
{
	struct libct_process_desc *init = NULL, *exec = NULL;
	struct libct_error err = { 0 };
	struct lct_confine c;
	char path[64];
	int dfd = dir_with(NULL, NULL, 0, path);

	libct_process_desc_new(&init, &err);
	libct_process_desc_new(&exec, &err);
	libct_process_desc_set_no_new_privileges(init, true);
	libct_process_desc_set_apparmor_profile(init, "ct-default", &err);
	libct_process_desc_set_selinux_label(init, "system_u:system_r:container_t:s0", &err);
	libct_process_desc_set_apparmor_profile(exec, "exec-own", &err);
	libct_process_desc_set_caps(init, LIBCT_CAP_BOUNDING, 1ULL << 5);
	CHECK(lct_confine_save(dfd, init, NULL, &err) == 0, "saved%s", err.message);
	CHECK(lct_confine_load(dfd, "t", &c, &err) == 0, "loaded%s", err.message);
	CHECK(c.no_new_privs, "no_new_privs read back");
	CHECK_STR(c.apparmor_profile, "ct-default", "AppArmor profile read back");
	CHECK(!c.seccomp, "no seccomp program saved, none loaded");
	{
		struct libct_process_desc merged = *exec;

		lct_confine_merge(&c, &merged);
		CHECK(merged.no_new_privs, "merged: no_new_privs from the container");
		CHECK_STR(merged.apparmor_profile, "exec-own",
			  "merged: the exec's own profile wins");
		CHECK_STR(merged.selinux_label, "system_u:system_r:container_t:s0",
			  "merged: the container's SELinux label where the exec has none");
		CHECK(merged.caps_set && merged.caps[LIBCT_CAP_BOUNDING] == 1ULL << 5,
		      "merged: the container's capability sets where the exec has none");
		merged = *exec;
		libct_process_desc_set_caps(&merged, LIBCT_CAP_BOUNDING, 1ULL << 7);
		lct_confine_merge(&c, &merged);
		CHECK(merged.caps[LIBCT_CAP_BOUNDING] == 1ULL << 7,
		      "merged: the exec's own capability sets win");
	}
	lct_confine_free(&c);
	libct_process_desc_free(init);
	libct_process_desc_free(exec);
	cleanup(dfd, path);
}

static void test_nothing_saved(void)
{
	struct libct_process_desc *pd = NULL;
	struct libct_error err = { 0 };
	struct lct_confine c;
	char path[64];
	int dfd = dir_with(NULL, NULL, 0, path);

	libct_process_desc_new(&pd, &err);
	CHECK(lct_confine_save(dfd, pd, NULL, &err) == 0, "nothing to save");
	CHECK(faccessat(dfd, "confine.json", F_OK, 0) < 0, "and no file written");
	CHECK(lct_confine_load(dfd, "t", &c, &err) == 0 && !c.no_new_privs && !c.seccomp,
	      "nothing loaded");
	lct_confine_free(&c);
	libct_process_desc_free(pd);
	cleanup(dfd, path);
}

static void damaged(const char *confine, const void *bpf, size_t len, const char *want,
		    const char *what)
{
	struct libct_error err = { 0 };
	struct lct_confine c;
	char path[64];
	int dfd = dir_with(confine, bpf, len, path), r;

	r = lct_confine_load(dfd, "t", &c, &err);
	CHECK(r == -EUCLEAN || r == -EINVAL, "%s: refused (%d)", what, r);
	CHECK_CONTAINS(err.message, want, "%s: the error names it", what);
	cleanup(dfd, path);
}

int main(void)
{
	static const unsigned char eight[8];

	test_roundtrip();
	test_nothing_saved();
	damaged("[1]", NULL, 0, "confine.json is damaged: not a JSON object", "an array");
	damaged("{\"noNewPrivileges\": 1}", NULL, 0, "confine.json/noNewPrivileges is damaged",
		"a number for a boolean");
	damaged("{\"apparmorProfile\": []}", NULL, 0, "confine.json/apparmorProfile is damaged",
		"an array for a string");
	damaged("{\"seccompFlags\": -1}", NULL, 0, "confine.json/seccompFlags is damaged",
		"negative flags");
	damaged("{\"capabilities\": [1, 2]}", NULL, 0, "confine.json/capabilities is damaged",
		"two capability sets of five");
	damaged("{\"seccompFlags\": 1}", eight, sizeof(eight), "seccomp: saved flags 0x1",
		"an unknown filter flag (TSYNC)");
	damaged(NULL, "abc", 3,
		"seccomp.bpf: seccomp: a saved program of 3 bytes is no BPF program",
		"a program of 3 bytes");
	return tap_done();
}

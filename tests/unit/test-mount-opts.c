/* Unit: mount(8) option words -> flags, recursive attributes, propagation, data. */
#include <errno.h>
#include <stdlib.h>
#include <sys/mount.h>

#include "fs/fs.h"
#include "tap.h"

static struct lct_mount parse(const char *const *w, size_t n)
{
	struct lct_mount m = { 0 };
	struct libct_error err;

	lct_mount_parse_options(w, n, &m, &err);
	return m;
}

int main(void)
{
	unsigned long prop;

	{
		const char *w[] = { "nosuid", "nodev", "noexec", "ro", "relatime" };
		struct lct_mount m = parse(w, 5);

		CHECK(m.flags == (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY | MS_RELATIME),
		      "flag words set their MS_ flags");
		CHECK(m.data == NULL, "flag words are not data");
	}
	{
		const char *w[] = { "nosymfollow" }, *w2[] = { "nosymfollow", "symfollow" };
		struct lct_mount m = parse(w, 1), m2 = parse(w2, 2);

		CHECK(m.flags == MS_NOSYMFOLLOW && m.data == NULL, "nosymfollow is a flag");
		CHECK(!(m2.flags & MS_NOSYMFOLLOW) && (m2.clear & MS_NOSYMFOLLOW),
		      "symfollow clears it");
	}
	{
		const char *w[] = { "ro", "rw" };
		struct lct_mount m = parse(w, 2);

		CHECK(!(m.flags & MS_RDONLY) && (m.clear & MS_RDONLY), "a later word wins (rw)");
	}
	{
		const char *w[] = { "rbind", "rprivate" };
		struct lct_mount m = parse(w, 2);

		CHECK(m.bind && (m.flags & MS_BIND) && (m.flags & MS_REC),
		      "rbind is a recursive bind");
		CHECK(m.propagation == (MS_REC | MS_PRIVATE), "rprivate propagation");
	}
	{
		const char *w[] = { "bind" };
		struct lct_mount m = parse(w, 1);

		CHECK(m.bind && !(m.flags & MS_REC), "bind is not recursive");
	}
	{
		const char *w[] = { "size=65536k", "mode=755", "nosuid", "uid=5" };
		struct lct_mount m = parse(w, 4);

		CHECK_STR(m.data, "size=65536k,mode=755,uid=5", "filesystem words joined as data");
		free(m.data);
	}
	{
		const char *w[] = { "rro", "rnosuid", "rexec" };
		struct lct_mount m = parse(w, 3);

		CHECK(m.rec_set == (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID), "recursive attrs set");
		CHECK(m.rec_clear == MOUNT_ATTR_NOEXEC, "recursive attrs cleared");
	}
	{
		/* access time: one mode of three, each word clears the field */
		const char *w[] = { "rnoatime" }, *w2[] = { "rnoatime", "rrelatime" },
			   *w3[] = { "rnoatime", "ratime" }, *w4[] = { "rnoexec", "rnodiratime" };
		struct lct_mount m = parse(w, 1), m2 = parse(w2, 2), m3 = parse(w3, 2),
				 m4 = parse(w4, 2);

		CHECK(m.rec_set == MOUNT_ATTR_NOATIME && m.rec_clear == MOUNT_ATTR__ATIME,
		      "rnoatime sets the mode and clears the field");
		CHECK(m2.rec_set == MOUNT_ATTR_RELATIME && m2.rec_clear == MOUNT_ATTR__ATIME,
		      "a later atime word replaces the mode");
		CHECK(m3.rec_set == 0 && m3.rec_clear == MOUNT_ATTR__ATIME,
		      "ratime after rnoatime leaves relatime");
		CHECK(m4.rec_set == (MOUNT_ATTR_NOEXEC | MOUNT_ATTR_NODIRATIME) &&
			      m4.rec_clear == 0,
		      "other recursive words leave the access time alone");
	}
	{
		/* linux.mountLabel: a context option for the filesystems that take one */
		const char *l = "system_u:object_r:container_file_t:s0:c1,c2";
		bool oom;
		char *t = lct_mount_data_with_label("tmpfs", "size=64k", l, &oom);
		char *d = lct_mount_data_with_label("devpts", NULL, l, &oom);

		CHECK_STR(t, "size=64k,context=\"system_u:object_r:container_file_t:s0:c1,c2\"",
			  "mount label: added to a tmpfs's data, quoted");
		CHECK_STR(d, "context=\"system_u:object_r:container_file_t:s0:c1,c2\"",
			  "mount label: alone when there is no data");
		CHECK(!lct_mount_data_with_label("proc", NULL, l, &oom) &&
			      !lct_mount_data_with_label("sysfs", "x", l, &oom) &&
			      !lct_mount_data_with_label("mqueue", NULL, l, &oom) && !oom,
		      "mount label: not for proc, sysfs or mqueue");
		CHECK(!lct_mount_data_with_label("tmpfs", "size=1k", NULL, &oom) && !oom,
		      "mount label: nothing without a label");
		free(t);
		free(d);
	}
	{
		const char *w[] = { "iversion" };
		struct lct_mount m = parse(w, 1);

		CHECK(m.flags == MS_I_VERSION && m.data == NULL, "iversion is a flag");
	}
	{
		const char *w[] = { "tmpcopyup", "", "strictatime", "nodiratime" };
		struct lct_mount m = parse(w, 4);

		CHECK(m.data == NULL && m.flags == (MS_STRICTATIME | MS_NODIRATIME),
		      "tmpcopyup and empty words are ignored");
	}
	CHECK(lct_mount_propagation_from_string("rslave", &prop) == 0 &&
		      prop == (MS_REC | MS_SLAVE),
	      "rslave");
	CHECK(lct_mount_propagation_from_string("shared", &prop) == 0 && prop == MS_SHARED,
	      "shared");
	CHECK(lct_mount_propagation_from_string("runbindable", &prop) == 0 &&
		      prop == (MS_REC | MS_UNBINDABLE),
	      "runbindable");
	CHECK(lct_mount_propagation_from_string("nosuid", &prop) == -EINVAL,
	      "a flag word is not a propagation");
	CHECK(lct_mount_propagation_from_string("bogus", &prop) == -EINVAL, "unknown propagation");
	return tap_done();
}

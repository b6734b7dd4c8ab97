/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* mount(8) option words -> mount flags, recursive attributes, propagation and
 * filesystem data: one table. */
#include <sys/mount.h>

#include "fs/fs.h"
#include "util/util.h"

enum opt_kind {
	OPT_FLAG,
	OPT_CLEAR,
	OPT_REC_SET,
	OPT_REC_CLEAR,
	OPT_PROP,
	OPT_BIND,
	OPT_COPY_UP,
	OPT_IDMAP,
	OPT_IGNORE
};

static const struct mount_opt {
	const char *name;
	enum opt_kind kind;
	unsigned long value;
} opts[] = {
	{ "ro", OPT_FLAG, MS_RDONLY },
	{ "rw", OPT_CLEAR, MS_RDONLY },
	{ "nosuid", OPT_FLAG, MS_NOSUID },
	{ "suid", OPT_CLEAR, MS_NOSUID },
	{ "nodev", OPT_FLAG, MS_NODEV },
	{ "dev", OPT_CLEAR, MS_NODEV },
	{ "noexec", OPT_FLAG, MS_NOEXEC },
	{ "exec", OPT_CLEAR, MS_NOEXEC },
	{ "sync", OPT_FLAG, MS_SYNCHRONOUS },
	{ "async", OPT_CLEAR, MS_SYNCHRONOUS },
	{ "dirsync", OPT_FLAG, MS_DIRSYNC },
	{ "remount", OPT_FLAG, MS_REMOUNT },
	{ "mand", OPT_FLAG, MS_MANDLOCK },
	{ "nomand", OPT_CLEAR, MS_MANDLOCK },
	{ "atime", OPT_CLEAR, MS_NOATIME },
	{ "noatime", OPT_FLAG, MS_NOATIME },
	{ "diratime", OPT_CLEAR, MS_NODIRATIME },
	{ "nodiratime", OPT_FLAG, MS_NODIRATIME },
	{ "relatime", OPT_FLAG, MS_RELATIME },
	{ "norelatime", OPT_CLEAR, MS_RELATIME },
	{ "strictatime", OPT_FLAG, MS_STRICTATIME },
	{ "nostrictatime", OPT_CLEAR, MS_STRICTATIME },
	{ "lazytime", OPT_FLAG, MS_LAZYTIME },
	{ "nolazytime", OPT_CLEAR, MS_LAZYTIME },
	{ "iversion", OPT_FLAG, MS_I_VERSION },
	{ "noiversion", OPT_CLEAR, MS_I_VERSION },
	{ "nosymfollow", OPT_FLAG, MS_NOSYMFOLLOW },
	{ "symfollow", OPT_CLEAR, MS_NOSYMFOLLOW },
	{ "silent", OPT_FLAG, MS_SILENT },
	{ "loud", OPT_CLEAR, MS_SILENT },
	{ "bind", OPT_BIND, 0 },
	{ "rbind", OPT_BIND, MS_REC },
	{ "rro", OPT_REC_SET, MOUNT_ATTR_RDONLY },
	{ "rrw", OPT_REC_CLEAR, MOUNT_ATTR_RDONLY },
	{ "rnosuid", OPT_REC_SET, MOUNT_ATTR_NOSUID },
	{ "rsuid", OPT_REC_CLEAR, MOUNT_ATTR_NOSUID },
	{ "rnodev", OPT_REC_SET, MOUNT_ATTR_NODEV },
	{ "rdev", OPT_REC_CLEAR, MOUNT_ATTR_NODEV },
	{ "rnoexec", OPT_REC_SET, MOUNT_ATTR_NOEXEC },
	{ "rexec", OPT_REC_CLEAR, MOUNT_ATTR_NOEXEC },
	{ "rnodiratime", OPT_REC_SET, MOUNT_ATTR_NODIRATIME },
	{ "rdiratime", OPT_REC_CLEAR, MOUNT_ATTR_NODIRATIME },
	/* the access-time words: one of three modes, see lct_mount_parse_options */
	{ "rrelatime", OPT_REC_SET, MOUNT_ATTR_RELATIME },
	{ "rnorelatime", OPT_REC_CLEAR, MOUNT_ATTR_RELATIME },
	{ "rnoatime", OPT_REC_SET, MOUNT_ATTR_NOATIME },
	{ "ratime", OPT_REC_CLEAR, MOUNT_ATTR_NOATIME },
	{ "rstrictatime", OPT_REC_SET, MOUNT_ATTR_STRICTATIME },
	{ "rnostrictatime", OPT_REC_CLEAR, MOUNT_ATTR_STRICTATIME },
	{ "rnosymfollow", OPT_REC_SET, MOUNT_ATTR_NOSYMFOLLOW },
	{ "rsymfollow", OPT_REC_CLEAR, MOUNT_ATTR_NOSYMFOLLOW },
	{ "private", OPT_PROP, MS_PRIVATE },
	{ "rprivate", OPT_PROP, MS_REC | MS_PRIVATE },
	{ "shared", OPT_PROP, MS_SHARED },
	{ "rshared", OPT_PROP, MS_REC | MS_SHARED },
	{ "slave", OPT_PROP, MS_SLAVE },
	{ "rslave", OPT_PROP, MS_REC | MS_SLAVE },
	{ "unbindable", OPT_PROP, MS_UNBINDABLE },
	{ "runbindable", OPT_PROP, MS_REC | MS_UNBINDABLE },
	/* containers/podman words that are not mount flags */
	{ "tmpcopyup", OPT_COPY_UP, 1 },
	{ "notmpcopyup", OPT_COPY_UP, 0 },
	{ "copy-symlink", OPT_IGNORE, 0 },
	{ "defaults", OPT_IGNORE, 0 },
	/* idmapped bind mounts (idmap.c); ridmap: every mount of an rbind */
	{ "idmap", OPT_IDMAP, 0 },
	{ "ridmap", OPT_IDMAP, 1 },
};

int lct_mount_propagation_from_string(const char *s, unsigned long *ret)
{
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (opts[i].kind == OPT_PROP && strcmp(s, opts[i].name) == 0) {
			*ret = opts[i].value;
			return 0;
		}
	return -EINVAL;
}

static const struct mount_opt *find_opt(const char *w)
{
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (strcmp(w, opts[i].name) == 0)
			return &opts[i];
	return NULL;
}

static int append_data(char **data, const char *w)
{
	size_t old = *data ? strlen(*data) : 0;
	char *n = realloc(*data, old + strlen(w) + 2);

	if (!n)
		return -ENOMEM;
	if (old)
		n[old++] = ',';
	strcpy(n + old, w);
	*data = n;
	return 0;
}

/* mount_setattr(2) takes the access time as one of three modes in
 * MOUNT_ATTR__ATIME (relatime is 0): a word of them replaces the mode set
 * before and must clear the whole field, or the kernel refuses the set
 * (EINVAL) or ignores it (relatime). As runc: a word that clears one mode
 * leaves relatime. */
static void rec_atime(struct lct_mount *m, const struct mount_opt *o)
{
	if ((o->value & MOUNT_ATTR__ATIME) != o->value)
		return;
	if (o->kind == OPT_REC_SET)
		m->rec_set = (m->rec_set & ~MOUNT_ATTR__ATIME) | o->value;
	m->rec_clear |= MOUNT_ATTR__ATIME;
}

int lct_mount_parse_options(const char *const *words, size_t n, struct lct_mount *m,
			    struct libct_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct mount_opt *o;
		const char *w = words[i];

		if (!w || !*w)
			continue;
		o = find_opt(w);
		if (!o) {
			/* anything else belongs to the filesystem ("size=64k", "mode=755") */
			if (append_data(&m->data, w) < 0)
				return lct_err(err, -ENOMEM, "mount options");
			continue;
		}
		switch (o->kind) {
		case OPT_FLAG:
			m->flags |= o->value;
			m->clear &= ~o->value;
			break;
		case OPT_CLEAR:
			m->flags &= ~o->value;
			m->clear |= o->value;
			break;
		case OPT_REC_SET:
			m->rec_set |= o->value;
			m->rec_clear &= ~o->value;
			rec_atime(m, o);
			break;
		case OPT_REC_CLEAR:
			m->rec_clear |= o->value;
			m->rec_set &= ~o->value;
			rec_atime(m, o);
			break;
		case OPT_PROP:
			m->propagation = o->value;
			break;
		case OPT_BIND:
			m->bind = true;
			m->flags |= MS_BIND | o->value;
			break;
		case OPT_COPY_UP:
			m->copy_up = o->value;
			break;
		case OPT_IDMAP:
			m->idmap = true;
			m->idmap_recursive = o->value;
			break;
		case OPT_IGNORE:
			break;
		}
	}
	return 0;
}

char *lct_mount_data_with_label(const char *type, const char *data, const char *label, bool *oom)
{
	static const char *const unlabelled[] = { "proc", "sysfs", "mqueue" };
	char *r;

	*oom = false;
	if (!label || !*label || !type)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(unlabelled); i++)
		if (strcmp(type, unlabelled[i]) == 0)
			return NULL;
	r = lct_asprintf("%s%scontext=\"%s\"", data && *data ? data : "", data && *data ? "," : "",
			 label);
	*oom = !r;
	return r;
}

size_t lct_mount_option_names(const char **buf, size_t max)
{
	size_t n = 0;

	/* every word taken, those taken and ignored ("defaults") too: the
	 * runtime-spec's "recognized names" */
	for (size_t i = 0; i < ARRAY_SIZE(opts) && n < max; i++)
		buf[n++] = opts[i].name;
	return n;
}

bool lct_mount_flags_to_attrs(unsigned long flags, struct mount_attr *a)
{
	static const struct {
		unsigned long ms;
		uint64_t attr;
	} map[] = {
		{ MS_RDONLY, MOUNT_ATTR_RDONLY },	  { MS_NOSUID, MOUNT_ATTR_NOSUID },
		{ MS_NODEV, MOUNT_ATTR_NODEV },		  { MS_NOEXEC, MOUNT_ATTR_NOEXEC },
		{ MS_NODIRATIME, MOUNT_ATTR_NODIRATIME },
	};
	unsigned long atime = flags & (MS_NOATIME | MS_RELATIME | MS_STRICTATIME);

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (flags & map[i].ms)
			a->attr_set |= map[i].attr;
	if (!atime)
		return true;
	if (atime & (atime - 1))
		return false;
	a->attr_clr |= MOUNT_ATTR__ATIME;
	a->attr_set |= atime == MS_NOATIME     ? MOUNT_ATTR_NOATIME :
		       atime == MS_STRICTATIME ? MOUNT_ATTR_STRICTATIME :
						 MOUNT_ATTR_RELATIME;
	return true;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's cgroup path: default, systemd's "slice:prefix:name" form,
 * and its directory in each hierarchy (absolute paths from the hierarchy's
 * root, relative ones from the calling process's own cgroup there). */
#include <fcntl.h>
#include <stdio.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

/* a, b and c joined with exactly one '/' between non-empty parts. */
static char *join3(const char *a, const char *b, const char *c)
{
	const char *parts[3] = { a, b, c };
	size_t len = 1;
	char *s, *o;

	for (int i = 0; i < 3; i++)
		len += strlen(parts[i]) + 1;
	s = o = malloc(len);
	if (!s)
		return NULL;
	for (int i = 0; i < 3; i++) {
		const char *p = parts[i];

		while (i > 0 && *p == '/')
			p++;
		if (!*p)
			continue;
		if (o > s && o[-1] != '/')
			*o++ = '/';
		strcpy(o, p);
		o += strlen(p);
		while (o > s + 1 && o[-1] == '/')
			o--;
	}
	*o = '\0';
	return s;
}

/* path without repeated or trailing slashes. */
static char *collapse(const char *path)
{
	char *s = strdup(path), *o = s;

	if (!s)
		return NULL;
	for (const char *p = path; *p; p++)
		if (*p != '/' || (o > s && o[-1] != '/') || o == s)
			*o++ = *p;
	while (o > s + 1 && o[-1] == '/')
		o--;
	*o = '\0';
	return s;
}

/* "a-b.slice" -> "a.slice/a-b.slice"; "-.slice" -> "" (the root). */
static char *expand_slice(const char *slice)
{
	size_t len = strlen(slice), base, dashes = 0;
	char *out, *o;

	if (len < 6 || strcmp(slice + len - 6, ".slice") != 0 || strchr(slice, '/'))
		return NULL;
	if (strcmp(slice, "-.slice") == 0)
		return strdup("");
	base = len - 6;
	if (slice[0] == '-' || slice[base - 1] == '-' || strstr(slice, "--"))
		return NULL;
	for (size_t i = 0; i < base; i++)
		dashes += slice[i] == '-';
	/* one "PREFIX.slice/" per dash, then the slice itself */
	out = o = malloc(dashes * (len + 7) + len + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < base; i++) {
		if (slice[i] != '-')
			continue;
		o += sprintf(o, "%.*s.slice/", (int)i, slice);
	}
	strcpy(o, slice);
	return out;
}

int lct_cgroup_path_from_systemd(const char *path, char **ret)
{
	_cleanup_free_ char *copy = NULL, *expanded = NULL;
	char *slice, *prefix, *name, *c1, *c2;

	if (!path || strchr(path, '/'))
		return -EINVAL;
	c1 = strchr(path, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	if (!c2 || strchr(c2 + 1, ':'))
		return -EINVAL;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	slice = copy;
	prefix = copy + (c1 - path);
	name = copy + (c2 - path);
	*prefix++ = '\0';
	*name++ = '\0';
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	expanded = expand_slice(*slice ? slice : "system.slice");
	if (!expanded)
		return -EINVAL;
	/* a name that is a slice is the unit itself, else a scope as runc names it */
	if (strlen(name) > 6 && strcmp(name + strlen(name) - 6, ".slice") == 0)
		*ret = lct_asprintf("/%s%s%s", expanded, *expanded ? "/" : "", name);
	else
		*ret = lct_asprintf("/%s%s%s%s%s.scope", expanded, *expanded ? "/" : "", prefix,
				    *prefix ? "-" : "", name);
	return *ret ? 0 : -ENOMEM;
}

static bool has_dotdot(const char *p)
{
	for (const char *s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '\0' || s[2] == '/'))
			return true;
	return false;
}

int lct_cgroup_path_normalize(const char *cfg_path, const char *id, char **ret,
			      struct libct_error *err)
{
	_cleanup_free_ char *p = NULL;
	int r;

	if (!cfg_path) {
		p = lct_asprintf("ct/%s", id);
	} else if (!strchr(cfg_path, '/') && strchr(cfg_path, ':')) {
		r = lct_cgroup_path_from_systemd(cfg_path, &p);
		if (r < 0)
			return lct_err_msg(err, r,
					   "invalid systemd cgroup path '%s' (want "
					   "'slice:prefix:name')",
					   cfg_path);
	} else {
		p = collapse(cfg_path);
	}
	if (!p)
		return lct_err(err, -ENOMEM, "cgroup path");
	if (has_dotdot(p))
		return lct_err_msg(err, -EINVAL, "cgroup path '%s' must not contain '..'", p);
	if (strpbrk(p, "\t|\n"))
		return lct_err_msg(err, -EINVAL,
				   "cgroup path '%s' must not contain tabs, "
				   "newlines or '|'",
				   p);
	if (!*p || strcmp(p, "/") == 0 || strcmp(p, ".") == 0)
		return lct_err_msg(err, -EINVAL,
				   "cgroup path '%s' names no cgroup below the "
				   "root",
				   cfg_path ? cfg_path : "");
	*ret = TAKE_PTR(p);
	return 0;
}

/* Whether a /proc/self/cgroup controller list names hierarchy h. */
static bool list_matches(const struct lct_cgroup_hier *h, const char *list)
{
	const char *want = strstr(h->name, "name="), *have = strstr(list, "name=");
	size_t wl, hl;

	if (lct_cgroup_ctrls_parse(list) != h->ctrls || !want != !have)
		return false;
	if (!want)
		return true;
	wl = strcspn(want, ",");
	hl = strcspn(have, ",");
	return wl == hl && strncmp(want, have, wl) == 0;
}

/* The calling process's cgroup in h (a line of /proc/self/cgroup). */
static const char *own_cgroup(char *const *lines, const struct lct_cgroup_hier *h)
{
	for (size_t i = 0; lines[i]; i++) {
		char *c1 = strchr(lines[i], ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		_cleanup_free_ char *list = NULL;

		if (!c2)
			continue;
		if (h->version == 2) {
			if (strncmp(lines[i], "0::", 3) == 0)
				return c2 + 1;
			continue;
		}
		list = strndup(c1 + 1, c2 - c1 - 1);
		if (list && *list && list_matches(h, list))
			return c2 + 1;
	}
	return NULL;
}

static int split_lines(char *text, char ***ret)
{
	char **v = NULL, *save = NULL;
	size_t n = 0;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char **nv = realloc(v, (n + 2) * sizeof(*v));

		if (!nv) {
			free(v);
			return -ENOMEM;
		}
		v = nv;
		v[n++] = l;
		v[n] = NULL;
	}
	if (!v)
		v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	*ret = v;
	return 0;
}

bool lct_path_below(const char *path, const char *prefix, size_t len)
{
	return strncmp(path, prefix, len) == 0 && (!path[len] || path[len] == '/');
}

/* h's directory of the cgroup that lines (of file, a /proc/PID/cgroup)
 * name for it (with parent, of its parent), with path below it. */
static int dir_from_lines(const struct lct_cgroup_hier *h, char *const *lines, const char *file,
			  const char *path, bool parent, char **ret, struct libct_error *err)
{
	const char *own = own_cgroup(lines, h);
	_cleanup_free_ char *up = NULL;
	size_t rl;

	if (!own)
		return lct_err_msg(err, -ENOENT, "no line for cgroup hierarchy '%s' in %s", h->name,
				   file);
	/* mountinfo's root and the cgroup file are both relative to our cgroup namespace */
	rl = strcmp(h->mnt_root, "/") == 0 ? 0 : strlen(h->mnt_root);
	if (rl && !lct_path_below(own, h->mnt_root, rl))
		return lct_err_msg(err, -ENOENT,
				   "cgroup '%s' of %s is not below '%s' mounted on '%s'", own, file,
				   h->mnt_root, h->mnt);
	if (parent && own[rl] && strcmp(own + rl, "/") != 0) {
		up = strdup(own + rl);
		if (!up)
			return lct_err(err, -ENOMEM, "cgroup path");
		*strrchr(up, '/') = '\0';
	}
	*ret = join3(h->mnt, up ? up : own + rl, path);
	return *ret ? 0 : lct_err(err, -ENOMEM, "cgroup path");
}

int lct_cgroup_dir_of_pid(const struct lct_cgroup_hier *h, pid_t pid, char **ret,
			  struct libct_error *err)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_free_ char **lines = NULL;
	char file[64];
	int r;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	r = lct_read_file_at(AT_FDCWD, file, &text, NULL, err);
	if (r < 0)
		return r;
	if (split_lines(text, &lines) < 0)
		return lct_err(err, -ENOMEM, "%s", file);
	return dir_from_lines(h, lines, file, "", false, ret, err);
}

int lct_cgroup_paths_resolve(struct lct_cgroup_hier *h, size_t n, const char *path,
			     struct libct_error *err)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_free_ char **lines = NULL;
	int r;

	if (path[0] != '/') {
		r = lct_read_file_at(AT_FDCWD, "/proc/self/cgroup", &text, NULL, err);
		if (r < 0)
			return r;
		if (split_lines(text, &lines) < 0)
			return lct_err(err, -ENOMEM, "cgroup path");
	}
	for (size_t i = 0; i < n; i++) {
		free(h[i].dir);
		h[i].dir = NULL;
		if (path[0] == '/') {
			h[i].dir = join3(h[i].mnt, path, "");
			if (!h[i].dir)
				return lct_err(err, -ENOMEM, "cgroup path");
			continue;
		}
		/* on cgroup v2, as runc takes it: from the parent of ct's own
		 * cgroup, which has processes (ct's, its siblings': a systemd
		 * service's or a login's scope), so that no controller could be
		 * enabled below it; the root has none of that rule */
		r = dir_from_lines(&h[i], lines, "/proc/self/cgroup", path, h[i].version == 2,
				   &h[i].dir, err);
		if (r < 0)
			return r;
	}
	return 0;
}

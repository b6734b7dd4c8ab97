/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A container's cgroup through its life: create (directories and limits),
 * enter, update, freeze, kill, list, destroy. Each hierarchy remembers the
 * container's directory (made, or taken over empty); destroy removes exactly
 * those. Ancestors are made when missing and left in place. No file of a
 * directory made by someone else is written, except an empty cpuset filled
 * from its parent and, on a unified host, a controller a limit needs in an
 * ancestor's subtree_control. */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#include "cgroup/cgroup-internal.h"
#include "cgroup/systemd.h"
#include "util/util.h"

/* Whether dir (which exists) may become the container's: no process, no
 * sub-cgroup, not frozen. An empty one is what a killed create or another
 * tool leaves; taking it over keeps one leaked directory from blocking an id. */
static int check_adoptable(const struct lct_cgroup_hier *h, struct libct_error *err)
{
	_cleanup_free_ char *procs = NULL;
	DIR *d;
	struct dirent *e;
	bool subdir = false;
	int r = lct_cgroup_read(h->dir, "cgroup.procs", &procs, err);

	if (r < 0)
		return r;
	if (*procs)
		return lct_err_msg(err, -EEXIST,
				   "cgroup '%s' already exists and has processes "
				   "in it",
				   h->dir);
	d = opendir(h->dir);
	if (!d)
		return lct_err(err, -errno, "open cgroup '%s'", h->dir);
	while ((e = readdir(d)))
		if (e->d_type == DT_DIR && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			subdir = true;
	closedir(d);
	if (subdir)
		return lct_err_msg(err, -EEXIST, "cgroup '%s' already exists and has sub-cgroups",
				   h->dir);
	if (h->version == 1 ?
		    (h->ctrls & (1u << LCT_CG_FREEZER)) && lct_cgroup_v1_is_frozen(h->dir) == 1 :
		    lct_cgroup_v2_is_frozen(h->dir) == 1)
		return lct_err_msg(err, -EBUSY, "cgroup '%s' already exists and is frozen", h->dir);
	return 0;
}

/* h->dir was there since the plan: taken over only when still empty. */
static int adopt(struct lct_cgroup_hier *h, struct libct_error *err)
{
	int r = check_adoptable(h, err);

	if (r < 0)
		h->owned = false; /* someone else's: never removed */
	return r;
}

/* mkdir each missing component of h->dir below the mount point. */
static int make_dirs(struct lct_cgroup_hier *h, struct libct_error *err)
{
	_cleanup_free_ char *d = strdup(h->dir);
	size_t start = strlen(h->mnt);

	if (!d)
		return lct_err(err, -ENOMEM, "cgroup");
	/* the ancestors are there but for the first container: one mkdir */
	if (mkdir(d, 0755) == 0) {
		if (!h->created)
			h->created = TAKE_PTR(d);
		return 0;
	}
	if (errno == EEXIST)
		return adopt(h, err);
	if (errno != ENOENT)
		return lct_err(err, -errno, "mkdir '%s'", d);
	for (size_t i = start + 1;; i++) {
		char c = d[i];

		if (c != '/' && c != '\0')
			continue;
		d[i] = '\0';
		if (mkdir(d, 0755) == 0) {
			if (!h->created && !(h->created = strdup(d)))
				return lct_err(err, -ENOMEM, "cgroup");
			/* a cpuset ancestor made here hands its cpus and mems to
			 * each new child: the containers under it then find
			 * theirs filled (v1.c reads one file, copies none) */
			if (c != '\0' && h->version == 1 && (h->ctrls & (1u << LCT_CG_CPUSET)))
				(void)lct_cgroup_write(d, "cgroup.clone_children", "1", NULL);
		} else if (errno != EEXIST) {
			return lct_err(err, -errno, "mkdir '%s'", d);
		} else if (c == '\0') {
			return adopt(h, err);
		}
		if (c == '\0')
			return 0;
		d[i] = c;
	}
}

struct lct_cgroup *lct_cgroup_alloc(struct libct_session *s, enum lct_cgroup_layout layout,
				    const char *path)
{
	struct lct_cgroup *cg = calloc(1, sizeof(*cg));

	if (cg && path && !(cg->path = strdup(path))) {
		free(cg);
		return NULL;
	}
	if (cg) {
		cg->s = s;
		cg->layout = layout;
		cg->v2fd = -EBADF;
	}
	return cg;
}

static int plan(struct libct_session *s, const char *path, struct lct_cgroup **ret,
		struct libct_error *err)
{
	struct lct_cgroup *cg;
	int r;

	r = lct_cgroup_detect(s, err);
	if (r < 0)
		return r;
	cg = lct_cgroup_alloc(s, r, path);
	if (!cg)
		return lct_err(err, -ENOMEM, "cgroup");
	r = lct_cgroup_hiers_discover(cg->layout, &cg->h, &cg->n, err);
	if (r == 0)
		r = lct_cgroup_paths_resolve(cg->h, cg->n, cg->path, err);
	if (r < 0) {
		lct_cgroup_free(cg);
		return r;
	}
	*ret = cg;
	return 0;
}

/* systemd driver: nothing is made until lct_cgroup_enter() starts the scope
 * with init in it */
static int plan_systemd(struct libct_session *s, const char *id, const struct lct_config *cfg,
			struct lct_cgroup **ret, struct libct_error *err)
{
	struct lct_cgroup *cg;
	int r = lct_cgroup_detect(s, err);

	if (r < 0)
		return r;
	cg = lct_cgroup_alloc(s, r, NULL);
	if (!cg)
		return lct_err(err, -ENOMEM, "cgroup");
	r = lct_systemd_prepare(cg, id, cfg, err);
	if (r < 0) {
		lct_cgroup_free(cg);
		return r;
	}
	*ret = cg;
	return 0;
}

/* Rootless: 0 when the container's directory in h could be made (the
 * nearest directory of its path that exists is writable here), else the
 * errno that says why not (EACCES, EPERM, EROFS). */
static int rootless_access(const struct lct_cgroup_hier *h)
{
	_cleanup_free_ char *d = strdup(h->dir);
	size_t top = strlen(h->mnt);

	if (!d)
		return 0; /* the mkdir will say */
	for (;;) {
		char *slash;

		if (faccessat(AT_FDCWD, d, W_OK, AT_EACCESS) == 0)
			return 0;
		if (errno != ENOENT)
			return errno;
		slash = strrchr(d, '/');
		if (!slash || (size_t)(slash - d) < top)
			return 0;
		*slash = '\0';
	}
}

/* Rootless and at the default path (as runc): a hierarchy where this
 * process may not make the container's directory is left out, the
 * container then stays in the caller's cgroup there, unless a limit needs
 * it. */
static int rootless_drop(struct lct_cgroup *cg, const struct lct_resources *res,
			 struct libct_error *err)
{
	_cleanup_free_ int *why = calloc(cg->n, sizeof(int));
	size_t kept = 0;

	if (!why)
		return lct_err(err, -ENOMEM, "cgroup");
	for (size_t i = 0; i < cg->n; i++) {
		int e = rootless_access(&cg->h[i]);
		int r;

		if (e != EACCES && e != EPERM && e != EROFS)
			continue;
		why[i] = e;
		r = lct_cgroup_rootless_needs(cg, &cg->h[i], res, e, err);
		if (r < 0)
			return r;
	}
	for (size_t i = 0; i < cg->n; i++) {
		if (!why[i]) {
			cg->h[kept++] = cg->h[i];
			continue;
		}
		lct_log(cg->s, LIBCT_LOG_DEBUG, "rootless: no cgroup of its own in '%s' (%s)",
			cg->h[i].mnt, strerror(why[i]));
		lct_cgroup_hier_clear(&cg->h[i]);
	}
	cg->n = kept;
	return 0;
}

int lct_cgroup_plan(struct libct_session *s, const char *id, const struct lct_config *cfg,
		    struct lct_cgroup **ret, struct libct_error *err)
{
	_cleanup_free_ char *path = NULL;
	struct lct_cgroup *cg = NULL;
	int r;

	*ret = NULL;
	if (cfg->no_cgroup) {
		const char *what = lct_cgroup_first_limit(&cfg->res);

		/* as crun's disabled manager: the limits are not an error (an
		 * engine's defaults come with them), but not silently dropped */
		if (what)
			lct_log(s, LIBCT_LOG_WARNING,
				"%s and the container's other limits are not applied: it has no "
				"cgroup of its own",
				what);
		return 0;
	}
	if (cfg->cgroup_systemd)
		return plan_systemd(s, id, cfg, ret, err);
	r = lct_cgroup_path_normalize(cfg->cgroup_path, id, &path, err);

	if (r == 0)
		r = plan(s, path, &cg, err);
	if (r == 0 && !cfg->cgroup_path && lct_rootless(s))
		r = rootless_drop(cg, &cfg->res, err);
	for (size_t i = 0; r == 0 && i < cg->n; i++) {
		cg->h[i].existed = access(cg->h[i].dir, F_OK) == 0;
		/* not known to be absent is not absent: one that is there must
		 * be found empty before the journal names it */
		if (!cg->h[i].existed && errno != ENOENT)
			r = lct_err(err, -errno, "cgroup '%s'", cg->h[i].dir);
		else if (cg->h[i].existed)
			r = check_adoptable(&cg->h[i], err);
		cg->h[i].owned = true;
	}
	if (r < 0 || cg->n == 0) {
		lct_cgroup_free(cg);
		cg = NULL;
	}
	*ret = cg;
	return r;
}

int lct_cgroup_own(struct libct_session *s, struct lct_cgroup **ret, struct libct_error *err)
{
	return plan(s, "", ret, err);
}

int lct_cgroup_mount_view(struct libct_session *s, const struct lct_cgroup *cg,
			  struct lct_cgroup **ret, struct libct_error *err)
{
	struct lct_cgroup *own;
	int r;

	*ret = NULL;
	if (cg && cg->sd_unit) /* a scope: systemd's hierarchies, all of them */
		return 0;
	r = lct_cgroup_own(s, &own, err);
	if (r < 0)
		return r;
	if (cg && cg->n >= own->n) {
		lct_cgroup_free(own);
		return 0;
	}
	for (size_t i = 0; cg && i < own->n; i++)
		for (size_t j = 0; j < cg->n; j++) {
			char *dir;

			if (strcmp(own->h[i].mnt, cg->h[j].mnt) != 0)
				continue;
			if (!(dir = strdup(cg->h[j].dir))) {
				lct_cgroup_free(own);
				return lct_err(err, -ENOMEM, "cgroup");
			}
			free(own->h[i].dir);
			own->h[i].dir = dir;
			break;
		}
	*ret = own;
	return 0;
}

int lct_cgroup_guess(struct libct_session *s, const char *id, struct lct_cgroup **ret,
		     struct libct_error *err)
{
	_cleanup_free_ char *path = NULL;
	struct lct_cgroup *cg;
	int r = lct_cgroup_path_normalize(NULL, id, &path, err);

	if (r == 0)
		r = plan(s, path, &cg, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < cg->n; i++)
		cg->h[i].owned = access(cg->h[i].dir, F_OK) == 0;
	*ret = cg;
	return 0;
}

int lct_cgroup_make(struct lct_cgroup *cg, const struct lct_config *cfg,
		    enum lct_cgroup_make_part part, struct libct_error *err)
{
	int r = 0;

	if (cg->sd_unit) /* systemd driver: the scope and its files come with init */
		return 0;
	for (size_t i = 0; i < cg->n && r == 0; i++) {
		struct lct_cgroup_hier *h = &cg->h[i];

		if (h->made || (part == LCT_CGROUP_MAKE_FOR_CLONE && h->version != 2))
			continue;
		r = make_dirs(h, err);
		if (r == 0 && h->version == 1 && (h->ctrls & (1u << LCT_CG_CPUSET)))
			r = lct_cgroup_v1_cpuset_init(h, err);
		h->made = r == 0;
	}
	if (r == 0 && part != LCT_CGROUP_MAKE_FOR_CLONE)
		r = lct_cgroup_apply(cg, &cfg->res, true, err);
	if (r < 0) {
		if (part != LCT_CGROUP_MAKE_REST)
			lct_cgroup_destroy(cg, NULL);
		return r;
	}
	if (part != LCT_CGROUP_MAKE_FOR_CLONE)
		lct_log(cg->s, LIBCT_LOG_DEBUG, "cgroup '%s' made in %zu hierarchies", cg->path,
			cg->n);
	return 0;
}

bool lct_cgroup_v1_after_clone(const struct lct_cgroup *cg)
{
	if (cg->sd_unit)
		return false;
	for (size_t i = 0; i < cg->n; i++)
		if (cg->h[i].version == 1)
			return true;
	return false;
}

/* The cgroup2 hierarchy when a process can be placed in it: hybrid's
 * unified one too (clone3 puts the child there, and lct_cgroup_join_self
 * the v1 ones); the systemd driver's scope only once systemd started it. */
static struct lct_cgroup_hier *usable_v2(struct lct_cgroup *cg)
{
	return cg->sd_unit && !cg->sd_started ? NULL : lct_cgroup_hier_v2(cg);
}

int lct_cgroup_v2_fd(struct lct_cgroup *cg, struct libct_error *err)
{
	struct lct_cgroup_hier *h = usable_v2(cg);

	if (!h)
		return -EBADF;
	if (cg->v2fd < 0)
		cg->v2fd = open(h->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* never passed over: the process would stay out of the hierarchy */
	if (cg->v2fd < 0) {
		int r = lct_err(err, -errno, "open cgroup '%s'", h->dir);

		cg->v2fd = -EBADF;
		return r == -EBADF ? -EIO : r;
	}
	return cg->v2fd;
}

int lct_cgroup_v2_fd_of(struct lct_cgroup *cg, pid_t pid, struct libct_error *err)
{
	struct lct_cgroup_hier *h = usable_v2(cg);
	_cleanup_free_ char *dir = NULL;
	int fd;

	if (!h)
		return -EBADF;
	fd = lct_cgroup_dir_of_pid(h, pid, &dir, err);
	if (fd < 0)
		return fd;
	/* the container's directory or one below it: init may have moved itself
	 * (into init.scope, as systemd does), never out */
	if (!lct_path_below(dir, h->dir, strlen(h->dir)))
		return lct_err_msg(err, -EPERM,
				   "process %d is in cgroup '%s', outside the container's '%s'",
				   (int)pid, dir, h->dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return lct_err(err, -errno, "open cgroup '%s'", dir);
	return fd;
}

/* The hierarchies entry ("CONTROLLERS:PATH", ":PATH" for all) names: set
 * dirs[i] to h[i]'s sub-cgroup for each. */
static int sub_dirs_of(const struct lct_cgroup *cg, const char *entry, char **dirs,
		       struct libct_error *err)
{
	size_t ctl_len = strcspn(entry, ":");
	const char *rel = entry + ctl_len + (entry[ctl_len] == ':');
	/* an empty one is the container's own cgroup, named "/" */
	const char *path = *rel ? rel : "/";
	_cleanup_free_ char *ctl = strndup(entry, ctl_len);

	if (!ctl)
		return lct_err(err, -ENOMEM, "sub-cgroup");
	/* each controller named must be a v1 hierarchy's */
	for (const char *c = ctl; *c; c += strcspn(c, ","), c += *c == ',') {
		size_t len = strcspn(c, ",");
		bool found = false;

		for (size_t i = 0; i < cg->n && !found; i++)
			found = cg->h[i].version == 1 && lct_list_has(cg->h[i].name, c, len);
		if (!found && cg->layout == LCT_CGROUP_V2)
			return lct_err_msg(err, -EINVAL,
					   "sub-cgroup '%s': on cgroup v2 it is given without "
					   "controllers",
					   path);
		if (!found)
			return lct_err_msg(err, -ENOENT,
					   "sub-cgroup '%s': unknown controller '%.*s' (no cgroup "
					   "v1 hierarchy has it)",
					   path, (int)len, c);
	}
	for (size_t i = 0; i < cg->n; i++) {
		const struct lct_cgroup_hier *h = &cg->h[i];

		/* every hierarchy, or the v1 ones of the controllers named */
		if (*ctl && (h->version != 1 || !lct_lists_overlap(h->name, ctl)))
			continue;
		if (dirs[i])
			return lct_err_msg(err, -EINVAL,
					   "sub-cgroups '%s' and '%s' name the same hierarchy "
					   "('%s')",
					   dirs[i][strlen(h->dir)] ? dirs[i] + strlen(h->dir) + 1 :
								     "/",
					   path, h->name);
		dirs[i] = *rel ? lct_asprintf("%s/%s", h->dir, rel) : strdup(h->dir);
		if (!dirs[i])
			return lct_err(err, -ENOMEM, "sub-cgroup");
		if (access(dirs[i], F_OK) < 0)
			return lct_err(err, -errno, "sub-cgroup '%s' of the container ('%s')", path,
				       dirs[i]);
	}
	return 0;
}

int lct_cgroup_sub_dirs(const struct lct_cgroup *cg, char *const *subs, char ***ret,
			struct libct_error *err)
{
	char **dirs;
	int r = 0;

	*ret = NULL;
	if (!subs || !subs[0])
		return 0;
	if (cg->sd_unit && !cg->sd_started)
		return lct_err_msg(err, -ENOENT, "sub-cgroup: the container's scope is not there");
	dirs = calloc(cg->n + 1, sizeof(*dirs));
	if (!dirs)
		return lct_err(err, -ENOMEM, "sub-cgroup");
	for (size_t s = 0; r == 0 && subs[s]; s++)
		r = sub_dirs_of(cg, subs[s], dirs, err);
	for (size_t i = 0; r == 0 && i < cg->n; i++)
		if (!dirs[i] && !(dirs[i] = strdup(cg->h[i].dir)))
			r = lct_err(err, -ENOMEM, "sub-cgroup");
	if (r < 0) {
		/* not a full vector yet: every slot */
		for (size_t i = 0; i < cg->n; i++)
			free(dirs[i]);
		free(dirs);
		return r;
	}
	*ret = dirs;
	return 0;
}

int lct_cgroup_sub_v2_fd(struct lct_cgroup *cg, char *const *dirs, struct libct_error *err)
{
	struct lct_cgroup_hier *h = usable_v2(cg);
	int fd;

	if (!h)
		return -EBADF;
	fd = open(dirs[h - cg->h], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return lct_err(err, -errno, "open cgroup '%s'", dirs[h - cg->h]);
	return fd;
}

/* ENOSPC from a cpuset hierarchy: say which files are empty. */
static int join_error(int r, const char *dir, bool cpuset, struct libct_error *err)
{
	char was[LIBCT_ERROR_MSG_MAX];

	if (r != -ENOSPC || !cpuset || !err)
		return r;
	memcpy(was, err->message, sizeof(was));
	return lct_err_msg(err, r,
			   "%.900s (cpuset.cpus or cpuset.mems of '%s' or one of its "
			   "ancestors is empty)",
			   was, dir);
}

/* j's hierarchies (cg's v1 ones, in order; their directories dirs[i], or
 * cg's when dirs is NULL), no file opened yet. */
static int join_describe(const struct lct_cgroup *cg, char *const *dirs, struct lct_cgroup_join *j,
			 struct libct_error *err)
{
	j->n = 0;
	for (size_t i = 0; i < cg->n; i++) {
		if (cg->h[i].version != 1)
			continue;
		if (j->n == LCT_CGROUP_JOIN_MAX) {
			j->n = 0;
			return lct_err_msg(err, -E2BIG, "more than %d cgroup v1 hierarchies",
					   LCT_CGROUP_JOIN_MAX);
		}
		j->fd[j->n] = -EBADF;
		j->dir[j->n] = dirs ? dirs[i] : cg->h[i].dir;
		j->cpuset[j->n] = cg->h[i].ctrls & (1u << LCT_CG_CPUSET);
		j->n++;
	}
	return 0;
}

int lct_cgroup_join_prepare(struct lct_cgroup *cg, char *const *dirs, struct lct_cgroup_join *j,
			    struct libct_error *err)
{
	int r = join_describe(cg, dirs, j, err);

	for (size_t i = 0; r == 0 && i < j->n; i++) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/tasks", j->dir[i]);
		j->fd[i] = open(path, O_WRONLY | O_CLOEXEC);
		if (j->fd[i] < 0)
			r = lct_err(err, -errno, "open '%s'", path);
	}
	if (r < 0)
		lct_cgroup_join_release(j);
	return r;
}

int lct_cgroup_join_adopt(const struct lct_cgroup *cg, struct lct_cgroup_join *j, const int *fds,
			  size_t n, struct libct_error *err)
{
	int r = join_describe(cg, NULL, j, err);

	if (r == 0 && j->n != n)
		r = lct_err_msg(err, -EPROTO, "join cgroup: %zu tasks files came, %zu expected", n,
				j->n);
	if (r < 0) {
		for (size_t i = 0; i < n; i++)
			close(fds[i]);
		j->n = 0;
		return r;
	}
	memcpy(j->fd, fds, sizeof(int) * n);
	return 0;
}

int lct_cgroup_join_self(const struct lct_cgroup_join *j, struct libct_error *err)
{
	for (size_t i = 0; i < j->n; i++) {
		int r;

		if (write(j->fd[i], "0", 1) == 1)
			continue;
		r = lct_err(err, -errno, "join cgroup '%s' (write 0 to tasks)", j->dir[i]);
		return join_error(r, j->dir[i], j->cpuset[i], err);
	}
	return 0;
}

void lct_cgroup_join_release(struct lct_cgroup_join *j)
{
	for (size_t i = 0; i < j->n; i++)
		if (j->fd[i] >= 0)
			close(j->fd[i]);
	j->n = 0;
}

int lct_cgroup_enter(struct lct_cgroup *cg, pid_t pid, struct libct_error *err)
{
	char buf[24];

	if (cg->sd_unit && !cg->sd_started) /* systemd driver: the scope starts with pid */
		return lct_systemd_start(cg, pid, err);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	/* every hierarchy, the controller-less ones (name=systemd, hybrid's unified) too */
	for (size_t i = 0; i < cg->n; i++) {
		int r = lct_cgroup_write(cg->h[i].dir, "cgroup.procs", buf, err);

		if (r < 0)
			return join_error(r, cg->h[i].dir, cg->h[i].ctrls & (1u << LCT_CG_CPUSET),
					  err);
	}
	return 0;
}

/* memory.checkBeforeUpdate (runc's and crun's rule, cgroup v2 only): a limit
 * at or below the usage would make the kernel reclaim and may OOM-kill. */
static int check_memory_usage(struct lct_cgroup *cg, const struct lct_resources *res,
			      struct libct_error *err)
{
	struct lct_cgroup_hier *v2 = lct_cgroup_hier_v2(cg);
	static const struct {
		enum libct_resource res;
		const char *what;
	} limits[] = { { LIBCT_MEMORY_LIMIT, "memory limit" },
		       { LIBCT_MEMORY_SWAP, "memory+swap limit" } };
	uint64_t usage;
	bool have_usage = false;
	int r;

	if (!res->mem_check_before_update || !v2 || !(v2->ctrls & (1u << LCT_CG_MEMORY)))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(limits); i++) {
		int64_t v = res->value[limits[i].res];

		if (!res->set[limits[i].res] || v <= 0)
			continue;
		if (!have_usage &&
		    (r = lct_cgroup_stat(cg, LIBCT_STAT_MEMORY_USAGE, &usage, err)) < 0)
			return r;
		have_usage = true;
		if ((uint64_t)v <= usage)
			return lct_err_msg(err, -EBUSY,
					   "%s %" PRId64
					   " is not above the current memory usage %" PRIu64
					   " (linux.resources.memory.checkBeforeUpdate)",
					   limits[i].what, v, usage);
	}
	return 0;
}

int lct_cgroup_update(struct lct_cgroup *cg, const struct lct_resources *res,
		      struct libct_error *err)
{
	int r = check_memory_usage(cg, res, err);

	if (r < 0)
		return r;
	/* systemd driver: the unit's properties, then the files */
	if (cg->sd_unit && (r = lct_systemd_update(cg, res, err)) < 0)
		return r;
	return lct_cgroup_apply(cg, res, false, err);
}

/* v1's freezer hierarchy, else the cgroup2 one (cgroup.freeze needs no controller). */
static struct lct_cgroup_hier *freezer_hier(struct lct_cgroup *cg)
{
	for (size_t i = 0; i < cg->n; i++)
		if (cg->h[i].version == 1 && (cg->h[i].ctrls & (1u << LCT_CG_FREEZER)))
			return &cg->h[i];
	return lct_cgroup_hier_v2(cg);
}

int lct_cgroup_freeze(struct lct_cgroup *cg, bool frozen, struct libct_error *err)
{
	struct lct_cgroup_hier *h = freezer_hier(cg);

	if (!h)
		return lct_err_msg(err, -EOPNOTSUPP, "cannot %s: no freezer cgroup controller",
				   frozen ? "freeze" : "thaw");
	if (h->version == 1)
		return lct_cgroup_v1_freeze(h->dir, frozen, err);
	return lct_cgroup_v2_freeze(h->dir, frozen, err);
}

int lct_cgroup_is_frozen(struct lct_cgroup *cg)
{
	struct lct_cgroup_hier *h = freezer_hier(cg);

	if (!h)
		return 0;
	return h->version == 1 ? lct_cgroup_v1_is_frozen(h->dir) : lct_cgroup_v2_is_frozen(h->dir);
}

/* Where the member list is read: pids, else the cgroup2 hierarchy, else any. */
static struct lct_cgroup_hier *procs_hier(struct lct_cgroup *cg)
{
	for (size_t i = 0; i < cg->n; i++)
		if (cg->h[i].version == 1 && (cg->h[i].ctrls & (1u << LCT_CG_PIDS)))
			return &cg->h[i];
	if (lct_cgroup_hier_v2(cg))
		return lct_cgroup_hier_v2(cg);
	return cg->n ? &cg->h[0] : NULL;
}

/* The pids of a cgroup.procs text, added to *v (*n of them). */
static int procs_parse(char *text, pid_t **v, size_t *n, struct libct_error *err)
{
	char *save = NULL;

	for (char *t = strtok_r(text, "\n", &save); t; t = strtok_r(NULL, "\n", &save)) {
		int64_t pid;
		pid_t *x;

		if (lct_parse_int64(t, &pid) < 0 || pid <= 0)
			continue;
		x = lct_array_grow(v, n, sizeof(**v));
		if (!x)
			return lct_err(err, -ENOMEM, "read cgroup.procs");
		*x = (pid_t)pid;
	}
	return 0;
}

struct procs {
	pid_t **v;
	size_t *n;
};

/* The processes of a sub-cgroup (the container's own: systemd or an engine
 * inside it make them); one removed meanwhile has none. */
static int procs_of_sub(int fd, void *arg, struct libct_error *err)
{
	struct procs *p = arg;
	_cleanup_free_ char *text = NULL;
	int r = lct_read_file_at(fd, "cgroup.procs", &text, NULL, NULL);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return lct_err(err, r, "read the cgroup.procs of a sub-cgroup");
	return procs_parse(text, p->v, p->n, err);
}

/* v1: a sub-cgroup thawed. One that froze itself stays frozen when its
 * parent thaws, and a frozen task does not die of SIGKILL: a container that
 * froze a sub-cgroup of its own would outlast delete -f. */
static int thaw_sub(int fd, void *arg, struct libct_error *err)
{
	lct_write_file_at(fd, "freezer.state", "THAWED", 6, NULL);
	return 0;
}

/* Every process in dir's cgroup and below it; -ENOENT when dir is gone. */
static int procs_read(const char *dir, pid_t **ret, size_t *ret_n, struct libct_error *err)
{
	static const struct lct_cgroup_walk walk = { .pre = procs_of_sub };
	_cleanup_free_ pid_t *v = NULL;
	_cleanup_free_ char *text = NULL;
	size_t n = 0;
	struct procs p = { &v, &n };
	int r = lct_cgroup_read(dir, "cgroup.procs", &text, err);

	if (r == 0)
		r = procs_parse(text, &v, &n, err);
	if (r == 0)
		r = lct_cgroup_walk_below(dir, &walk, &p, err);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(v);
	*ret_n = n;
	return 0;
}

int lct_cgroup_pids(struct lct_cgroup *cg, pid_t **ret, size_t *ret_n, struct libct_error *err)
{
	struct lct_cgroup_hier *h = procs_hier(cg);

	if (!h)
		return lct_err_msg(err, -ENOENT, "cgroup '%s' has no hierarchy", cg->path);
	return procs_read(h->dir, ret, ret_n, err);
}

/* How long one SIGKILL pass waits for the processes it signalled to exit. */
#define LCT_CGROUP_EXIT_WAIT_MS 200

/* Wait until every process behind fds (pidfds; negative entries are skipped)
 * has exited, ms at most in all: woken by each exit, no polling. */
static void wait_exits(const int *fds, size_t n, long ms)
{
	long deadline = lct_now_ms() + ms;

	for (size_t i = 0; i < n; i++) {
		long left = deadline - lct_now_ms();

		if (fds[i] >= 0 && lct_pidfd_wait(fds[i], left > 0 ? left : 0) == -ETIMEDOUT)
			return;
	}
}

/* Signal each listed process once, through a pidfd (the pid cannot be reused
 * under it from there on). wait (SIGKILL): then wait for them to exit and go
 * round again for ones forked meanwhile. */
static int signal_members(struct lct_cgroup *cg, int sig, bool wait, struct libct_error *err)
{
	struct lct_cgroup_hier *h = procs_hier(cg);

	for (int pass = 0; h && pass < 5; pass++) {
		_cleanup_free_ pid_t *pids = NULL;
		_cleanup_free_ int *fds = NULL;
		size_t n = 0;
		int r = procs_read(h->dir, &pids, &n, err);

		if (r == -ENOENT)
			return 0;
		if (r < 0)
			return r;
		if (n == 0)
			break;
		fds = malloc(n * sizeof(*fds));
		if (!fds)
			return lct_err(err, -ENOMEM, "kill");
		for (size_t i = 0; i < n; i++)
			fds[i] = -EBADF;
		for (size_t i = 0; i < n && r == 0; i++) {
			fds[i] = (int)syscall(SYS_pidfd_open, pids[i], 0);
			/* no fd left (EMFILE): by pid, not waited for */
			if (fds[i] < 0 ? kill(pids[i], sig) < 0 && errno != ESRCH :
					 syscall(SYS_pidfd_send_signal, fds[i], sig, NULL, 0) < 0 &&
						 errno != ESRCH)
				r = lct_err(err, -errno, "kill %d with signal %d", (int)pids[i],
					    sig);
		}
		if (r == 0 && wait)
			wait_exits(fds, n, LCT_CGROUP_EXIT_WAIT_MS);
		for (size_t i = 0; i < n; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		if (r < 0 || !wait)
			return r;
	}
	return 0;
}

int lct_cgroup_has_members(struct lct_cgroup *cg)
{
	struct lct_cgroup_hier *h = procs_hier(cg);
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;

	if (!h || procs_read(h->dir, &pids, &n, NULL) < 0)
		return -1;
	return n > 0;
}

int lct_cgroup_kill(struct lct_cgroup *cg, int sig, struct libct_error *err)
{
	struct lct_cgroup_hier *v2 = lct_cgroup_hier_v2(cg), *fz = freezer_hier(cg);
	bool thaw = false;
	int r;

	if (cg->sd_unit && !cg->sd_started) /* systemd driver: no scope of ours yet */
		return 0;

	if (sig == SIGKILL && v2) {
		r = lct_cgroup_v2_kill(v2->dir, err);
		if (r < 0 && r != -ENOENT)
			return r;
		/* everything of the container is in the cgroup2 directory (clone3
		 * put init and every exec there): wait for the killed to exit,
		 * through their pidfds (cgroup.events may tell up to 10 ms late),
		 * so that the directory can go at once; on a hybrid host the v1
		 * sweep below is for anyone who left it */
		if (r == 0) {
			r = signal_members(cg, sig, true, err);
			if (r < 0 || cg->layout == LCT_CGROUP_V2)
				return r;
		}
	}
	/* a frozen group cannot fork away from a SIGKILL sweep; thawing then lets
	 * the signal be delivered (a v1 frozen task does not die until thawed).
	 * Nobody left: nothing to freeze. */
	if (sig == SIGKILL && fz && fz->version == 1 && lct_cgroup_has_members(cg) != 0)
		thaw = lct_cgroup_v1_freeze(fz->dir, true, NULL) == 0;
	r = signal_members(cg, sig, false, err);
	/* the sub-cgroups first, while the container's own still holds
	 * everyone frozen: nobody is left to freeze one again */
	if (sig == SIGKILL && fz && fz->version == 1)
		lct_cgroup_walk_below(fz->dir, &(struct lct_cgroup_walk){ .pre = thaw_sub }, NULL,
				      NULL);
	if (thaw || (sig == SIGKILL && fz && lct_cgroup_is_frozen(cg) == 1))
		lct_cgroup_freeze(cg, false, NULL);
	if (r == 0 && sig == SIGKILL)
		r = signal_members(cg, sig, true, err);
	return r;
}

/* rmdir, retried while exiting processes leave, until deadline (ms). */
static int rmdir_until(const char *dir, long deadline, struct libct_error *err)
{
	for (long step = 1;; lct_backoff_sleep(&step)) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY || lct_now_ms() >= deadline)
			return lct_err(err, -errno, "rmdir '%s'%s", dir,
				       errno == EBUSY ? " (processes are still in it)" : "");
	}
}

struct removal {
	const char *top;
	long deadline;
};

/* A sub-cgroup of the container's (made by its processes), once those below
 * it are gone; retried while exiting processes leave, until the deadline. */
static int remove_sub(int parentfd, const char *name, void *arg, struct libct_error *err)
{
	const struct removal *rm = arg;

	for (long step = 1;; lct_backoff_sleep(&step)) {
		if (unlinkat(parentfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY || lct_now_ms() >= rm->deadline)
			return lct_err(err, -errno, "rmdir '%s' below '%s'%s", name, rm->top,
				       errno == EBUSY ? " (processes are still in it)" : "");
	}
}

/* Only the container's directory goes: ancestors (the shared "ct/") stay,
 * as runc and crun leave them, so that no create finds one half made. */
int lct_cgroup_destroy(struct lct_cgroup *cg, struct libct_error *err)
{
	long deadline = lct_now_ms() + LCT_CGROUP_DESTROY_WAIT_MS;
	int first = 0;

	if (cg->sd_unit) /* systemd driver: systemd removes the scope's cgroup */
		return cg->sd_started ? lct_systemd_stop(cg, err) : 0;
	for (size_t i = 0; i < cg->n; i++) {
		struct lct_cgroup_hier *h = &cg->h[i];
		int r;

		if (!h->owned)
			continue;
		/* an empty directory goes at once; the walk only when it is busy
		 * (sub-cgroups, or processes still leaving) */
		r = rmdir(h->dir) == 0 || errno == ENOENT ? 0 : -errno;
		if (r == -EBUSY) {
			struct removal rm = { h->dir, deadline };

			r = lct_cgroup_walk_below(h->dir,
						  &(struct lct_cgroup_walk){ .post = remove_sub },
						  &rm, first ? NULL : err);
			if (r == 0)
				r = rmdir_until(h->dir, deadline, first ? NULL : err);
		} else if (r < 0) {
			r = lct_err(first ? NULL : err, r, "rmdir '%s'", h->dir);
		}
		if (r < 0 && !first)
			first = r;
		if (r == 0)
			h->owned = false;
	}
	return first;
}

uint64_t lct_cgroup_oom_kills_before(struct lct_cgroup *cg)
{
	struct lct_cgroup_hier *h = lct_cgroup_hier_for(cg, LCT_CG_MEMORY);

	/* a directory made by this create has counted nothing yet */
	return h && !h->existed ? 0 : lct_cgroup_oom_kills(cg);
}

void lct_cgroup_free(struct lct_cgroup *cg)
{
	if (!cg)
		return;
	closep(&cg->v2fd);
	lct_systemd_free(cg->sd);
	free(cg->sd_unit);
	free(cg->sd_slice);
	lct_cgroup_hiers_free(cg->h, cg->n);
	free(cg->path);
	free(cg);
}

const char *lct_cgroup_path(const struct lct_cgroup *cg)
{
	return cg->path;
}

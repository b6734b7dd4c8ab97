/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Process descriptions: what to run and as whom. */
#include <stddef.h>
#include <sys/resource.h>

#include "core/internal.h"
#include "security/security.h"
#include "util/util.h"

LCT_EXPORT int libct_process_desc_new(struct libct_process_desc **ret, struct libct_error *err)
{
	struct libct_process_desc *pd = calloc(1, sizeof(*pd));

	if (!pd)
		return lct_err(err, -ENOMEM, "new process description");
	pd->console_socket = -1;
	pd->ioprio = -1;
	*ret = pd;
	return 0;
}

/* What a description owns, one row per pointer member: libct_process_desc_free
 * and lct_process_desc_copy both walk this table, so that a new member is
 * freed and deep-copied by adding its row here. */
enum owned_kind {
	OWNED_STR,     /* a string */
	OWNED_STRV,    /* a NULL-terminated string vector */
	OWNED_ARRAY,   /* n_off counts the elements, of elem bytes each */
	OWNED_ONE,     /* one object of elem bytes */
	OWNED_SECCOMP, /* struct lct_seccomp */
};

struct owned {
	size_t off;
	enum owned_kind kind;
	size_t elem;
	size_t n_off;
};

#define PD_OFF(f) offsetof(struct libct_process_desc, f)
#define PD_ELEM(f) sizeof(*((struct libct_process_desc *)0)->f)
#define OWN_STR(f)                                                                                 \
	{                                                                                          \
		PD_OFF(f), OWNED_STR, 0, 0                                                         \
	}
#define OWN_STRV(f)                                                                                \
	{                                                                                          \
		PD_OFF(f), OWNED_STRV, 0, 0                                                        \
	}
#define OWN_ARRAY(f, n)                                                                            \
	{                                                                                          \
		PD_OFF(f), OWNED_ARRAY, PD_ELEM(f), PD_OFF(n)                                      \
	}
#define OWN_ONE(f)                                                                                 \
	{                                                                                          \
		PD_OFF(f), OWNED_ONE, PD_ELEM(f), 0                                                \
	}

static const struct owned owned[] = {
	OWN_STRV(argv),
	OWN_STRV(env),
	OWN_STR(cwd),
	OWN_ARRAY(groups, n_groups),
	OWN_ARRAY(rlimits, n_rlimits),
	OWN_STR(apparmor_profile),
	OWN_STR(selinux_label),
	{ PD_OFF(seccomp), OWNED_SECCOMP, 0, 0 },
	OWN_ARRAY(fds, n_fds),
	OWN_STR(exec_path),
	OWN_STR(user_name),
	OWN_ONE(affinity[0]),
	OWN_ONE(affinity[1]),
	OWN_STR(session_keyring),
	OWN_STRV(sub_cgroups),
};

static void **member(const struct libct_process_desc *pd, const struct owned *o)
{
	return (void **)((char *)pd + o->off);
}

static void owned_free(struct libct_process_desc *pd, const struct owned *o)
{
	void *v = *member(pd, o);

	if (o->kind == OWNED_STRV)
		lct_strv_free(v);
	else if (o->kind == OWNED_SECCOMP)
		lct_seccomp_config_free(v);
	else
		free(v);
}

/* c's member o, a copy of pd's; false on ENOMEM. */
static bool owned_copy(struct libct_process_desc *c, const struct libct_process_desc *pd,
		       const struct owned *o)
{
	const void *v = *member(pd, o);
	void *copy = NULL;
	size_t n = 1;

	if (!v)
		return true;
	switch (o->kind) {
	case OWNED_STR:
		copy = strdup(v);
		break;
	case OWNED_STRV:
		copy = lct_strv_copy(v);
		break;
	case OWNED_SECCOMP:
		copy = lct_seccomp_config_copy(v);
		break;
	case OWNED_ARRAY:
		n = *(const size_t *)((const char *)pd + o->n_off);
		if (!n)
			return true;
		/* fall through */
	case OWNED_ONE:
		copy = malloc(n * o->elem);
		if (copy)
			memcpy(copy, v, n * o->elem);
		break;
	}
	*member(c, o) = copy;
	return copy != NULL;
}

LCT_EXPORT void libct_process_desc_free(struct libct_process_desc *pd)
{
	if (!pd)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(owned); i++)
		owned_free(pd, &owned[i]);
	free(pd);
}

struct libct_process_desc *lct_process_desc_copy(const struct libct_process_desc *pd)
{
	struct libct_process_desc *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	*c = *pd;
	/* none of pd's: what fails to copy is freed as c's */
	for (size_t i = 0; i < ARRAY_SIZE(owned); i++)
		*member(c, &owned[i]) = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(owned); i++)
		if (!owned_copy(c, pd, &owned[i])) {
			libct_process_desc_free(c);
			return NULL;
		}
	return c;
}

static bool strv_valid(const char *const *v)
{
	return v && v[0];
}

LCT_EXPORT int libct_process_desc_set_args(struct libct_process_desc *pd, const char *const *argv,
					   struct libct_error *err)
{
	char **c;

	if (!strv_valid(argv) || !*argv[0])
		return lct_err_msg(err, -EINVAL, "process args must not be empty");
	c = lct_strv_copy(argv);
	if (!c)
		return lct_err(err, -ENOMEM, "process args");
	lct_strv_free(pd->argv);
	pd->argv = c;
	return 0;
}

/* A name given twice keeps its last value, where that one stands (as runc,
 * through Go's exec). */
static void dedup_env(char **env)
{
	size_t out = 0;

	for (size_t i = 0; env[i]; i++) {
		size_t len = strcspn(env[i], "=") + 1;
		bool later = false;

		for (size_t j = i + 1; env[j] && !later; j++)
			later = strncmp(env[i], env[j], len) == 0;
		if (later)
			free(env[i]);
		else
			env[out++] = env[i];
	}
	env[out] = NULL;
}

LCT_EXPORT int libct_process_desc_set_env(struct libct_process_desc *pd, const char *const *env,
					  struct libct_error *err)
{
	char **c;

	for (size_t i = 0; env && env[i]; i++)
		if (!strchr(env[i], '=') || env[i][0] == '=')
			return lct_err_msg(err, -EINVAL, "environment entry '%s' is not NAME=value",
					   env[i]);
	c = env ? lct_strv_copy(env) : calloc(1, sizeof(char *));
	if (!c)
		return lct_err(err, -ENOMEM, "process env");
	dedup_env(c);
	lct_strv_free(pd->env);
	pd->env = c;
	return 0;
}

LCT_EXPORT int libct_process_desc_add_env(struct libct_process_desc *pd, const char *entry,
					  struct libct_error *err)
{
	const char *eq = entry ? strchr(entry, '=') : NULL;
	char *c;

	if (!eq || eq == entry)
		return lct_err_msg(err, -EINVAL, "environment entry '%s' is not NAME=value",
				   entry ? entry : "");
	for (size_t i = 0; pd->env && pd->env[i]; i++)
		if (strncmp(pd->env[i], entry, eq - entry + 1) == 0) {
			c = strdup(entry);
			if (!c)
				return lct_err(err, -ENOMEM, "process env");
			free(pd->env[i]);
			pd->env[i] = c;
			return 0;
		}
	if (lct_strv_push(&pd->env, entry) < 0)
		return lct_err(err, -ENOMEM, "process env");
	return 0;
}

LCT_EXPORT int libct_process_desc_set_cwd(struct libct_process_desc *pd, const char *cwd,
					  struct libct_error *err)
{
	char *c;

	if (!cwd || cwd[0] != '/')
		return lct_err_msg(err, -EINVAL, "cwd '%s' must be an absolute path",
				   cwd ? cwd : "");
	c = strdup(cwd);
	if (!c)
		return lct_err(err, -ENOMEM, "cwd");
	free(pd->cwd);
	pd->cwd = c;
	return 0;
}

LCT_EXPORT void libct_process_desc_set_user(struct libct_process_desc *pd, uid_t uid, gid_t gid)
{
	pd->uid = uid;
	pd->gid = gid;
}

LCT_EXPORT int libct_process_desc_set_additional_gids(struct libct_process_desc *pd,
						      const gid_t *gids, size_t n,
						      struct libct_error *err)
{
	gid_t *c = NULL;

	if (n > 65536)
		return lct_err_msg(err, -E2BIG, "too many additional gids (%zu)", n);
	if (n) {
		c = malloc(n * sizeof(gid_t));
		if (!c)
			return lct_err(err, -ENOMEM, "additional gids");
		memcpy(c, gids, n * sizeof(gid_t));
	}
	free(pd->groups);
	pd->groups = c;
	pd->n_groups = n;
	return 0;
}

LCT_EXPORT void libct_process_desc_set_umask(struct libct_process_desc *pd, mode_t umask)
{
	pd->has_umask = true;
	pd->umask = umask & 0777;
}

static const struct {
	const char *name;
	int res;
} rlimit_names[] = {
	{ "RLIMIT_CPU", RLIMIT_CPU },		{ "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_DATA", RLIMIT_DATA },		{ "RLIMIT_STACK", RLIMIT_STACK },
	{ "RLIMIT_CORE", RLIMIT_CORE },		{ "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_NPROC", RLIMIT_NPROC },	{ "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },	{ "RLIMIT_AS", RLIMIT_AS },
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS },	{ "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO },	{ "RLIMIT_RTTIME", RLIMIT_RTTIME },
};

LCT_EXPORT int libct_rlimit_from_string(const char *name, int *ret)
{
	for (size_t i = 0; i < ARRAY_SIZE(rlimit_names); i++)
		if (strcmp(name, rlimit_names[i].name) == 0) {
			*ret = rlimit_names[i].res;
			return 0;
		}
	return -EINVAL;
}

LCT_EXPORT const char *libct_rlimit_to_string(int resource)
{
	for (size_t i = 0; i < ARRAY_SIZE(rlimit_names); i++)
		if (rlimit_names[i].res == resource)
			return rlimit_names[i].name;
	return NULL;
}

LCT_EXPORT int libct_process_desc_add_rlimit(struct libct_process_desc *pd, int resource,
					     uint64_t soft, uint64_t hard, struct libct_error *err)
{
	struct lct_rlimit *rl;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return lct_err_msg(err, -EINVAL, "unknown rlimit %d", resource);
	if (soft > hard)
		return lct_err_msg(err, -EINVAL, "%s: soft limit is above the hard limit",
				   libct_rlimit_to_string(resource) ?: "rlimit");
	for (size_t i = 0; i < pd->n_rlimits; i++)
		if (pd->rlimits[i].resource == resource)
			return lct_err_msg(err, -EINVAL, "rlimit %d given twice", resource);
	rl = lct_array_grow(&pd->rlimits, &pd->n_rlimits, sizeof(*rl));
	if (!rl)
		return lct_err(err, -ENOMEM, "rlimit");
	*rl = (struct lct_rlimit){ resource, soft, hard };
	return 0;
}

LCT_EXPORT int libct_process_desc_set_oom_score_adj(struct libct_process_desc *pd, int adj,
						    struct libct_error *err)
{
	if (adj < -1000 || adj > 1000)
		return lct_err_msg(err, -ERANGE, "oom_score_adj %d is out of range (-1000 to 1000)",
				   adj);
	pd->has_oom_score_adj = true;
	pd->oom_score_adj = adj;
	return 0;
}

LCT_EXPORT void libct_process_desc_set_no_new_privileges(struct libct_process_desc *pd, bool on)
{
	pd->no_new_privs = on;
}

LCT_EXPORT void libct_process_desc_set_terminal(struct libct_process_desc *pd, bool on)
{
	pd->terminal = on;
}

LCT_EXPORT void libct_process_desc_set_caps(struct libct_process_desc *pd, enum libct_cap_set set,
					    uint64_t mask)
{
	if ((unsigned)set >= LIBCT_CAP_SET__MAX)
		return;
	pd->caps_set = true;
	pd->caps[set] = mask;
}

LCT_EXPORT uint64_t libct_process_desc_get_caps(const struct libct_process_desc *pd,
						enum libct_cap_set set)
{
	return (unsigned)set < LIBCT_CAP_SET__MAX ? pd->caps[set] : 0;
}

LCT_EXPORT void libct_process_desc_set_terminal_onlcr(struct libct_process_desc *pd, bool on)
{
	pd->no_onlcr = !on;
}

LCT_EXPORT void libct_process_desc_set_console_size(struct libct_process_desc *pd,
						    unsigned short height, unsigned short width)
{
	pd->console_rows = height;
	pd->console_cols = width;
}

LCT_EXPORT bool libct_process_desc_get_terminal(const struct libct_process_desc *pd)
{
	return pd->terminal;
}

LCT_EXPORT void libct_process_desc_set_console_socket(struct libct_process_desc *pd, int fd)
{
	pd->console_socket = fd;
}

LCT_EXPORT void libct_process_desc_set_preserve_fds(struct libct_process_desc *pd, unsigned int n)
{
	pd->preserve_fds = n;
}

LCT_EXPORT int libct_process_desc_set_fds(struct libct_process_desc *pd, const int *fds, size_t n,
					  struct libct_error *err)
{
	int *c = NULL;

	if (n > LCT_PROCESS_FDS_MAX)
		return lct_err_msg(err, -EINVAL,
				   "at most %d fds can be given to a process, not %zu",
				   LCT_PROCESS_FDS_MAX, n);
	for (size_t i = 0; i < n; i++)
		if (fds[i] < 0)
			return lct_err_msg(err, -EBADF, "fd %zu of the process: %d is not an fd", i,
					   fds[i]);
	if (n && !(c = malloc(n * sizeof(int))))
		return lct_err(err, -ENOMEM, "process fds");
	if (n)
		memcpy(c, fds, n * sizeof(int));
	free(pd->fds);
	pd->fds = c;
	pd->n_fds = n;
	return 0;
}

LCT_EXPORT void libct_process_desc_set_new_session(struct libct_process_desc *pd, bool on)
{
	pd->new_session = on;
}

LCT_EXPORT void libct_process_desc_set_keep_groups(struct libct_process_desc *pd, bool keep)
{
	pd->keep_groups = keep;
}

LCT_EXPORT void libct_process_desc_set_pdeathsig(struct libct_process_desc *pd, int sig)
{
	pd->pdeathsig = sig;
}

LCT_EXPORT int libct_process_desc_set_exec_path(struct libct_process_desc *pd, const char *path,
						struct libct_error *err)
{
	char *c;

	if (!path || !*path)
		return lct_err_msg(err, -EINVAL, "the path to execute must not be empty");
	c = strdup(path);
	if (!c)
		return lct_err(err, -ENOMEM, "exec path");
	free(pd->exec_path);
	pd->exec_path = c;
	return 0;
}

LCT_EXPORT void libct_process_desc_set_function(struct libct_process_desc *pd, int (*fn)(void *),
						void *arg)
{
	pd->fn = fn;
	pd->fn_arg = arg;
}

LCT_EXPORT int libct_process_desc_set_user_name(struct libct_process_desc *pd, const char *name,
						struct libct_error *err)
{
	char *c;

	if (!name || !*name || strchr(name, ':') || strchr(name, '\n'))
		return lct_err_msg(err, -EINVAL, "user name '%s' is not valid", name ? name : "");
	c = strdup(name);
	if (!c)
		return lct_err(err, -ENOMEM, "user name");
	free(pd->user_name);
	pd->user_name = c;
	return 0;
}

LCT_EXPORT int libct_process_desc_add_sub_cgroup(struct libct_process_desc *pd,
						 const char *controllers, const char *path,
						 struct libct_error *err)
{
	const char *ctl = controllers ? controllers : "";
	const char *p = path ? path + strspn(path, "/") : "";
	const char *shown = *p ? p : "/"; /* in messages */
	_cleanup_free_ char *entry = NULL;
	char **v;
	size_t n = lct_strv_len(pd->sub_cgroups);

	/* "/" (or "") is the container's own cgroup, as runc joins it */
	if (!path)
		return lct_err_msg(err, -EINVAL, "sub-cgroup: no path");
	/* below the container's cgroup, never beside or above it */
	for (const char *c = p; *c; c += strcspn(c, "/"), c += strspn(c, "/")) {
		size_t len = strcspn(c, "/");

		if ((len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
			return lct_err_msg(err, -EINVAL,
					   "sub-cgroup '%s': '.' and '..' are not allowed", path);
	}
	if (strpbrk(ctl, ":/") || ctl[0] == ',' || strstr(ctl, ",,") ||
	    (*ctl && ctl[strlen(ctl) - 1] == ','))
		return lct_err_msg(err, -EINVAL, "sub-cgroup '%s': controllers '%s' are not a list",
				   shown, ctl);
	for (size_t i = 0; i < n; i++) {
		const char *other = pd->sub_cgroups[i];
		size_t olen = strcspn(other, ":");
		_cleanup_free_ char *names = strndup(other, olen);

		if (!names)
			return lct_err(err, -ENOMEM, "sub-cgroup");
		if (!*ctl || !olen)
			return lct_err_msg(err, -EINVAL,
					   "sub-cgroup '%s': one for every hierarchy is given "
					   "alone",
					   shown);
		if (lct_lists_overlap(names, ctl))
			return lct_err_msg(err, -EINVAL,
					   "sub-cgroup '%s': a controller of '%s' has one already",
					   shown, ctl);
	}
	entry = lct_asprintf("%s:%s", ctl, p);
	v = entry ? realloc(pd->sub_cgroups, (n + 2) * sizeof(*v)) : NULL;
	if (!v)
		return lct_err(err, -ENOMEM, "sub-cgroup");
	v[n] = TAKE_PTR(entry);
	v[n + 1] = NULL;
	pd->sub_cgroups = v;
	return 0;
}

LCT_EXPORT int libct_process_desc_set_session_keyring(struct libct_process_desc *pd,
						      const char *name, struct libct_error *err)
{
	char *c;

	if (!name || !*name)
		return lct_err_msg(err, -EINVAL, "a session keyring needs a name");
	c = strdup(name);
	if (!c)
		return lct_err(err, -ENOMEM, "session keyring");
	free(pd->session_keyring);
	pd->session_keyring = c;
	return 0;
}

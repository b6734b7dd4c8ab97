/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.json "process": what to run and as whom, into a libct_process_desc. */
#include <inttypes.h>
#include <stdio.h>
#include <strings.h>
#include <sys/resource.h>

#include "core/internal.h" /* only for the session's log sink */
#include "oci/oci.h"
#include "util/util.h"

static int load_args_env_cwd(struct lct_oci *o, struct json_object *p)
{
	_cleanup_free_ const char **args = NULL, **env = NULL;
	struct json_object *a;
	const char *cwd;
	size_t n = 0;
	int r;

	r = lct_oci_get_array(p, "process", "args", false, &a, o->err);
	if (r <= 0 || json_object_array_length(a) == 0)
		return lct_err_msg(o->err, -EINVAL,
				   "process.args: must be a non-empty array of strings");
	r = lct_oci_get_strv(p, "process", "args", true, &args, &n, o->err);
	if (r < 0)
		return r;
	if (!*args[0])
		return lct_err_msg(o->err, -EINVAL, "process.args[0]: must not be empty");
	if (libct_process_desc_set_args(o->pd, args, o->err) < 0)
		return lct_err_prefix(o->err, "process.args");

	r = lct_oci_get_strv(p, "process", "env", false, &env, NULL, o->err);
	if (r < 0)
		return r;
	/* none given is an empty one (runc's and crun's reading): no PATH to
	 * look a bare argv[0] up in */
	if (libct_process_desc_set_env(o->pd, r > 0 ? env : NULL, o->err) < 0)
		return lct_err_prefix(o->err, "process.env");

	/* cwd is REQUIRED by the spec, in config.json and in a process file
	 * (exec --process): runc ("Cwd property must not be empty") and crun
	 * ("Required field 'cwd' not present") refuse both without it */
	r = lct_oci_get_string(p, "process", "cwd", true, &cwd, o->err);
	if (r < 0)
		return r;
	if (r > 0) {
		if ((r = lct_oci_want_abs(cwd, "process.cwd", o->err)) < 0)
			return r;
		if (libct_process_desc_set_cwd(o->pd, cwd, o->err) < 0)
			return lct_err_prefix(o->err, "process.cwd");
	}
	return 0;
}

static int load_user(struct lct_oci *o, struct json_object *p)
{
	_cleanup_free_ gid_t *gids = NULL;
	char path[LCT_OCI_PATH_MAX];
	struct json_object *user, *a;
	uint32_t uid = 0, gid = 0;
	int64_t n;
	size_t len;
	int r;

	/* username is Windows-only and ignored */
	r = lct_oci_get_object(p, "process", "user", false, &user, o->err);
	if (r <= 0)
		return r;
	if ((r = lct_oci_get_u32(user, "process.user", "uid", false, &uid, o->err)) < 0 ||
	    (r = lct_oci_get_u32(user, "process.user", "gid", false, &gid, o->err)) < 0)
		return r;
	libct_process_desc_set_user(o->pd, uid, gid);
	/* a uint32 (runc's and crun's type, both take any); umask(2) keeps the
	 * permission bits only, said in a warning where others are set */
	r = lct_oci_get_int(user, "process.user", "umask", false, 0, UINT32_MAX, &n, o->err);
	if (r < 0)
		return r;
	if (r > 0 && (n & ~0777))
		lct_log(o->ct ? o->ct->session : NULL, LIBCT_LOG_WARNING,
			"process.user.umask: %" PRId64
			" is more than permission bits: %04o is used",
			n, (unsigned)(n & 0777));
	if (r > 0)
		libct_process_desc_set_umask(o->pd, (mode_t)(n & 0777));
	r = lct_oci_get_array(user, "process.user", "additionalGids", false, &a, o->err);
	if (r <= 0)
		return r;
	len = json_object_array_length(a);
	gids = calloc(len ? len : 1, sizeof(*gids));
	if (!gids)
		return lct_err(o->err, -ENOMEM, "process.user.additionalGids");
	for (size_t i = 0; i < len; i++) {
		r = lct_oci_want_int(json_object_array_get_idx(a, i),
				     lct_oci_path_index(path, "process.user.additionalGids", i), 0,
				     UINT32_MAX, &n, o->err);
		if (r < 0)
			return r;
		gids[i] = (gid_t)n;
	}
	if (libct_process_desc_set_additional_gids(o->pd, gids, len, o->err) < 0)
		return lct_err_prefix(o->err, "process.user.additionalGids");
	return 0;
}

/* Each set given is set; a set missing from a present "capabilities" object is
 * empty, and so is every set when config.json has no "capabilities" (runc and
 * crun: an absent key grants nothing). A process file (`exec --process`)
 * without them is left without a capability call: the library gives it the
 * container's sets, as runc and crun do. Names this kernel does not know are
 * skipped with a warning (as runc). */
static int load_caps(struct lct_oci *o, struct json_object *p)
{
	static const char *const sets[LIBCT_CAP_SET__MAX] = {
		[LIBCT_CAP_BOUNDING] = "bounding",	 [LIBCT_CAP_EFFECTIVE] = "effective",
		[LIBCT_CAP_INHERITABLE] = "inheritable", [LIBCT_CAP_PERMITTED] = "permitted",
		[LIBCT_CAP_AMBIENT] = "ambient",
	};
	struct json_object *caps;
	int r = lct_oci_get_object(p, "process", "capabilities", false, &caps, o->err);

	if (r < 0)
		return r;
	if (r == 0) {
		/* not the library's default for a description never given
		 * capabilities (every one of a root caller's) */
		if (o->ct)
			for (int s = 0; s < LIBCT_CAP_SET__MAX; s++)
				libct_process_desc_set_caps(o->pd, s, 0);
		return 0;
	}
	for (int s = 0; s < LIBCT_CAP_SET__MAX; s++) {
		_cleanup_free_ const char **names = NULL;
		uint64_t mask = 0;
		size_t n = 0;
		int cap;

		r = lct_oci_get_strv(caps, "process.capabilities", sets[s], false, &names, &n,
				     o->err);
		if (r < 0)
			return r;
		for (size_t i = 0; i < n; i++) {
			/* the runtime-spec's names are CAP_*: "KILL" is unknown
			 * to runc and crun alike, though the library takes it */
			r = strncasecmp(names[i], "CAP_", 4) ?
				    -EINVAL :
				    libct_cap_from_string(names[i], &cap);
			if (r == -EOPNOTSUPP) {
				if (o->ct)
					lct_log(o->ct ? o->ct->session : NULL, LIBCT_LOG_WARNING,
						"process.capabilities.%s: '%s' is unknown to "
						"this kernel, skipped",
						sets[s], names[i]);
				continue;
			}
			/* runtime-spec: a capability that cannot be granted
			 * is a warning, not an error (runc and crun alike) */
			if (r < 0 || cap < 0 || cap > 63) {
				lct_log(o->ct ? o->ct->session : NULL, LIBCT_LOG_WARNING,
					"process.capabilities.%s[%zu]: unknown capability "
					"'%s', skipped",
					sets[s], i, names[i]);
				continue;
			}
			mask |= 1ULL << cap;
		}
		libct_process_desc_set_caps(o->pd, s, mask);
	}
	return 0;
}

static int load_rlimit(struct lct_oci *o, struct json_object *rl, const char *path, uint64_t *seen)
{
	const char *type;
	uint64_t soft, hard;
	int res, r;

	if ((r = lct_oci_want_object(rl, path, o->err)) < 0 ||
	    (r = lct_oci_get_string(rl, path, "type", true, &type, o->err)) < 0)
		return r;
	if (libct_rlimit_from_string(type, &res) < 0)
		return lct_err_msg(o->err, -EINVAL, "%s.type: unknown rlimit '%s'", path, type);
	if (res >= 0 && res < 64) {
		if (*seen & (1ULL << res))
			return lct_err_msg(o->err, -EINVAL,
					   "process.rlimits: duplicate rlimit '%s'", type);
		*seen |= 1ULL << res;
	}
	if ((r = lct_oci_get_uint64(rl, path, "soft", true, &soft, o->err)) < 0 ||
	    (r = lct_oci_get_uint64(rl, path, "hard", true, &hard, o->err)) < 0)
		return r;
	if (soft > hard)
		return lct_err_msg(o->err, -EINVAL,
				   "%s: soft limit %" PRIu64 " is above the hard limit %" PRIu64,
				   path, soft, hard);
	if (libct_process_desc_add_rlimit(o->pd, res, soft, hard, o->err) < 0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int load_rlimits(struct lct_oci *o, struct json_object *p)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *a;
	uint64_t seen = 0;
	int r = lct_oci_get_array(p, "process", "rlimits", false, &a, o->err);

	if (r <= 0)
		return r;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		r = load_rlimit(o, json_object_array_get_idx(a, i),
				lct_oci_path_index(path, "process.rlimits", i), &seen);
		if (r < 0)
			return r;
	}
	return 0;
}

/* process.consoleSize: both REQUIRED when it is there; a terminal's size is
 * 16 bits a side (struct winsize) */
static int load_console_size(struct lct_oci *o, struct json_object *p)
{
	struct json_object *cs;
	int64_t h, w;
	int r = lct_oci_get_object(p, "process", "consoleSize", false, &cs, o->err);

	if (r <= 0)
		return r;
	if ((r = lct_oci_get_int(cs, "process.consoleSize", "height", true, 0, UINT16_MAX, &h,
				 o->err)) < 0 ||
	    (r = lct_oci_get_int(cs, "process.consoleSize", "width", true, 0, UINT16_MAX, &w,
				 o->err)) < 0)
		return r;
	libct_process_desc_set_console_size(o->pd, (unsigned short)h, (unsigned short)w);
	return 0;
}

static int load_flags_and_labels(struct lct_oci *o, struct json_object *p)
{
	const char *s;
	int64_t adj;
	bool b;
	int r;

	r = lct_oci_get_bool(p, "process", "terminal", false, &b, o->err);
	if (r < 0)
		return r;
	if (r > 0)
		libct_process_desc_set_terminal(o->pd, b);
	if ((r = load_console_size(o, p)) < 0)
		return r;
	r = lct_oci_get_bool(p, "process", "noNewPrivileges", false, &b, o->err);
	if (r < 0)
		return r;
	if (r > 0)
		libct_process_desc_set_no_new_privileges(o->pd, b);
	r = lct_oci_get_int(p, "process", "oomScoreAdj", false, -1000, 1000, &adj, o->err);
	if (r < 0)
		return r;
	if (r > 0 && libct_process_desc_set_oom_score_adj(o->pd, (int)adj, o->err) < 0)
		return lct_err_prefix(o->err, "process.oomScoreAdj");
	r = lct_oci_get_string(p, "process", "apparmorProfile", false, &s, o->err);
	if (r < 0)
		return r;
	if (r > 0 && *s && libct_process_desc_set_apparmor_profile(o->pd, s, o->err) < 0)
		return lct_err_prefix(o->err, "process.apparmorProfile");
	r = lct_oci_get_string(p, "process", "selinuxLabel", false, &s, o->err);
	if (r < 0)
		return r;
	if (r > 0 && *s && libct_process_desc_set_selinux_label(o->pd, s, o->err) < 0)
		return lct_err_prefix(o->err, "process.selinuxLabel");
	return 0;
}

/* Fill o->pd from the process object. Accepted without a check:
 * consoleSize (the CLI sizes the terminal), commandLine and user.username
 * (Windows only). */
int lct_oci_process(struct lct_oci *o, struct json_object *p)
{
	int r;

	if ((r = load_args_env_cwd(o, p)) < 0 || (r = load_user(o, p)) < 0 ||
	    (r = load_caps(o, p)) < 0 || (r = load_rlimits(o, p)) < 0 ||
	    (r = load_flags_and_labels(o, p)) < 0 || (r = lct_oci_process_sched(o, p)) < 0)
		return r;
	/* a session (and process group) of its own, as runc and crun give
	 * every container process */
	libct_process_desc_set_new_session(o->pd, true);
	return 0;
}

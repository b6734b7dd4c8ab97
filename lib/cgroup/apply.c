/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Applying resources: each active knob of the table goes to the hierarchy
 * that holds its controller, formatted for that hierarchy's version. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/stat.h>

#include "cgroup/cgroup-internal.h"
#include "util/util.h"

static int apply_knob(struct lct_cgroup *cg, struct lct_cgroup_hier *h,
		      const struct lct_resources *r, enum lct_cgroup_knob k,
		      struct libct_error *err)
{
	const struct lct_knob *kn = lct_knob_get(k);
	struct lct_cgroup_writes w;
	int ret;

	if (kn->apply_v2 && h->version == 2)
		return kn->apply_v2(cg, h, r, err);
	ret = lct_cgroup_knob_writes(r, k, h->version == 2, &w, err);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		lct_log(cg->s, LIBCT_LOG_DEBUG, "%s has no cgroup v%d equivalent, ignored",
			lct_cgroup_knob_name(k), h->version);
		return 0;
	}
	ret = lct_cgroup_writes_run(cg, h->dir, lct_cgroup_knob_name(k), &w, err);
	lct_cgroup_writes_free(&w);
	return ret;
}

/* The hierarchy for knob k, or an error saying that none has its controller. */
static int hier_for_knob(struct lct_cgroup *cg, enum lct_cgroup_knob k,
			 struct lct_cgroup_hier **ret, struct libct_error *err)
{
	const struct lct_knob *kn = lct_knob_get(k);
	enum lct_cgroup_ctrl c = kn->ctrl;

	*ret = lct_cgroup_hier_for(cg, c);
	if (*ret)
		return 0;
	if (c == LCT_CG_NONE) /* files of the cgroup2 hierarchy itself */
		return lct_err_msg(err, -EOPNOTSUPP, "%s", kn->missing_err);
	return lct_err_msg(err, -EOPNOTSUPP,
			   "cannot set %s: the '%s' cgroup controller is not "
			   "available",
			   lct_cgroup_knob_name(k),
			   lct_cgroup_ctrl_name(c, cg->layout == LCT_CGROUP_V2) ?: "?");
}

static int check_unified_keys(const struct lct_resources *r, struct libct_error *err)
{
	for (size_t i = 0; i < r->n_unified; i++) {
		int ret = lct_cgroup_unified_key_check(r->unified[i].key, err);

		if (ret < 0)
			return ret;
	}
	return 0;
}

const char *lct_cgroup_first_limit(const struct lct_resources *r)
{
	for (int k = 0; k < LCT_KNOB__MAX; k++)
		if (lct_knob_get(k)->ctrl != LCT_CG_DEVICES && lct_cgroup_knob_active(r, k))
			return lct_cgroup_knob_name(k);
	return r->n_unified ? "linux.resources.unified" : NULL;
}

int lct_cgroup_rootless_needs(struct lct_cgroup *cg, const struct lct_cgroup_hier *h,
			      const struct lct_resources *r, int why, struct libct_error *err)
{
	const char *what = NULL;

	for (int k = 0; k < LCT_KNOB__MAX && !what; k++) {
		const struct lct_knob *kn = lct_knob_get(k);

		/* device rules: a user namespace has no device nodes of its own
		 * to make, and as with runc their failure is no error */
		if (kn->ctrl != LCT_CG_DEVICES && lct_cgroup_knob_active(r, k) &&
		    lct_cgroup_hier_for(cg, kn->ctrl) == h)
			what = lct_cgroup_knob_name(k);
	}
	if (!what && h->version == 2 && r->n_unified)
		what = "linux.resources.unified";
	if (!what)
		return 0;
	return lct_err_msg(err, -why,
			   "cannot set %s: rootless, and the container's cgroup '%s' cannot be "
			   "made (%s)",
			   what, h->dir, strerror(why));
}

int lct_cgroup_apply(struct lct_cgroup *cg, const struct lct_resources *r, bool creating,
		     struct libct_error *err)
{
	struct lct_cgroup_hier *h, *v2 = lct_cgroup_hier_v2(cg);
	bool done[LCT_KNOB__MAX] = { false };
	int ret;

	ret = check_unified_keys(r, err);
	if (ret < 0)
		return ret;
	if (v2) {
		ret = lct_cgroup_v2_enable(cg, v2, r, err);
		if (ret < 0)
			return ret;
	}
	for (int k = 0; k < LCT_KNOB__MAX; k++) {
		const struct lct_knob *kn = lct_knob_get(k);
		bool active = lct_cgroup_knob_active(r, k);

		if (done[k] || (!active && !(creating && (kn->flags & LCT_KNOBF_AT_CREATE))))
			continue;
		ret = hier_for_knob(cg, k, &h, err);
		/* rootless, a hierarchy left out at the plan is no news */
		if (ret < 0 && !active) {
			lct_log(cg->s, lct_rootless(cg->s) ? LIBCT_LOG_DEBUG : LIBCT_LOG_WARNING,
				"no %s cgroup controller: the default %s "
				"are not applied",
				lct_cgroup_ctrl_name(kn->ctrl, false), kn->name);
			lct_err_clear(err);
			continue;
		}
		if (ret < 0)
			return ret;
		/* a knob the kernel wants written before this one, in this state of r */
		if (kn->first_if && h->version == 1 && lct_cgroup_knob_active(r, kn->first) &&
		    kn->first_if(h->dir, r)) {
			ret = apply_knob(cg, h, r, kn->first, err);
			if (ret < 0)
				return ret;
			done[kn->first] = true;
		}
		ret = apply_knob(cg, h, r, k, err);
		/* rootless: a device filter needs privileges the caller has not
		 * (a BPF program, the v1 devices files); its devices are the
		 * host's nodes, bound, as runc does not fail there either */
		if (ret < 0 && kn->ctrl == LCT_CG_DEVICES && lct_rootless(cg->s)) {
			lct_log(cg->s, LIBCT_LOG_DEBUG, "rootless: device rules not applied: %s",
				err ? err->message : strerror(-ret));
			lct_err_clear(err);
			continue;
		}
		if (ret < 0)
			return ret;
	}
	return lct_cgroup_raw_apply(cg, r, err);
}

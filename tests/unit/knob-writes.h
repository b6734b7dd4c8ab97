/* Shared by the cgroup unit tests: a knob's writes as one string to compare,
 * and a scalar resource set. Include after cgroup/cgroup-internal.h. */
#ifndef CT_TEST_KNOB_WRITES_H
#define CT_TEST_KNOB_WRITES_H

#include <stdio.h>

static char got[8192];

/* The writes of knob k as "file=value[|alt=altvalue];...", "IGNORED" or "ERR: message". */
static const char *writes(const struct lct_resources *r, enum lct_cgroup_knob k, bool v2)
{
	struct lct_cgroup_writes w;
	struct libct_error err = { 0 };
	int ret = lct_cgroup_knob_writes(r, k, v2, &w, &err);
	size_t n = 0;

	if (ret < 0) {
		snprintf(got, sizeof(got), "ERR: %s", err.message);
		return got;
	}
	if (ret == 1) {
		snprintf(got, sizeof(got), "IGNORED");
		return got;
	}
	got[0] = '\0';
	for (size_t i = 0; i < w.n; i++) {
		n += snprintf(got + n, sizeof(got) - n, "%s%s=%s", i ? ";" : "", w.w[i].file,
			      w.w[i].value);
		if (w.w[i].alt_file)
			n += snprintf(got + n, sizeof(got) - n, "|%s=%s", w.w[i].alt_file,
				      w.w[i].alt_value);
	}
	lct_cgroup_writes_free(&w);
	return got;
}

static void set(struct lct_resources *r, enum libct_resource k, int64_t v)
{
	r->value[k] = v;
	r->set[k] = true;
}

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* process.ioPriority, process.scheduler, process.execCPUAffinity and
 * linux.personality, linux.memoryPolicy into the process description. */
#include <stdio.h>
#include <sys/personality.h>

#include "oci/oci.h"
#include "util/util.h"

#define P "process"

static int io_priority(struct lct_oci *o, struct json_object *p)
{
	struct json_object *obj;
	const char *cls;
	int64_t level = 0;
	int c, r = lct_oci_get_object(p, P, "ioPriority", false, &obj, o->err);

	if (r <= 0)
		return r;
	if ((r = lct_oci_get_string(obj, P ".ioPriority", "class", true, &cls, o->err)) < 0 ||
	    (r = lct_oci_get_int(obj, P ".ioPriority", "priority", false, 0, 7, &level, o->err)) <
		    0)
		return r;
	if (libct_io_priority_class_from_string(cls, &c) < 0)
		return lct_err_msg(o->err, -EINVAL, P ".ioPriority.class: unknown class '%s'", cls);
	if (libct_process_desc_set_io_priority(o->pd, c, (int)level, o->err) < 0)
		return lct_err_prefix(o->err, P ".ioPriority");
	return 0;
}

static int scheduler(struct lct_oci *o, struct json_object *p)
{
	const char *path = P ".scheduler";
	struct json_object *obj;
	const char *pol, **fl = NULL;
	size_t n_fl = 0;
	int64_t nice = 0, prio = 0;
	uint64_t runtime = 0, deadline = 0, period = 0, flags = 0;
	int policy, r = lct_oci_get_object(p, P, "scheduler", false, &obj, o->err);

	if (r <= 0)
		return r;
	if ((r = lct_oci_get_string(obj, path, "policy", true, &pol, o->err)) < 0 ||
	    (r = lct_oci_get_int(obj, path, "nice", false, -20, 19, &nice, o->err)) < 0 ||
	    (r = lct_oci_get_int(obj, path, "priority", false, 0, INT32_MAX, &prio, o->err)) < 0 ||
	    (r = lct_oci_get_uint64(obj, path, "runtime", false, &runtime, o->err)) < 0 ||
	    (r = lct_oci_get_uint64(obj, path, "deadline", false, &deadline, o->err)) < 0 ||
	    (r = lct_oci_get_uint64(obj, path, "period", false, &period, o->err)) < 0 ||
	    (r = lct_oci_get_strv(obj, path, "flags", false, &fl, &n_fl, o->err)) < 0)
		return r;
	if (libct_sched_policy_from_string(pol, &policy) < 0) {
		free(fl);
		return lct_err_msg(o->err, -EINVAL, "%s.policy: unknown policy '%s'", path, pol);
	}
	for (size_t i = 0; i < n_fl; i++) {
		uint64_t f;

		if (libct_sched_flag_from_string(fl[i], &f) < 0) {
			r = lct_err_msg(o->err, -EINVAL, "%s.flags[%zu]: unknown flag '%s'", path,
					i, fl[i]);
			free(fl);
			return r;
		}
		flags |= f;
	}
	free(fl);
	if (libct_process_desc_set_scheduler(o->pd, policy, (int)nice, (int)prio, flags, runtime,
					     deadline, period, o->err) < 0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int cpu_affinity(struct lct_oci *o, struct json_object *p)
{
	struct json_object *obj;
	const char *initial = NULL, *final = NULL;
	int r = lct_oci_get_object(p, P, "execCPUAffinity", false, &obj, o->err);

	if (r <= 0)
		return r;
	if ((r = lct_oci_get_string(obj, P ".execCPUAffinity", "initial", false, &initial,
				    o->err)) < 0 ||
	    (r = lct_oci_get_string(obj, P ".execCPUAffinity", "final", false, &final, o->err)) < 0)
		return r;
	if (libct_process_desc_set_cpu_affinity(o->pd, initial, final, o->err) < 0)
		return lct_err_prefix(o->err, P ".execCPUAffinity");
	return 0;
}

int lct_oci_process_sched(struct lct_oci *o, struct json_object *p)
{
	int r;

	if ((r = io_priority(o, p)) < 0 || (r = scheduler(o, p)) < 0 ||
	    (r = cpu_affinity(o, p)) < 0)
		return r;
	return 0;
}

/* linux.personality: the domain LINUX or LINUX32; the spec defines no flags. */
int lct_oci_personality(struct lct_oci *o, struct json_object *l)
{
	struct json_object *obj, *fl;
	const char *domain;
	int r = lct_oci_get_object(l, "linux", "personality", false, &obj, o->err);

	if (r <= 0)
		return r;
	if ((r = lct_oci_get_string(obj, "linux.personality", "domain", true, &domain, o->err)) < 0)
		return r;
	if (strcmp(domain, "LINUX") != 0 && strcmp(domain, "LINUX32") != 0)
		return lct_err_msg(o->err, -EINVAL,
				   "linux.personality.domain: unknown domain '%s' (LINUX or "
				   "LINUX32)",
				   domain);
	r = lct_oci_get_array(obj, "linux.personality", "flags", false, &fl, o->err);
	if (r < 0)
		return r;
	if (r > 0 && json_object_array_length(fl) > 0)
		return lct_err_msg(o->err, -EINVAL,
				   "linux.personality.flags: no flag is supported");
	libct_process_desc_set_personality(o->pd, strcmp(domain, "LINUX32") == 0 ? PER_LINUX32 :
										   PER_LINUX);
	return 0;
}

/* linux.memoryPolicy: mode, nodes, flags, as set_mempolicy(2) takes them. */
int lct_oci_memory_policy(struct lct_oci *o, struct json_object *l)
{
	const char *const where = "linux.memoryPolicy";
	struct json_object *obj, *fl;
	const char *mode_name, *nodes = NULL;
	unsigned int flags = 0, f;
	struct libct_error e = { 0 };
	int mode, r = lct_oci_get_object(l, "linux", "memoryPolicy", false, &obj, o->err);

	if (r <= 0)
		return r;
	if ((r = lct_oci_get_string(obj, where, "mode", true, &mode_name, o->err)) < 0 ||
	    (r = lct_oci_get_string(obj, where, "nodes", false, &nodes, o->err)) < 0 ||
	    (r = lct_oci_get_array(obj, where, "flags", false, &fl, o->err)) < 0)
		return r;
	if (libct_mempolicy_mode_from_string(mode_name, &mode) < 0)
		return lct_err_msg(o->err, -EINVAL, "%s.mode: unknown mode '%s'", where, mode_name);
	for (size_t i = 0; r > 0 && i < json_object_array_length(fl); i++) {
		struct json_object *v = json_object_array_get_idx(fl, i);

		if (!json_object_is_type(v, json_type_string))
			return lct_err_msg(o->err, -EINVAL, "%s.flags[%zu]: must be a string",
					   where, i);
		if (libct_mempolicy_flag_from_string(json_object_get_string(v), &f) < 0)
			return lct_err_msg(o->err, -EINVAL, "%s.flags[%zu]: unknown flag '%s'",
					   where, i, json_object_get_string(v));
		flags |= f;
	}
	if (libct_process_desc_set_memory_policy(o->pd, mode, flags, nodes, &e) < 0)
		return lct_err_msg(o->err, e.code, "%s: %s", where, e.message);
	return 0;
}

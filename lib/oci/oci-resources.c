/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config.json "linux.resources": cgroup limits, through one table of JSON keys
 * for the scalar knobs and one small loader for each list (device rules, blkio devices, hugetlb,
 * net_prio, unified). */
#include <stdio.h>

#include "cgroup/knob-table.h"
#include "oci/oci.h"
#include "util/util.h"

#define RES "linux.resources"

/* One row per scalar: where it is in linux.resources and which libct resource it
 * sets. Its kind, its valid values and whether 0 means "not set" are the knob
 * table's (lib/cgroup/knob-table.c). */
static const struct key {
	const char *section, *key;
	enum libct_resource res;
} keys[] = {
	{ "memory", "limit", LIBCT_MEMORY_LIMIT },
	{ "memory", "reservation", LIBCT_MEMORY_RESERVATION },
	{ "memory", "swap", LIBCT_MEMORY_SWAP },
	{ "memory", "kernel", LIBCT_MEMORY_KERNEL },
	{ "memory", "kernelTCP", LIBCT_MEMORY_KERNEL_TCP },
	{ "memory", "swappiness", LIBCT_MEMORY_SWAPPINESS },
	{ "memory", "disableOOMKiller", LIBCT_MEMORY_DISABLE_OOM_KILLER },
	{ "memory", "useHierarchy", LIBCT_MEMORY_USE_HIERARCHY },
	{ "cpu", "shares", LIBCT_CPU_SHARES },
	{ "cpu", "quota", LIBCT_CPU_QUOTA },
	{ "cpu", "period", LIBCT_CPU_PERIOD },
	{ "cpu", "burst", LIBCT_CPU_BURST },
	{ "cpu", "realtimeRuntime", LIBCT_CPU_RT_RUNTIME },
	{ "cpu", "realtimePeriod", LIBCT_CPU_RT_PERIOD },
	{ "cpu", "idle", LIBCT_CPU_IDLE },
	{ "pids", "limit", LIBCT_PIDS_LIMIT },
	{ "blockIO", "weight", LIBCT_BLKIO_WEIGHT },
	{ "blockIO", "leafWeight", LIBCT_BLKIO_LEAF_WEIGHT },
	{ "network", "classID", LIBCT_NET_CLS_CLASSID },
};

const char *lct_oci_resource_key(enum libct_resource res, const char **ret_section)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].res == res) {
			*ret_section = keys[i].section;
			return keys[i].key;
		}
	return NULL;
}

static int load_knob(struct lct_oci *o, struct json_object *sect, const char *parent,
		     const struct key *k)
{
	const struct lct_knob *kn = lct_knob_of_resource(k->res);
	bool b = false; /* an absent key leaves it alone */
	int64_t v;
	int r;

	if (!kn)
		return lct_err_msg(o->err, -EINVAL, "%s.%s: no cgroup knob", parent, k->key);
	if (kn->kind == LCT_KIND_BOOL) {
		r = lct_oci_get_bool(sect, parent, k->key, false, &b, o->err);
		v = b;
	} else {
		r = lct_oci_get_int(sect, parent, k->key, false, kn->min, kn->max, &v, o->err);
	}
	if (r <= 0)
		return r;
	if ((kn->flags & LCT_KNOBF_ZERO_UNSET) && v == 0)
		return 0;
	if (libct_container_set_resource(o->ct, k->res, v, o->err) < 0)
		return lct_err_prefix(o->err, "%s.%s", parent, k->key);
	return 0;
}

static int load_knobs(struct lct_oci *o, struct json_object *res)
{
	char parent[LCT_OCI_PATH_MAX];
	struct json_object *sect;
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		/* each section is looked up again per row: a handful of rows, no state */
		r = lct_oci_get_object(res, RES, keys[i].section, false, &sect, o->err);
		if (r < 0)
			return r;
		if (r == 0)
			continue;
		lct_oci_path(parent, RES, keys[i].section);
		r = load_knob(o, sect, parent, &keys[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int load_cpuset(struct lct_oci *o, struct json_object *res)
{
	const char *cpus = NULL, *mems = NULL;
	struct json_object *cpu;
	int r = lct_oci_get_object(res, RES, "cpu", false, &cpu, o->err);

	if (r <= 0)
		return r;
	if ((r = lct_oci_get_string(cpu, RES ".cpu", "cpus", false, &cpus, o->err)) < 0 ||
	    (r = lct_oci_get_string(cpu, RES ".cpu", "mems", false, &mems, o->err)) < 0)
		return r;
	if (cpus && !*cpus)
		cpus = NULL;
	if (mems && !*mems)
		mems = NULL;
	if ((cpus || mems) && libct_container_set_cpuset(o->ct, cpus, mems, o->err) < 0)
		return lct_err_prefix(o->err, RES ".cpu");
	return 0;
}

/* Call fn for each element of the array res.parent_key.key (parent_key may be NULL),
 * with the element's JSON path. */
static int for_each(struct lct_oci *o, struct json_object *obj, const char *parent, const char *key,
		    int (*fn)(struct lct_oci *, struct json_object *, const char *, const void *),
		    const void *data)
{
	char apath[LCT_OCI_PATH_MAX], path[LCT_OCI_PATH_MAX];
	struct json_object *a, *e;
	int r = lct_oci_get_array(obj, parent, key, false, &a, o->err);

	if (r <= 0)
		return r;
	lct_oci_path(apath, parent, key);
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		e = json_object_array_get_idx(a, i);
		lct_oci_path_index(path, apath, i);
		r = lct_oci_want_object(e, path, o->err);
		if (r < 0)
			return r;
		r = fn(o, e, path, data);
		if (r < 0)
			return r;
	}
	return 0;
}

static int device_rule(struct lct_oci *o, struct json_object *d, const char *path, const void *data)
{
	const char *type = "a", *access = NULL;
	int64_t major = -1, minor = -1;
	bool allow;
	int r;

	if ((r = lct_oci_get_bool(d, path, "allow", true, &allow, o->err)) < 0 ||
	    (r = lct_oci_get_string(d, path, "type", false, &type, o->err)) < 0 ||
	    (r = lct_oci_get_int(d, path, "major", false, -1, INT64_MAX, &major, o->err)) < 0 ||
	    (r = lct_oci_get_int(d, path, "minor", false, -1, INT64_MAX, &minor, o->err)) < 0 ||
	    (r = lct_oci_get_string(d, path, "access", false, &access, o->err)) < 0)
		return r;
	if (!*type)
		type = "a";
	if (strlen(type) != 1 || !strchr("acb", type[0]))
		return lct_err_msg(o->err, -EINVAL, "%s.type: unknown device type '%s' (a, c or b)",
				   path, type);
	if (libct_container_add_device_rule(o->ct, allow, type[0], major, minor, access, o->err) <
	    0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int weight_device(struct lct_oci *o, struct json_object *d, const char *path,
			 const void *data)
{
	/* a device's weights take the values of the cgroup's own */
	const struct lct_knob *w = lct_knob_of_resource(LIBCT_BLKIO_WEIGHT);
	const struct lct_knob *lw = lct_knob_of_resource(LIBCT_BLKIO_LEAF_WEIGHT);
	int64_t major, minor, weight = 0, leaf = 0;
	int r;

	if ((r = lct_oci_get_int(d, path, "major", true, 0, INT64_MAX, &major, o->err)) < 0 ||
	    (r = lct_oci_get_int(d, path, "minor", true, 0, INT64_MAX, &minor, o->err)) < 0 ||
	    (r = lct_oci_get_int(d, path, "weight", false, w->min, w->max, &weight, o->err)) < 0 ||
	    (r = lct_oci_get_int(d, path, "leafWeight", false, lw->min, lw->max, &leaf, o->err)) <
		    0)
		return r;
	if (libct_container_add_blkio_weight_device(o->ct, major, minor, (uint16_t)weight,
						    (uint16_t)leaf, o->err) < 0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int throttle_device(struct lct_oci *o, struct json_object *d, const char *path,
			   const void *data)
{
	enum libct_blkio_throttle kind = *(const enum libct_blkio_throttle *)data;
	int64_t major, minor;
	uint64_t rate;
	int r;

	if ((r = lct_oci_get_int(d, path, "major", true, 0, INT64_MAX, &major, o->err)) < 0 ||
	    (r = lct_oci_get_int(d, path, "minor", true, 0, INT64_MAX, &minor, o->err)) < 0 ||
	    (r = lct_oci_get_uint64(d, path, "rate", true, &rate, o->err)) < 0)
		return r;
	if (libct_container_add_blkio_throttle(o->ct, kind, major, minor, rate, o->err) < 0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int load_blkio(struct lct_oci *o, struct json_object *res)
{
	static const struct {
		const char *key;
		enum libct_blkio_throttle kind;
	} throttles[] = {
		{ "throttleReadBpsDevice", LIBCT_BLKIO_READ_BPS },
		{ "throttleWriteBpsDevice", LIBCT_BLKIO_WRITE_BPS },
		{ "throttleReadIOPSDevice", LIBCT_BLKIO_READ_IOPS },
		{ "throttleWriteIOPSDevice", LIBCT_BLKIO_WRITE_IOPS },
	};
	struct json_object *blkio;
	int r = lct_oci_get_object(res, RES, "blockIO", false, &blkio, o->err);

	if (r <= 0)
		return r;
	r = for_each(o, blkio, RES ".blockIO", "weightDevice", weight_device, NULL);
	for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(throttles); i++)
		r = for_each(o, blkio, RES ".blockIO", throttles[i].key, throttle_device,
			     &throttles[i].kind);
	return r < 0 ? r : 0;
}

static int hugepage_limit(struct lct_oci *o, struct json_object *h, const char *path,
			  const void *data)
{
	const char *size;
	uint64_t limit;
	int r;

	if ((r = lct_oci_get_string(h, path, "pageSize", true, &size, o->err)) < 0 ||
	    (r = lct_oci_get_uint64(h, path, "limit", true, &limit, o->err)) < 0)
		return r;
	if (libct_container_add_hugetlb_limit(o->ct, size, limit, o->err) < 0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

/* linux.resources.rdma: {"mlx5_1": {"hcaHandles": 3, "hcaObjects": 10000}} */
static int load_rdma(struct lct_oci *o, struct json_object *res)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *obj;
	int r = lct_oci_get_object(res, RES, "rdma", false, &obj, o->err);

	if (r <= 0)
		return r;
	json_object_object_foreach(obj, dev, v) {
		uint32_t handles = 0, objects = 0;
		int has_h, has_o;

		lct_oci_path(path, RES ".rdma", dev);
		if (!json_object_is_type(v, json_type_object))
			return lct_err_msg(o->err, -EINVAL, "%s: must be an object", path);
		if ((has_h = lct_oci_get_u32(v, path, "hcaHandles", false, &handles, o->err)) < 0 ||
		    (has_o = lct_oci_get_u32(v, path, "hcaObjects", false, &objects, o->err)) < 0)
			return has_h < 0 ? has_h : has_o;
		if (libct_container_add_rdma_limit(o->ct, dev, has_h ? (int64_t)handles : -1,
						   has_o ? (int64_t)objects : -1, o->err) < 0)
			return lct_err_prefix(o->err, "%s", path);
	}
	return 0;
}

static int net_priority(struct lct_oci *o, struct json_object *p, const char *path,
			const void *data)
{
	const char *name;
	uint32_t prio;
	int r;

	if ((r = lct_oci_get_string(p, path, "name", true, &name, o->err)) < 0 ||
	    (r = lct_oci_get_u32(p, path, "priority", true, &prio, o->err)) < 0)
		return r;
	if (libct_container_add_net_prio(o->ct, name, prio, o->err) < 0)
		return lct_err_prefix(o->err, "%s", path);
	return 0;
}

static int load_unified(struct lct_oci *o, struct json_object *res)
{
	char path[LCT_OCI_PATH_MAX];
	struct json_object *obj;
	const char *value;
	int r = lct_oci_get_object(res, RES, "unified", false, &obj, o->err);

	if (r <= 0)
		return r;
	json_object_object_foreach(obj, key, v) {
		r = lct_oci_want_string(v, lct_oci_path(path, RES ".unified", key), &value, o->err);
		if (r < 0)
			return r;
		if (libct_container_add_unified(o->ct, key, value, o->err) < 0)
			return lct_err_prefix(o->err, "%s", path);
	}
	return 0;
}

/* Fill o->ct's cgroup resources from linux.resources. memory.checkBeforeUpdate
 * (only matters on update) is accepted unchecked. */
static int load_check_before_update(struct lct_oci *o, struct json_object *res)
{
	struct json_object *mem;
	bool b;
	int r = lct_oci_get_object(res, RES, "memory", false, &mem, o->err);

	if (r > 0)
		r = lct_oci_get_bool(mem, RES ".memory", "checkBeforeUpdate", false, &b, o->err);
	if (r > 0)
		libct_container_set_memory_check_before_update(o->ct, b);
	return r < 0 ? r : 0;
}

int lct_oci_resources(struct lct_oci *o, struct json_object *res)
{
	struct json_object *net;
	int r;

	if ((r = load_check_before_update(o, res)) < 0)
		return r;
	if ((r = load_knobs(o, res)) < 0 || (r = load_cpuset(o, res)) < 0 ||
	    (r = for_each(o, res, RES, "devices", device_rule, NULL)) < 0 ||
	    (r = load_blkio(o, res)) < 0 ||
	    (r = for_each(o, res, RES, "hugepageLimits", hugepage_limit, NULL)) < 0 ||
	    (r = load_rdma(o, res)) < 0 || (r = load_unified(o, res)) < 0)
		return r;
	r = lct_oci_get_object(res, RES, "network", false, &net, o->err);
	if (r > 0)
		r = for_each(o, net, RES ".network", "priorities", net_priority, NULL);
	return r < 0 ? r : 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Setters for a container's cgroup configuration (typed; the cgroup
 * subsystem maps them to files). */
#include <inttypes.h>
#include <stdio.h>

#include "cgroup/cgroup.h"
#include "cgroup/knob-table.h"
#include "core/internal.h"
#include "util/util.h"

int lct_kv_push(struct lct_kv **list, size_t *n, const char *key, const char *value);

LCT_EXPORT int libct_container_set_cgroup_path(struct libct_container *ct, const char *path,
					       struct libct_error *err)
{
	char *c;

	if (!path || !*path)
		return lct_err_msg(err, -EINVAL, "cgroup path must not be empty");
	if (strstr(path, "/../") || strncmp(path, "../", 3) == 0 ||
	    (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0) ||
	    strcmp(path, "..") == 0)
		return lct_err_msg(err, -EINVAL, "cgroup path '%s' must not contain '..'", path);
	c = strdup(path);
	if (!c)
		return lct_err(err, -ENOMEM, "cgroup path");
	free(ct->cfg.cgroup_path);
	ct->cfg.cgroup_path = c;
	return 0;
}

LCT_EXPORT int libct_container_set_systemd_cgroup(struct libct_container *ct, bool systemd,
						  struct libct_error *err)
{
	ct->cfg.cgroup_systemd = systemd;
	return 0;
}

LCT_EXPORT void libct_container_set_no_cgroup(struct libct_container *ct, bool none)
{
	ct->cfg.no_cgroup = none;
}

/* Each scalar's valid values are its row's in the knob table, checked before
 * anything touches the kernel. */
LCT_EXPORT int libct_container_set_resource(struct libct_container *ct, enum libct_resource res,
					    int64_t value, struct libct_error *err)
{
	int r = lct_knob_check(res, value, err);

	if (r < 0)
		return r;
	ct->cfg.res.value[res] = value;
	ct->cfg.res.set[res] = true;
	return 0;
}

static bool cpulist_valid(const char *s)
{
	for (; *s; s++)
		if (!strchr("0123456789,-", *s))
			return false;
	return true;
}

LCT_EXPORT void libct_container_set_memory_check_before_update(struct libct_container *ct, bool on)
{
	ct->cfg.res.mem_check_before_update = on;
	ct->cfg.res.has_mem_check_before_update = true;
}

LCT_EXPORT int libct_container_set_cpuset(struct libct_container *ct, const char *cpus,
					  const char *mems, struct libct_error *err)
{
	struct lct_resources *r = &ct->cfg.res;

	if ((cpus && !cpulist_valid(cpus)) || (mems && !cpulist_valid(mems)))
		return lct_err_msg(err, -EINVAL, "invalid cpuset list '%s'",
				   cpus && !cpulist_valid(cpus) ? cpus : mems);
	if (cpus) {
		free(r->cpuset_cpus);
		if (!(r->cpuset_cpus = strdup(cpus)))
			return lct_err(err, -ENOMEM, "cpuset");
	}
	if (mems) {
		free(r->cpuset_mems);
		if (!(r->cpuset_mems = strdup(mems)))
			return lct_err(err, -ENOMEM, "cpuset");
	}
	return 0;
}

LCT_EXPORT int libct_container_add_device_rule(struct libct_container *ct, bool allow, char type,
					       int64_t major, int64_t minor, const char *access,
					       struct libct_error *err)
{
	struct lct_device_rule *d;
	char letters[4] = "";
	size_t n = 0;

	if (type != 'a' && type != 'c' && type != 'b')
		return lct_err_msg(err, -EINVAL, "device rule: unknown type '%c'", type);
	/* r, w and m; "a" is taken and adds nothing (engines write "rwa";
	 * crun and runc take it too) */
	for (const char *c = access ? access : ""; *c; c++) {
		if (!strchr("rwma", *c))
			return lct_err_msg(err, -EINVAL, "device rule: invalid access '%s'",
					   access);
		if (*c != 'a' && !strchr(letters, *c))
			letters[n++] = *c;
	}
	if (!n)
		strcpy(letters, "rwm");
	access = letters;
	d = lct_array_grow(&ct->cfg.res.dev_rules, &ct->cfg.res.n_dev_rules, sizeof(*d));
	if (!d)
		return lct_err(err, -ENOMEM, "device rule");
	d->allow = allow;
	d->type = type;
	d->major = major < 0 ? -1 : major;
	d->minor = minor < 0 ? -1 : minor;
	snprintf(d->access, sizeof(d->access), "%s", access);
	return 0;
}

LCT_EXPORT int libct_container_add_blkio_throttle(struct libct_container *ct,
						  enum libct_blkio_throttle kind, int64_t major,
						  int64_t minor, uint64_t rate,
						  struct libct_error *err)
{
	struct lct_resources *r = &ct->cfg.res;
	struct lct_blkio_dev *d;

	if ((unsigned)kind > LIBCT_BLKIO_WRITE_IOPS)
		return lct_err_msg(err, -EINVAL, "unknown blkio throttle %d", (int)kind);
	if (major < 0 || minor < 0)
		return lct_err_msg(err, -EINVAL,
				   "blkio throttle: invalid device %" PRId64 ":%" PRId64, major,
				   minor);
	d = lct_array_grow(&r->throttle[kind], &r->n_throttle[kind], sizeof(*d));
	if (!d)
		return lct_err(err, -ENOMEM, "blkio throttle");
	*d = (struct lct_blkio_dev){ major, minor, rate, 0 };
	return 0;
}

LCT_EXPORT int libct_container_add_blkio_weight_device(struct libct_container *ct, int64_t major,
						       int64_t minor, uint16_t weight,
						       uint16_t leaf_weight,
						       struct libct_error *err)
{
	struct lct_resources *res = &ct->cfg.res;
	struct lct_blkio_dev *d;
	int r;

	if (major < 0 || minor < 0)
		return lct_err_msg(err, -EINVAL,
				   "blkio weight device: invalid device %" PRId64 ":%" PRId64,
				   major, minor);
	/* the per-device weights take the values of the cgroup's own */
	if ((r = lct_knob_check(LIBCT_BLKIO_WEIGHT, weight, err)) < 0 ||
	    (r = lct_knob_check(LIBCT_BLKIO_LEAF_WEIGHT, leaf_weight, err)) < 0)
		return lct_err_prefix(err, "blkio weight device %" PRId64 ":%" PRId64, major,
				      minor);
	d = lct_array_grow(&res->weight_dev, &res->n_weight_dev, sizeof(*d));
	if (!d)
		return lct_err(err, -ENOMEM, "blkio weight device");
	*d = (struct lct_blkio_dev){ major, minor, weight, leaf_weight };
	return 0;
}

LCT_EXPORT int libct_container_add_rdma_limit(struct libct_container *ct, const char *device,
					      int64_t hca_handles, int64_t hca_objects,
					      struct libct_error *err)
{
	char v[96], h[24], o[24];

	if (!device || !*device || strpbrk(device, " \t\n/"))
		return lct_err_msg(err, -EINVAL, "invalid rdma device name '%s'",
				   device ? device : "");
	if (hca_handles < -1 || hca_objects < -1 || hca_handles > INT32_MAX ||
	    hca_objects > INT32_MAX)
		return lct_err_msg(err, -EINVAL, "rdma limit of '%s' out of range", device);
	if (hca_handles >= 0)
		snprintf(h, sizeof(h), "%" PRId64, hca_handles);
	if (hca_objects >= 0)
		snprintf(o, sizeof(o), "%" PRId64, hca_objects);
	snprintf(v, sizeof(v), "hca_handle=%s hca_object=%s", hca_handles >= 0 ? h : "max",
		 hca_objects >= 0 ? o : "max");
	if (lct_kv_push(&ct->cfg.res.rdma, &ct->cfg.res.n_rdma, device, v) < 0)
		return lct_err(err, -ENOMEM, "rdma limit");
	return 0;
}

LCT_EXPORT int libct_container_add_hugetlb_limit(struct libct_container *ct, const char *page_size,
						 uint64_t limit, struct libct_error *err)
{
	char v[32];

	if (!page_size || !*page_size || strchr(page_size, '/') || strstr(page_size, ".."))
		return lct_err_msg(err, -EINVAL, "invalid hugetlb page size '%s'",
				   page_size ? page_size : "");
	snprintf(v, sizeof(v), "%" PRIu64, limit);
	if (lct_kv_push(&ct->cfg.res.hugetlb, &ct->cfg.res.n_hugetlb, page_size, v) < 0)
		return lct_err(err, -ENOMEM, "hugetlb limit");
	return 0;
}

LCT_EXPORT int libct_container_add_net_prio(struct libct_container *ct, const char *ifname,
					    uint32_t priority, struct libct_error *err)
{
	char v[16];

	if (!ifname || !*ifname || strlen(ifname) > 15 || strpbrk(ifname, "/ \n"))
		return lct_err_msg(err, -EINVAL, "invalid interface name '%s'",
				   ifname ? ifname : "");
	snprintf(v, sizeof(v), "%u", priority);
	if (lct_kv_push(&ct->cfg.res.net_prio, &ct->cfg.res.n_net_prio, ifname, v) < 0)
		return lct_err(err, -ENOMEM, "net priority");
	return 0;
}

LCT_EXPORT int libct_container_add_unified(struct libct_container *ct, const char *file,
					   const char *value, struct libct_error *err)
{
	if (!file || !*file || strchr(file, '/') || file[0] == '.')
		return lct_err_msg(err, -EINVAL, "invalid cgroup file name '%s'", file ? file : "");
	if (lct_kv_push(&ct->cfg.res.unified, &ct->cfg.res.n_unified, file, value) < 0)
		return lct_err(err, -ENOMEM, "unified resource");
	return 0;
}

LCT_EXPORT int libct_container_set_cgroup_file(struct libct_container *ct, const char *controller,
					       const char *file, const char *value,
					       struct libct_error *err)
{
	struct lct_resources *res = &ct->cfg.res;
	struct lct_cgroup_raw *slot, raw;
	int r;

	if (!controller || !file || !value)
		return lct_err_msg(err, -EINVAL,
				   "cgroup file: controller, file and value are needed");
	if (ct->cgroup)
		return lct_cgroup_raw_write(ct->cgroup, controller, file, value, err);
	/* checked now, so that a bad name fails here rather than at create */
	r = lct_cgroup_raw_check(controller, file, err);
	if (r < 0)
		return r;
	raw = (struct lct_cgroup_raw){ strdup(controller), strdup(file), strdup(value) };
	slot = lct_array_grow(&res->raw, &res->n_raw, sizeof(raw));
	if (!slot || !raw.controller || !raw.file || !raw.value) {
		if (slot)
			res->n_raw--;
		free(raw.controller);
		free(raw.file);
		free(raw.value);
		return lct_err(err, -ENOMEM, "cgroup file '%s'", file);
	}
	*slot = raw;
	return 0;
}

LCT_EXPORT int libct_container_read_cgroup_file(struct libct_container *ct, const char *controller,
						const char *file, char *buf, size_t len,
						struct libct_error *err)
{
	_cleanup_free_ char *text = NULL;
	size_t n;
	int r;

	if (!ct->cgroup)
		return lct_err_msg(err, -ESRCH, "container '%s' has no cgroup yet", ct->id);
	if (!controller || !buf || !len)
		return lct_err_msg(err, -EINVAL, "cgroup file: controller and buffer are needed");
	r = lct_cgroup_raw_read(ct->cgroup, controller, file, &text, err);
	if (r < 0)
		return r;
	n = strlen(text);
	if (n >= len)
		return lct_err_msg(err, -ENOSPC, "cgroup file '%s': %zu bytes do not fit in %zu",
				   file, n, len);
	memcpy(buf, text, n + 1);
	return (int)n;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libct._core.Container and the network handles it owns (NetDev, Route,
 * NextHop). A network handle keeps its container object alive and raises
 * ValueError once the container handle is closed (the C handle is owned,
 * and freed, by the container).
 */
#include "_core.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct libct_container *ct_get(ContainerObject *self)
{
	if (!self->ct)
		closed_error("container");
	return self->ct;
}

static int Container_init(ContainerObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = { "session", "id", "open", NULL };
	struct libct_error err = { 0 };
	struct libct_session *s;
	PyObject *session;
	const char *id;
	int open = 0, r;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "O!s|p", kwlist, &SessionType, &session, &id,
					 &open))
		return -1;
	if (self->ct) {
		PyErr_SetString(PyExc_RuntimeError, "container handle already open");
		return -1;
	}
	s = session_get((SessionObject *)session);
	if (!s)
		return -1;
	if (open)
		r = libct_container_open(s, id, &self->ct, &err);
	else
		r = libct_container_new(s, id, &self->ct, &err);
	if (r < 0) {
		raise_err(r, &err);
		return -1;
	}
	Py_INCREF(session);
	self->session = (SessionObject *)session;
	self->session->children++;
	return 0;
}

static void container_release(ContainerObject *self)
{
	libct_container_free(self->ct);
	self->ct = NULL;
	if (self->session) {
		self->session->children--;
		session_release(self->session);
		Py_CLEAR(self->session);
	}
}

static void Container_dealloc(ContainerObject *self)
{
	container_release(self);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Container_close(ContainerObject *self, PyObject *unused)
{
	if (self->busy)
		return PyErr_Format(PyExc_RuntimeError,
				    "container handle is in use by another thread");
	container_release(self);
	Py_RETURN_NONE;
}

static PyObject *Container_get_closed(ContainerObject *self, void *unused)
{
	return PyBool_FromLong(self->ct == NULL);
}

static PyObject *str_or_none(const char *s)
{
	if (!s)
		Py_RETURN_NONE;
	return PyUnicode_FromString(s);
}

/* The getter of attribute name: conv(cfn(ct)) */
#define CT_GETTER(name, conv, cfn)                                                                 \
	static PyObject *Container_get_##name(ContainerObject *self, void *unused)                 \
	{                                                                                          \
		struct libct_container *ct = ct_get(self);                                         \
                                                                                                   \
		return ct ? conv(cfn(ct)) : NULL;                                                  \
	}

CT_GETTER(id, PyUnicode_FromString, libct_container_id)

static PyObject *Container_get_status(ContainerObject *self, void *unused)
{
	struct libct_container *ct = ct_get(self);

	return ct ? PyUnicode_FromString(libct_status_to_string(libct_container_status(ct))) : NULL;
}

CT_GETTER(pid, PyLong_FromLong, libct_container_pid)

CT_GETTER(pidfd, PyLong_FromLong, libct_container_pidfd)

CT_GETTER(bundle, str_or_none, libct_container_bundle)

CT_GETTER(created, str_or_none, libct_container_created)

CT_GETTER(cgroup_path, str_or_none, libct_container_cgroup_path)

static PyObject *Container_get_annotations(ContainerObject *self, void *unused)
{
	struct libct_container *ct = ct_get(self);
	const char *const *a;
	PyObject *d;

	if (!ct)
		return NULL;
	d = PyDict_New();
	for (a = libct_container_annotations(ct); d && a && a[0] && a[1]; a += 2) {
		PyObject *v = PyUnicode_FromString(a[1]);

		if (!v || PyDict_SetItemString(d, a[0], v) < 0)
			Py_CLEAR(d);
		Py_XDECREF(v);
	}
	return d;
}

static PyObject *Container_state_json(ContainerObject *self, PyObject *unused)
{
	struct libct_container *ct = ct_get(self);
	PyObject *o;
	char *s;

	if (!ct)
		return NULL;
	s = libct_oci_state_json(ct);
	if (!s)
		return PyErr_NoMemory();
	o = PyUnicode_FromString(s);
	free(s);
	return o;
}

/* ------------------------------------------------- configuration setters */

#define CT_CALL(expr)                                                                              \
	do {                                                                                       \
		struct libct_error err = { 0 };                                                    \
		int r = (expr);                                                                    \
		CHECK(r, err);                                                                     \
		Py_RETURN_NONE;                                                                    \
	} while (0)

static PyObject *Container_set_namespace(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	const char *path = NULL;
	int ns;

	if (!ct || !PyArg_ParseTuple(args, "i|z", &ns, &path))
		return NULL;
	CT_CALL(libct_container_set_namespace(ct, ns, path, &err));
}

static PyObject *Container_add_id_map(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	unsigned int cid, hid, size;
	int gid;

	if (!ct || !PyArg_ParseTuple(args, "pIII", &gid, &cid, &hid, &size))
		return NULL;
	if (gid)
		CT_CALL(libct_container_add_gid_map(ct, cid, hid, size, &err));
	CT_CALL(libct_container_add_uid_map(ct, cid, hid, size, &err));
}

/* add_mount_id_map(is_gid, destination, container_id, host_id, size): an
 * idmapped bind mount's mapping */
static PyObject *Container_add_mount_id_map(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	unsigned int cid, hid, size;
	const char *dst;
	int gid;

	if (!ct || !PyArg_ParseTuple(args, "psIII", &gid, &dst, &cid, &hid, &size))
		return NULL;
	if (gid)
		CT_CALL(libct_container_add_mount_gid_map(ct, dst, cid, hid, size, &err));
	CT_CALL(libct_container_add_mount_uid_map(ct, dst, cid, hid, size, &err));
}

static PyObject *Container_set_root(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	const char *path;
	int ro = 0;

	if (!ct || !PyArg_ParseTuple(args, "s|p", &path, &ro))
		return NULL;
	CT_CALL(libct_container_set_root(ct, path, ro, &err));
}

static PyObject *Container_add_mount(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	const char *src, *dst, *type;
	PyObject *opts = NULL;
	struct libct_error err = { 0 };
	char **v = NULL;
	size_t n = 0;
	int r;

	if (!ct || !PyArg_ParseTuple(args, "zsz|O", &src, &dst, &type, &opts))
		return NULL;
	if (opts && opts != Py_None) {
		v = to_strv(opts, "options");
		if (!v)
			return NULL;
		while (v[n])
			n++;
	}
	r = libct_container_add_mount(ct, src, dst, type, (const char *const *)v, n, &err);
	free_strv(v);
	CHECK(r, err);
	Py_RETURN_NONE;
}

/* add_mount_command(destination, after, path, args=None, env=None, dir=None):
 * a command run beside the last mount added with this destination */
static PyObject *Container_add_mount_command(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	PyObject *argv_o = Py_None, *env_o = Py_None;
	struct libct_error err = { 0 };
	char **argv = NULL, **env = NULL;
	const char *dst, *path, *dir = NULL;
	int after, r;

	if (!ct || !PyArg_ParseTuple(args, "sps|OOz", &dst, &after, &path, &argv_o, &env_o, &dir))
		return NULL;
	argv = to_strv(argv_o, "args");
	if (!argv && PyErr_Occurred())
		return NULL;
	env = to_strv(env_o, "env");
	if (!env && PyErr_Occurred()) {
		free_strv(argv);
		return NULL;
	}
	r = libct_container_add_mount_command(ct, dst, after, path, (const char *const *)argv,
					      (const char *const *)env, dir, &err);
	free_strv(argv);
	free_strv(env);
	CHECK(r, err);
	Py_RETURN_NONE;
}

#define CT_STR_SETTER(name, cfn)                                                                   \
	static PyObject *Container_##name(ContainerObject *self, PyObject *args)                   \
	{                                                                                          \
		struct libct_container *ct = ct_get(self);                                         \
		const char *s;                                                                     \
		if (!ct || !PyArg_ParseTuple(args, "s", &s))                                       \
			return NULL;                                                               \
		CT_CALL(cfn(ct, s, &err));                                                         \
	}

#define CT_STR2_SETTER(name, cfn)                                                                  \
	static PyObject *Container_##name(ContainerObject *self, PyObject *args)                   \
	{                                                                                          \
		struct libct_container *ct = ct_get(self);                                         \
		const char *a, *b;                                                                 \
		if (!ct || !PyArg_ParseTuple(args, "ss", &a, &b))                                  \
			return NULL;                                                               \
		CT_CALL(cfn(ct, a, b, &err));                                                      \
	}

CT_STR_SETTER(add_masked_path, libct_container_add_masked_path)
CT_STR_SETTER(add_readonly_path, libct_container_add_readonly_path)
CT_STR_SETTER(set_hostname, libct_container_set_hostname)
CT_STR_SETTER(set_domainname, libct_container_set_domainname)
CT_STR_SETTER(set_cgroup_path, libct_container_set_cgroup_path)
CT_STR_SETTER(set_bundle, libct_container_set_bundle)
CT_STR_SETTER(set_root_propagation, libct_container_set_root_propagation)
CT_STR_SETTER(set_mount_label, libct_container_set_mount_label)
CT_STR_SETTER(set_notify_dir, libct_container_set_notify_dir)
CT_STR2_SETTER(add_sysctl, libct_container_add_sysctl)
CT_STR2_SETTER(add_annotation, libct_container_add_annotation)
CT_STR2_SETTER(add_unified, libct_container_add_unified)

static PyObject *Container_set_cpuset(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	const char *cpus, *mems;

	if (!ct || !PyArg_ParseTuple(args, "zz", &cpus, &mems))
		return NULL;
	CT_CALL(libct_container_set_cpuset(ct, cpus, mems, &err));
}

static PyObject *Container_set_systemd_cgroup(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	int on;

	if (!ct || !PyArg_ParseTuple(args, "p", &on))
		return NULL;
	CT_CALL(libct_container_set_systemd_cgroup(ct, on, &err));
}

static PyObject *Container_set_no_cgroup(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	int on;

	if (!ct || !PyArg_ParseTuple(args, "p", &on))
		return NULL;
	libct_container_set_no_cgroup(ct, on);
	Py_RETURN_NONE;
}

/* add_blkio_throttle(kind, major, minor, rate): kind a BLKIO_* constant */
static PyObject *Container_add_blkio_throttle(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	unsigned long long rate;
	long long major, minor;
	int kind;

	if (!ct || !PyArg_ParseTuple(args, "iLLK", &kind, &major, &minor, &rate))
		return NULL;
	CT_CALL(libct_container_add_blkio_throttle(ct, kind, major, minor, rate, &err));
}

/* add_blkio_weight_device(major, minor, weight, leaf_weight=0) */
static PyObject *Container_add_blkio_weight_device(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	long long major, minor;
	int weight, leaf = 0;

	if (!ct || !PyArg_ParseTuple(args, "LLi|i", &major, &minor, &weight, &leaf))
		return NULL;
	/* the C weights are uint16_t: a larger value must not wrap into a valid one */
	if (weight < 0 || weight > UINT16_MAX || leaf < 0 || leaf > UINT16_MAX)
		return PyErr_Format(PyExc_ValueError,
				    "blkio weight device %lld:%lld: weight %d or leaf weight %d "
				    "is not between 0 and %d",
				    major, minor, weight, leaf, UINT16_MAX);
	CT_CALL(libct_container_add_blkio_weight_device(ct, major, minor, weight, leaf, &err));
}

static PyObject *Container_add_hugetlb_limit(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	unsigned long long limit;
	const char *size;

	if (!ct || !PyArg_ParseTuple(args, "sK", &size, &limit))
		return NULL;
	CT_CALL(libct_container_add_hugetlb_limit(ct, size, limit, &err));
}

/* add_rdma_limit(device, hca_handles=-1, hca_objects=-1): -1 is no limit */
static PyObject *Container_add_rdma_limit(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	long long handles = -1, objects = -1;
	const char *dev;

	if (!ct || !PyArg_ParseTuple(args, "s|LL", &dev, &handles, &objects))
		return NULL;
	CT_CALL(libct_container_add_rdma_limit(ct, dev, handles, objects, &err));
}

static PyObject *Container_add_net_prio(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	long long prio;
	const char *ifname;

	if (!ct || !PyArg_ParseTuple(args, "sL", &ifname, &prio))
		return NULL;
	if (prio < 0 || prio > UINT32_MAX)
		return PyErr_Format(PyExc_ValueError,
				    "net priority %lld of '%s' is not between 0 and %u", prio,
				    ifname, UINT32_MAX);
	CT_CALL(libct_container_add_net_prio(ct, ifname, prio, &err));
}

static PyObject *Container_set_resource(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	long long value;
	int res;

	if (!ct || !PyArg_ParseTuple(args, "iL", &res, &value))
		return NULL;
	CT_CALL(libct_container_set_resource(ct, res, value, &err));
}

static PyObject *Container_set_cgroup_file(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	const char *ctl, *file, *value;

	if (!ct || !PyArg_ParseTuple(args, "sss", &ctl, &file, &value))
		return NULL;
	CT_CALL(libct_container_set_cgroup_file(ct, ctl, file, value, &err));
}

static PyObject *Container_read_cgroup_file(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	const char *ctl, *file;
	char buf[4096];
	int r;

	if (!ct || !PyArg_ParseTuple(args, "ss", &ctl, &file))
		return NULL;
	r = libct_container_read_cgroup_file(ct, ctl, file, buf, sizeof(buf), &err);
	CHECK(r, err);
	return PyUnicode_FromString(buf);
}

static PyObject *Container_add_device(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	long long major, minor;
	unsigned int mode = 0, uid = 0, gid = 0;
	const char *path, *type;

	if (!ct ||
	    !PyArg_ParseTuple(args, "ssLL|III", &path, &type, &major, &minor, &mode, &uid, &gid))
		return NULL;
	CT_CALL(libct_container_add_device(ct, path, type[0], major, minor, mode, uid, gid, &err));
}

static PyObject *Container_add_device_rule(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	long long major, minor;
	const char *type, *access;
	int allow;

	if (!ct || !PyArg_ParseTuple(args, "psLLs", &allow, &type, &major, &minor, &access))
		return NULL;
	CT_CALL(libct_container_add_device_rule(ct, allow, type[0], major, minor, access, &err));
}

static PyObject *Container_set_time_offset(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	unsigned long nanosecs = 0;
	long long secs;
	const char *clock;

	if (!ct || !PyArg_ParseTuple(args, "sL|k", &clock, &secs, &nanosecs))
		return NULL;
	if (nanosecs > UINT32_MAX)
		return PyErr_Format(PyExc_ValueError,
				    "time offset of '%s': nanosecs %lu is too large", clock,
				    nanosecs);
	CT_CALL(libct_container_set_time_offset(ct, clock, secs, (uint32_t)nanosecs, &err));
}

/* Container.NAME(on) for a void C setter of a flag. */
#define FLAG_SETTER(name, setter)                                                                  \
	static PyObject *Container_##name(ContainerObject *self, PyObject *args)                   \
	{                                                                                          \
		struct libct_container *ct = ct_get(self);                                         \
		int on;                                                                            \
                                                                                                   \
		if (!ct || !PyArg_ParseTuple(args, "p", &on))                                      \
			return NULL;                                                               \
		setter(ct, on);                                                                    \
		Py_RETURN_NONE;                                                                    \
	}

FLAG_SETTER(set_no_pivot, libct_container_set_no_pivot)
FLAG_SETTER(set_default_devices, libct_container_set_default_devices)
FLAG_SETTER(set_memory_check_before_update, libct_container_set_memory_check_before_update)

static PyObject *Container_add_hook(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	PyObject *argv_o = Py_None, *env_o = Py_None;
	struct libct_error err = { 0 };
	char **argv = NULL, **env = NULL;
	const char *path;
	int kind, timeout = 0, r;

	if (!ct || !PyArg_ParseTuple(args, "is|OOi", &kind, &path, &argv_o, &env_o, &timeout))
		return NULL;
	argv = to_strv(argv_o, "args");
	if (!argv && PyErr_Occurred())
		return NULL;
	env = to_strv(env_o, "env");
	if (!env && PyErr_Occurred()) {
		free_strv(argv);
		return NULL;
	}
	r = libct_container_add_hook(ct, kind, path, (const char *const *)argv,
				     (const char *const *)env, timeout, &err);
	free_strv(argv);
	free_strv(env);
	CHECK(r, err);
	Py_RETURN_NONE;
}

/* ------------------------------------------------------------- networking */

typedef struct {
	PyObject_HEAD void *h; /* struct libct_net_dev/route/nexthop, owned by the container */
	ContainerObject *owner;
} NetObject;

static PyObject *net_wrap(PyTypeObject *type, void *h, ContainerObject *owner)
{
	NetObject *o;

	if (!h)
		Py_RETURN_NONE;
	o = PyObject_New(NetObject, type);
	if (!o)
		return NULL;
	o->h = h;
	Py_INCREF(owner);
	o->owner = owner;
	return (PyObject *)o;
}

static void Net_dealloc(NetObject *self)
{
	Py_CLEAR(self->owner);
	PyObject_Free(self);
}

static void *net_get(NetObject *self)
{
	if (!self->owner->ct) {
		closed_error("container");
		return NULL;
	}
	return self->h;
}

static PyObject *Container_add_veth(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	struct libct_net_dev *dev = NULL;
	const char *host, *name;
	int r;

	if (!ct || !PyArg_ParseTuple(args, "zs", &host, &name))
		return NULL;
	r = libct_container_add_veth(ct, host, name, &dev, &err);
	CHECK(r, err);
	return net_wrap(&NetDevType, dev, self);
}

static PyObject *Container_add_host_dev(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	struct libct_net_dev *dev = NULL;
	const char *host, *name = NULL;
	int r;

	if (!ct || !PyArg_ParseTuple(args, "s|z", &host, &name))
		return NULL;
	r = libct_container_add_host_dev(ct, host, name, &dev, &err);
	CHECK(r, err);
	return net_wrap(&NetDevType, dev, self);
}

static PyObject *Container_add_route(ContainerObject *self, PyObject *unused)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	struct libct_net_route *rt = NULL;
	int r;

	if (!ct)
		return NULL;
	r = libct_container_add_route(ct, &rt, &err);
	CHECK(r, err);
	return net_wrap(&RouteType, rt, self);
}

#define NET_STR_SETTER(type, name, cfn)                                                            \
	static PyObject *type##_##name(NetObject *self, PyObject *args)                            \
	{                                                                                          \
		void *h = net_get(self);                                                           \
		const char *s;                                                                     \
		if (!h || !PyArg_ParseTuple(args, "s", &s))                                        \
			return NULL;                                                               \
		CT_CALL(cfn(h, s, &err));                                                          \
	}

NET_STR_SETTER(NetDev, set_mac, libct_net_dev_set_mac)
NET_STR_SETTER(NetDev, set_master, libct_net_dev_set_master)
NET_STR_SETTER(NetDev, add_addr, libct_net_dev_add_addr)
NET_STR_SETTER(Route, set_dst, libct_net_route_set_dst)
NET_STR_SETTER(Route, set_src, libct_net_route_set_src)
NET_STR_SETTER(Route, set_dev, libct_net_route_set_dev)
NET_STR_SETTER(NextHop, set_gateway, libct_net_nexthop_set_gateway)
NET_STR_SETTER(NextHop, set_dev, libct_net_nexthop_set_dev)

static PyObject *NetDev_set_mtu(NetObject *self, PyObject *args)
{
	void *h = net_get(self);
	unsigned int mtu;

	if (!h || !PyArg_ParseTuple(args, "I", &mtu))
		return NULL;
	CT_CALL(libct_net_dev_set_mtu(h, mtu, &err));
}

static PyObject *NetDev_peer(NetObject *self, PyObject *unused)
{
	void *h = net_get(self);

	return h ? net_wrap(&NetDevType, libct_net_dev_peer(h), self->owner) : NULL;
}

static PyObject *Route_add_nexthop(NetObject *self, PyObject *unused)
{
	struct libct_net_nexthop *nh = NULL;
	struct libct_error err = { 0 };
	void *h = net_get(self);
	int r;

	if (!h)
		return NULL;
	r = libct_net_route_add_nexthop(h, &nh, &err);
	CHECK(r, err);
	return net_wrap(&NextHopType, nh, self->owner);
}

static PyMethodDef NetDev_methods[] = {
	{ "set_mac", (PyCFunction)NetDev_set_mac, METH_VARARGS, "MAC address." },
	{ "set_master", (PyCFunction)NetDev_set_master, METH_VARARGS, "Enslave to a bridge." },
	{ "add_addr", (PyCFunction)NetDev_add_addr, METH_VARARGS, "An address, \"10.0.0.2/24\"." },
	{ "set_mtu", (PyCFunction)NetDev_set_mtu, METH_VARARGS, "MTU, 68..65535." },
	{ "peer", (PyCFunction)NetDev_peer, METH_NOARGS,
	  "The other end of a veth (None for a moved host device)." },
	{ NULL },
};
static PyMethodDef Route_methods[] = {
	{ "set_dst", (PyCFunction)Route_set_dst, METH_VARARGS, "Destination, or \"default\"." },
	{ "set_src", (PyCFunction)Route_set_src, METH_VARARGS, "Preferred source address." },
	{ "set_dev", (PyCFunction)Route_set_dev, METH_VARARGS, "Output device." },
	{ "add_nexthop", (PyCFunction)Route_add_nexthop, METH_NOARGS, "A new next hop." },
	{ NULL },
};
static PyMethodDef NextHop_methods[] = {
	{ "set_gateway", (PyCFunction)NextHop_set_gateway, METH_VARARGS, "Gateway address." },
	{ "set_dev", (PyCFunction)NextHop_set_dev, METH_VARARGS, "Output device." },
	{ NULL },
};

#define NET_TYPE(cname, pyname, doc)                                                               \
	PyTypeObject cname##Type = {                                                               \
		PyVarObject_HEAD_INIT(NULL, 0).tp_name = "libct._core." pyname,                    \
		.tp_basicsize = sizeof(NetObject),                                                 \
		.tp_flags = Py_TPFLAGS_DEFAULT,                                                    \
		.tp_doc = doc,                                                                     \
		.tp_dealloc = (destructor)Net_dealloc,                                             \
		.tp_methods = cname##_methods,                                                     \
	}

NET_TYPE(NetDev, "NetDev", "A network device of a container (owned by it).");
NET_TYPE(Route, "Route", "A route in a container's network namespace (owned by it).");
NET_TYPE(NextHop, "NextHop", "A next hop of a route.");

/* ------------------------------------------------------------- lifecycle */

static ProcessDescObject *pd_arg(PyObject *o)
{
	ProcessDescObject *pd;

	if (!PyObject_TypeCheck(o, &ProcessDescType)) {
		PyErr_SetString(PyExc_TypeError, "a ProcessDesc is needed");
		return NULL;
	}
	pd = (ProcessDescObject *)o;
	if (!pd->pd) {
		closed_error("process description");
		return NULL;
	}
	return pd;
}

enum lifecycle_op {
	OP_CREATE,
	OP_RUN
};

/* create or run: without the GIL, unless the process is a Python function,
 * which the forked child calls holding the GIL it inherited. */
static PyObject *container_spawn(ContainerObject *self, PyObject *o, enum lifecycle_op op)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	ProcessDescObject *pd;
	int r;

	if (!ct || !(pd = pd_arg(o)))
		return NULL;
	if (pd->function) {
		r = op == OP_RUN ? libct_container_run(ct, pd->pd, &err) :
				   libct_container_create(ct, pd->pd, &err);
		CHECK(r, err);
		Py_RETURN_NONE;
	}
	Py_INCREF(pd);
	self->busy++;
	Py_BEGIN_ALLOW_THREADS r = op == OP_RUN ? libct_container_run(ct, pd->pd, &err) :
						  libct_container_create(ct, pd->pd, &err);
	Py_END_ALLOW_THREADS self->busy--;
	Py_DECREF(pd);
	CHECK(r, err);
	Py_RETURN_NONE;
}

static PyObject *Container_create(ContainerObject *self, PyObject *o)
{
	return container_spawn(self, o, OP_CREATE);
}

static PyObject *Container_run(ContainerObject *self, PyObject *o)
{
	return container_spawn(self, o, OP_RUN);
}

/* A call on the container alone, without the GIL. */
#define CT_BLOCKING(expr)                                                                          \
	do {                                                                                       \
		struct libct_error err = { 0 };                                                    \
		int r;                                                                             \
		self->busy++;                                                                      \
		Py_BEGIN_ALLOW_THREADS r = (expr);                                                 \
		Py_END_ALLOW_THREADS self->busy--;                                                 \
		CHECK(r, err);                                                                     \
	} while (0)

/* Container.NAME(): cfn(ct) with the GIL released, None or its error */
#define CT_NOARG(name, cfn)                                                                        \
	static PyObject *Container_##name(ContainerObject *self, PyObject *unused)                 \
	{                                                                                          \
		struct libct_container *ct = ct_get(self);                                         \
                                                                                                   \
		if (!ct)                                                                           \
			return NULL;                                                               \
		CT_BLOCKING(cfn(ct, &err));                                                        \
		Py_RETURN_NONE;                                                                    \
	}

CT_NOARG(start, libct_container_start)

static PyObject *Container_wait(ContainerObject *self, PyObject *unused)
{
	struct libct_container *ct = ct_get(self);
	int status = 0;

	if (!ct)
		return NULL;
	CT_BLOCKING(libct_container_wait(ct, &status, &err));
	return PyLong_FromLong(status);
}

static PyObject *Container_kill(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	int sig, all = 0;

	if (!ct || !PyArg_ParseTuple(args, "i|p", &sig, &all))
		return NULL;
	CT_BLOCKING(libct_container_kill(ct, sig, all, &err));
	Py_RETURN_NONE;
}

static PyObject *Container_delete(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	int force = 0;

	if (!ct || !PyArg_ParseTuple(args, "|p", &force))
		return NULL;
	CT_BLOCKING(libct_container_delete(ct, force, &err));
	Py_RETURN_NONE;
}

CT_NOARG(pause, libct_container_pause)

CT_NOARG(resume, libct_container_resume)

CT_NOARG(update, libct_container_update)

static PyObject *Container_exec(ContainerObject *self, PyObject *o)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	struct libct_process *p = NULL;
	ProcessDescObject *pd;
	ProcessObject *po;
	int r;

	if (!ct || !(pd = pd_arg(o)))
		return NULL;
	if (pd->function)
		return PyErr_Format(PyExc_ValueError,
				    "exec runs a program: a description with a function is for "
				    "create and run");
	Py_INCREF(pd);
	self->busy++;
	Py_BEGIN_ALLOW_THREADS r = libct_container_exec(ct, pd->pd, &p, &err);
	Py_END_ALLOW_THREADS self->busy--;
	Py_DECREF(pd);
	CHECK(r, err);
	po = PyObject_New(ProcessObject, &ProcessType);
	if (!po) {
		libct_process_free(p);
		return NULL;
	}
	po->p = p;
	po->busy = 0;
	return (PyObject *)po;
}

static PyObject *Container_stat(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	uint64_t v = 0;
	int key, r;

	if (!ct || !PyArg_ParseTuple(args, "i", &key))
		return NULL;
	r = libct_container_stat(ct, key, &v, &err);
	CHECK(r, err);
	return PyLong_FromUnsignedLongLong(v);
}

/* a method returning the fd cfn(ct, &err) gives */
#define CT_FD_METHOD(name, cfn)                                                                    \
	static PyObject *Container_##name(ContainerObject *self, PyObject *unused)                 \
	{                                                                                          \
		struct libct_container *ct = ct_get(self);                                         \
		struct libct_error err = { 0 };                                                    \
		int fd;                                                                            \
		if (!ct)                                                                           \
			return NULL;                                                               \
		fd = cfn(ct, &err);                                                                \
		CHECK(fd, err);                                                                    \
		return PyLong_FromLong(fd);                                                        \
	}

CT_FD_METHOD(oom_fd, libct_container_oom_fd)
CT_FD_METHOD(notify_socket, libct_container_notify_socket)

static PyObject *Container_io_stats(ContainerObject *self, PyObject *unused)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	struct libct_io_stat *st = NULL;
	size_t n = 0;
	PyObject *l;
	int r;

	if (!ct)
		return NULL;
	r = libct_container_io_stats(ct, &st, &n, &err);
	CHECK(r, err);
	l = PyList_New(0);
	for (size_t i = 0; l && i < n; i++) {
		PyObject *t = Py_BuildValue("(IIKKKK)", st[i].major, st[i].minor,
					    (unsigned long long)st[i].read_bytes,
					    (unsigned long long)st[i].write_bytes,
					    (unsigned long long)st[i].read_ios,
					    (unsigned long long)st[i].write_ios);

		if (!t || PyList_Append(l, t) < 0)
			Py_CLEAR(l);
		Py_XDECREF(t);
	}
	free(st);
	return l;
}

static PyObject *Container_processes(ContainerObject *self, PyObject *unused)
{
	struct libct_container *ct = ct_get(self);
	struct libct_error err = { 0 };
	pid_t *pids = NULL;
	size_t n = 0;
	PyObject *l;
	int r;

	if (!ct)
		return NULL;
	r = libct_container_processes(ct, &pids, &n, &err);
	CHECK(r, err);
	l = PyList_New(n);
	for (size_t i = 0; l && i < n; i++)
		PyList_SET_ITEM(l, i, PyLong_FromLong(pids[i]));
	free(pids);
	return l;
}

/* ---------------------------------------------------------------- OCI */

PyObject *pd_take(struct libct_process_desc *p)
{
	ProcessDescObject *o = PyObject_New(ProcessDescObject, &ProcessDescType);

	if (!o) {
		libct_process_desc_free(p);
		return NULL;
	}
	o->pd = p;
	o->function = NULL;
	return (PyObject *)o;
}

static PyObject *Container_oci_load(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	struct libct_process_desc *pd = NULL;
	const char *bundle, *json = NULL;

	if (!ct || !PyArg_ParseTuple(args, "s|z", &bundle, &json))
		return NULL;
	if (json)
		CT_BLOCKING(libct_oci_load_string(ct, bundle, json, &pd, &err));
	else
		CT_BLOCKING(libct_oci_load(ct, bundle, &pd, &err));
	return pd_take(pd);
}

static PyObject *Container_oci_load_exec_template(ContainerObject *self, PyObject *unused)
{
	struct libct_container *ct = ct_get(self);
	struct libct_process_desc *pd = NULL;

	if (!ct)
		return NULL;
	CT_BLOCKING(libct_oci_load_exec_template(ct, &pd, &err));
	return pd_take(pd);
}

static PyObject *Container_load_resources_file(ContainerObject *self, PyObject *args)
{
	struct libct_container *ct = ct_get(self);
	const char *path;

	if (!ct || !PyArg_ParseTuple(args, "s", &path))
		return NULL;
	CT_BLOCKING(libct_oci_load_resources_file(ct, path, &err));
	Py_RETURN_NONE;
}

PyObject *load_process_file(PyObject *unused, PyObject *args)
{
	struct libct_process_desc *pd = NULL;
	struct libct_error err = { 0 };
	const char *path;
	int r;

	if (!PyArg_ParseTuple(args, "s", &path))
		return NULL;
	r = libct_oci_load_process_file(path, &pd, &err);
	CHECK(r, err);
	return pd_take(pd);
}

static PyMethodDef Container_methods[] = {
	{ "close", (PyCFunction)Container_close, METH_NOARGS,
	  "Free the handle (the container goes on)." },
	{ "state_json", (PyCFunction)Container_state_json, METH_NOARGS, "The OCI state JSON." },
	{ "set_namespace", (PyCFunction)Container_set_namespace, METH_VARARGS,
	  "set_namespace(ns, path=None)." },
	{ "add_id_map", (PyCFunction)Container_add_id_map, METH_VARARGS,
	  "add_id_map(is_gid, container_id, host_id, size)." },
	{ "add_mount_id_map", (PyCFunction)Container_add_mount_id_map, METH_VARARGS,
	  "add_mount_id_map(is_gid, destination, container_id, host_id, size)." },
	{ "set_root", (PyCFunction)Container_set_root, METH_VARARGS,
	  "set_root(path, readonly=False)." },
	{ "set_time_offset", (PyCFunction)Container_set_time_offset, METH_VARARGS,
	  "set_time_offset(clock, secs, nanosecs=0): an offset of \"monotonic\" or \"boottime\" "
	  "in the container's new time namespace." },
	{ "set_no_pivot", (PyCFunction)Container_set_no_pivot, METH_VARARGS,
	  "set_no_pivot(on): change root with a move onto / and chroot, not pivot_root." },
	{ "add_mount", (PyCFunction)Container_add_mount, METH_VARARGS,
	  "add_mount(source, destination, type, options=None)." },
	{ "add_mount_command", (PyCFunction)Container_add_mount_command, METH_VARARGS,
	  "add_mount_command(destination, after, path, args=None, env=None, dir=None): a "
	  "command run in the container's mount namespace right before (after False) or after "
	  "the last mount added with this destination." },
	{ "add_masked_path", (PyCFunction)Container_add_masked_path, METH_VARARGS, "Hide a path." },
	{ "add_readonly_path", (PyCFunction)Container_add_readonly_path, METH_VARARGS,
	  "Make a path read-only." },
	{ "set_hostname", (PyCFunction)Container_set_hostname, METH_VARARGS, "Host name." },
	{ "set_domainname", (PyCFunction)Container_set_domainname, METH_VARARGS, "Domain name." },
	{ "set_cgroup_path", (PyCFunction)Container_set_cgroup_path, METH_VARARGS, "cgroup path." },
	{ "set_bundle", (PyCFunction)Container_set_bundle, METH_VARARGS, "Bundle directory." },
	{ "set_root_propagation", (PyCFunction)Container_set_root_propagation, METH_VARARGS,
	  "Propagation of /." },
	{ "set_notify_dir", (PyCFunction)Container_set_notify_dir, METH_VARARGS,
	  "set_notify_dir(dir): a notify socket directory bound at dir." },
	{ "set_mount_label", (PyCFunction)Container_set_mount_label, METH_VARARGS,
	  "The SELinux context of the container's mounts (linux.mountLabel)." },
	{ "add_sysctl", (PyCFunction)Container_add_sysctl, METH_VARARGS,
	  "add_sysctl(key, value)." },
	{ "add_annotation", (PyCFunction)Container_add_annotation, METH_VARARGS,
	  "add_annotation(key, value)." },
	{ "add_unified", (PyCFunction)Container_add_unified, METH_VARARGS,
	  "add_unified(file, value): a raw cgroup v2 file." },
	{ "set_cpuset", (PyCFunction)Container_set_cpuset, METH_VARARGS,
	  "set_cpuset(cpus, mems)." },
	{ "set_resource", (PyCFunction)Container_set_resource, METH_VARARGS,
	  "set_resource(resource, value)." },
	{ "set_systemd_cgroup", (PyCFunction)Container_set_systemd_cgroup, METH_VARARGS,
	  "set_systemd_cgroup(on): the systemd cgroup driver (a transient scope)." },
	{ "set_no_cgroup", (PyCFunction)Container_set_no_cgroup, METH_VARARGS,
	  "set_no_cgroup(on): no cgroup at all, the caller's (limits not applied)." },
	{ "add_blkio_throttle", (PyCFunction)Container_add_blkio_throttle, METH_VARARGS,
	  "add_blkio_throttle(kind, major, minor, rate): kind BLKIO_READ_BPS, _WRITE_BPS, "
	  "_READ_IOPS or _WRITE_IOPS; bytes or operations per second." },
	{ "add_blkio_weight_device", (PyCFunction)Container_add_blkio_weight_device, METH_VARARGS,
	  "add_blkio_weight_device(major, minor, weight, leaf_weight=0)." },
	{ "add_hugetlb_limit", (PyCFunction)Container_add_hugetlb_limit, METH_VARARGS,
	  "add_hugetlb_limit(page_size, limit): page_size \"2MB\", \"1GB\"; limit in bytes." },
	{ "add_rdma_limit", (PyCFunction)Container_add_rdma_limit, METH_VARARGS,
	  "add_rdma_limit(device, hca_handles=-1, hca_objects=-1): -1 is no limit." },
	{ "add_net_prio", (PyCFunction)Container_add_net_prio, METH_VARARGS,
	  "add_net_prio(ifname, priority): net_prio.ifpriomap (cgroup v1)." },
	{ "set_cgroup_file", (PyCFunction)Container_set_cgroup_file, METH_VARARGS,
	  "set_cgroup_file(controller, file, value)." },
	{ "read_cgroup_file", (PyCFunction)Container_read_cgroup_file, METH_VARARGS,
	  "read_cgroup_file(controller, file) -> str." },
	{ "add_device", (PyCFunction)Container_add_device, METH_VARARGS,
	  "add_device(path, type, major, minor, mode=0, uid=0, gid=0)." },
	{ "add_device_rule", (PyCFunction)Container_add_device_rule, METH_VARARGS,
	  "add_device_rule(allow, type, major, minor, access)." },
	{ "set_default_devices", (PyCFunction)Container_set_default_devices, METH_VARARGS,
	  "Whether to make the default /dev nodes." },
	{ "set_memory_check_before_update", (PyCFunction)Container_set_memory_check_before_update,
	  METH_VARARGS, "Whether update refuses a memory limit at or below the usage." },
	{ "add_hook", (PyCFunction)Container_add_hook, METH_VARARGS,
	  "add_hook(kind, path, args=None, env=None, timeout=0)." },
	{ "add_veth", (PyCFunction)Container_add_veth, METH_VARARGS,
	  "add_veth(host_name, ct_name) -> NetDev (the container end)." },
	{ "add_host_dev", (PyCFunction)Container_add_host_dev, METH_VARARGS,
	  "add_host_dev(host_name, ct_name=None) -> NetDev." },
	{ "add_route", (PyCFunction)Container_add_route, METH_NOARGS, "A new route -> Route." },
	{ "create", (PyCFunction)Container_create, METH_O, "create(process_desc)." },
	{ "run", (PyCFunction)Container_run, METH_O, "run(process_desc): create and start." },
	{ "start", (PyCFunction)Container_start, METH_NOARGS, "Start a created container." },
	{ "wait", (PyCFunction)Container_wait, METH_NOARGS,
	  "Wait for init; its exit code, or 128+signal." },
	{ "kill", (PyCFunction)Container_kill, METH_VARARGS, "kill(sig, all=False)." },
	{ "delete", (PyCFunction)Container_delete, METH_VARARGS, "delete(force=False)." },
	{ "pause", (PyCFunction)Container_pause, METH_NOARGS, "Freeze every process." },
	{ "resume", (PyCFunction)Container_resume, METH_NOARGS, "Thaw every process." },
	{ "update", (PyCFunction)Container_update, METH_NOARGS,
	  "Apply the resources set since to the running container." },
	{ "exec", (PyCFunction)Container_exec, METH_O, "exec(process_desc) -> Process." },
	{ "stat", (PyCFunction)Container_stat, METH_VARARGS, "stat(key) -> int." },
	{ "oom_fd", (PyCFunction)Container_oom_fd, METH_NOARGS,
	  "A new fd, readable on an out-of-memory event of the cgroup." },
	{ "notify_socket", (PyCFunction)Container_notify_socket, METH_NOARGS,
	  "The host end of the notify socket (owned by the handle)." },
	{ "io_stats", (PyCFunction)Container_io_stats, METH_NOARGS,
	  "[(major, minor, read_bytes, write_bytes, read_ios, write_ios)]." },
	{ "processes", (PyCFunction)Container_processes, METH_NOARGS, "The pids, init first." },
	{ "oci_load", (PyCFunction)Container_oci_load, METH_VARARGS,
	  "oci_load(bundle, json=None) -> ProcessDesc." },
	{ "oci_load_exec_template", (PyCFunction)Container_oci_load_exec_template, METH_NOARGS,
	  "The process of the config.json the container was created from, for exec -> "
	  "ProcessDesc." },
	{ "load_resources_file", (PyCFunction)Container_load_resources_file, METH_VARARGS,
	  "A LinuxResources JSON file into the resources, for update()." },
	{ NULL },
};

static PyGetSetDef Container_getset[] = {
	{ "closed", (getter)Container_get_closed, NULL, "Whether close() was called.", NULL },
	{ "id", (getter)Container_get_id, NULL, "The container's id.", NULL },
	{ "status", (getter)Container_get_status, NULL,
	  "\"creating\", \"created\", \"running\", \"paused\" or \"stopped\".", NULL },
	{ "pid", (getter)Container_get_pid, NULL, "Init's pid, 0 when there is none.", NULL },
	{ "pidfd", (getter)Container_get_pidfd, NULL, "A pidfd of init, -1 when there is none.",
	  NULL },
	{ "bundle", (getter)Container_get_bundle, NULL, "The bundle directory.", NULL },
	{ "created", (getter)Container_get_created, NULL, "RFC 3339 creation time.", NULL },
	{ "cgroup_path", (getter)Container_get_cgroup_path, NULL, "The cgroup path.", NULL },
	{ "annotations", (getter)Container_get_annotations, NULL, "The annotations.", NULL },
	{ NULL },
};

PyTypeObject ContainerType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "libct._core.Container",
	.tp_basicsize = sizeof(ContainerObject),
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc = "Container(session, id, open=False): libct_container_new or _open.",
	.tp_new = PyType_GenericNew,
	.tp_init = (initproc)Container_init,
	.tp_dealloc = (destructor)Container_dealloc,
	.tp_methods = Container_methods,
	.tp_getset = Container_getset,
};

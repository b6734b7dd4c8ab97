/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libct._compat: the functions of <libct/compat.h> (the original libct
 * interface) for libct.compat, which gives them the original module's
 * classes. Handles travel as capsules; the classes free them exactly once
 * (destroy/close) and refuse calls afterwards. A call that returns a
 * handle returns the negative error code (an int) on failure, as the
 * original module did; the rest return the C function's int.
 *
 * Calls that can block run without the GIL, except those whose process is a
 * Python callable: the library forks the caller to run it, and the child
 * calls it holding the GIL that the calling thread kept.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libct/compat.h>

#include "_child.h"

static void *handle_of(PyObject *cap)
{
	void *p = PyCapsule_GetPointer(cap, NULL);

	if (!p && !PyErr_Occurred())
		PyErr_SetString(PyExc_ValueError, "a closed libct handle");
	return p;
}

/* The one argument, a handle; NULL with the exception set. */
static void *one_handle(PyObject *args)
{
	PyObject *hc;

	return PyArg_ParseTuple(args, "O", &hc) ? handle_of(hc) : NULL;
}

static PyObject *handle_or_err(void *h)
{
	if (!h)
		Py_RETURN_NONE;
	if (libct_handle_is_err(h))
		return PyLong_FromLong(libct_handle_to_err(h));
	return PyCapsule_New(h, NULL, NULL);
}

static char **strv(PyObject *seq)
{
	PyObject *fast;
	Py_ssize_t n;
	char **v;

	if (seq == Py_None)
		return NULL;
	fast = PySequence_Fast(seq, "a sequence of str is needed");
	if (!fast)
		return NULL;
	n = PySequence_Fast_GET_SIZE(fast);
	v = calloc(n + 1, sizeof(*v));
	for (Py_ssize_t i = 0; v && i < n; i++) {
		const char *s = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(fast, i));

		if (!s || !(v[i] = strdup(s))) {
			for (Py_ssize_t j = 0; j < i; j++)
				free(v[j]);
			free(v);
			v = NULL;
			if (!PyErr_Occurred())
				PyErr_NoMemory();
		}
	}
	if (!v && !PyErr_Occurred())
		PyErr_NoMemory();
	Py_DECREF(fast);
	return v;
}

static void strv_free(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

/* ------------------------------------------------------------- sessions */

static PyObject *session_open(PyObject *m, PyObject *args)
{
	char *url = NULL;

	if (!PyArg_ParseTuple(args, "|z", &url))
		return NULL;
	return handle_or_err(libct_session_open(url));
}

static PyObject *session_open_local(PyObject *m, PyObject *args)
{
	return handle_or_err(libct_session_open_local());
}

static PyObject *session_close(PyObject *m, PyObject *args)
{
	PyObject *cap;
	void *s;

	if (!PyArg_ParseTuple(args, "O", &cap) || !(s = handle_of(cap)))
		return NULL;
	Py_BEGIN_ALLOW_THREADS libct_session_close(s);
	Py_END_ALLOW_THREADS Py_RETURN_NONE;
}

static PyObject *session_last_error(PyObject *m, PyObject *args)
{
	PyObject *cap;
	void *s;

	if (!PyArg_ParseTuple(args, "O", &cap) || !(s = handle_of(cap)))
		return NULL;
	return PyUnicode_FromString(libct_session_last_error(s));
}

/* ------------------------------------------------------------ containers */

static PyObject *session_call_name(PyObject *args, ct_handler_t (*fn)(libct_session_t, char *))
{
	PyObject *cap;
	char *name;
	void *s;

	if (!PyArg_ParseTuple(args, "Os", &cap, &name) || !(s = handle_of(cap)))
		return NULL;
	return handle_or_err(fn(s, name));
}

static PyObject *container_create(PyObject *m, PyObject *args)
{
	return session_call_name(args, libct_container_create);
}

static PyObject *container_open(PyObject *m, PyObject *args)
{
	return session_call_name(args, libct_container_open);
}

/* fn(handle) for the container calls with no other argument */
static PyObject *ct_void(PyObject *args, void (*fn)(ct_handler_t))
{
	PyObject *cap;
	void *h;

	if (!PyArg_ParseTuple(args, "O", &cap) || !(h = handle_of(cap)))
		return NULL;
	Py_BEGIN_ALLOW_THREADS fn(h);
	Py_END_ALLOW_THREADS Py_RETURN_NONE;
}

static PyObject *ct_int(PyObject *args, int (*fn)(ct_handler_t))
{
	PyObject *cap;
	void *h;
	int r;

	if (!PyArg_ParseTuple(args, "O", &cap) || !(h = handle_of(cap)))
		return NULL;
	Py_BEGIN_ALLOW_THREADS r = fn(h);
	Py_END_ALLOW_THREADS return PyLong_FromLong(r);
}

static int state_of(ct_handler_t h)
{
	return libct_container_state(h);
}

#define CT_VOID(name, cfn)                                                                         \
	static PyObject *name(PyObject *m, PyObject *args)                                         \
	{                                                                                          \
		return ct_void(args, cfn);                                                         \
	}
#define CT_INT(name, cfn)                                                                          \
	static PyObject *name(PyObject *m, PyObject *args)                                         \
	{                                                                                          \
		return ct_int(args, cfn);                                                          \
	}

CT_VOID(container_close, libct_container_close)
CT_VOID(container_destroy, libct_container_destroy)
CT_INT(container_state, state_of)
CT_INT(container_kill, libct_container_kill)
CT_INT(container_wait, libct_container_wait)
CT_INT(container_pause, libct_container_pause)
CT_INT(container_resume, libct_container_resume)

/* The Python callable runs here, in a forked copy of the caller whose only
 * thread holds the GIL. */
static int call_cb(void *arg)
{
	PyObject *pair = arg, *ret;

	PyOS_AfterFork_Child();
	ret = PyObject_CallOneArg(PyTuple_GET_ITEM(pair, 0), PyTuple_GET_ITEM(pair, 1));
	return lct_py_child_status(ret);
}

static PyObject *run_cb(PyObject *args, ct_process_t (*fn)(ct_handler_t, ct_process_desc_t,
							   int (*)(void *), void *))
{
	PyObject *hc, *pc, *cb, *arg, *pair;
	void *h, *pd;
	ct_process_t p;

	if (!PyArg_ParseTuple(args, "OOOO", &hc, &pc, &cb, &arg) || !(h = handle_of(hc)) ||
	    !(pd = handle_of(pc)))
		return NULL;
	if (!PyCallable_Check(cb))
		return PyErr_Format(PyExc_TypeError, "the callback must be callable");
	pair = PyTuple_Pack(2, cb, arg);
	if (!pair)
		return NULL;
	p = fn(h, pd, call_cb, pair);
	Py_DECREF(pair); /* the child has its copy; the parent is done with it */
	return handle_or_err(p);
}

static PyObject *container_spawn_cb(PyObject *m, PyObject *args)
{
	return run_cb(args, libct_container_spawn_cb);
}

static PyObject *container_enter_cb(PyObject *m, PyObject *args)
{
	return run_cb(args, libct_container_enter_cb);
}

/* spawn or enter with a program: (ct, pd, path, argv[, env[, fds]]) */
static PyObject *run_exec(PyObject *args, int enter)
{
	PyObject *hc, *pc, *argv_o, *env_o = Py_None, *fds_o = Py_None;
	char **argv = NULL, **env = NULL;
	void *h, *pd;
	ct_process_t p;
	char *path;

	if (!PyArg_ParseTuple(args, "OOsO|OO", &hc, &pc, &path, &argv_o, &env_o, &fds_o) ||
	    !(h = handle_of(hc)) || !(pd = handle_of(pc)))
		return NULL;
	argv = strv(argv_o);
	if (!argv)
		return PyErr_Occurred() ? NULL : PyErr_Format(PyExc_TypeError, "argv is needed");
	if (env_o != Py_None && !(env = strv(env_o))) {
		strv_free(argv);
		return NULL;
	}
	if (fds_o != Py_None) {
		Py_ssize_t n = PySequence_Size(fds_o);
		int fds[16], r;

		if (n < 0 || n > 16) {
			strv_free(argv);
			strv_free(env);
			return n < 0 ? NULL : PyErr_Format(PyExc_ValueError, "at most 16 fds");
		}
		for (Py_ssize_t i = 0; i < n; i++) {
			PyObject *o = PySequence_GetItem(fds_o, i);

			fds[i] = o ? PyLong_AsLong(o) : -1;
			Py_XDECREF(o);
		}
		if (PyErr_Occurred()) {
			strv_free(argv);
			strv_free(env);
			return NULL;
		}
		r = libct_process_desc_set_fds(pd, fds, n);
		if (r < 0) {
			strv_free(argv);
			strv_free(env);
			return PyLong_FromLong(r);
		}
	}
	Py_BEGIN_ALLOW_THREADS;
	if (enter)
		p = env ? libct_container_enter_execve(h, pd, path, argv, env) :
			  libct_container_enter_execv(h, pd, path, argv);
	else
		p = env ? libct_container_spawn_execve(h, pd, path, argv, env) :
			  libct_container_spawn_execv(h, pd, path, argv);
	Py_END_ALLOW_THREADS;
	strv_free(argv);
	strv_free(env);
	return handle_or_err(p);
}

static PyObject *container_spawn_exec(PyObject *m, PyObject *args)
{
	return run_exec(args, 0);
}

static PyObject *container_enter_exec(PyObject *m, PyObject *args)
{
	return run_exec(args, 1);
}

static PyObject *container_set_nsmask(PyObject *m, PyObject *args)
{
	PyObject *hc;
	unsigned long mask;
	void *h;

	if (!PyArg_ParseTuple(args, "Ok", &hc, &mask) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_container_set_nsmask(h, mask));
}

static PyObject *container_set_nspath(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *path;
	void *h;
	int ns;

	if (!PyArg_ParseTuple(args, "Ois", &hc, &ns, &path) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_container_set_nspath(h, ns, path));
}

/* ct, str, str for the calls of that shape */
static PyObject *ct_str2(PyObject *args, int (*fn)(ct_handler_t, char *, char *))
{
	PyObject *hc;
	char *a, *b;
	void *h;

	if (!PyArg_ParseTuple(args, "Ozz", &hc, &a, &b) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(fn(h, a, b));
}

static PyObject *container_set_sysctl(PyObject *m, PyObject *args)
{
	return ct_str2(args, libct_container_set_sysctl);
}

static PyObject *container_uname(PyObject *m, PyObject *args)
{
	return ct_str2(args, libct_container_uname);
}

static PyObject *controller_add(PyObject *m, PyObject *args)
{
	PyObject *hc;
	void *h;
	int c;

	if (!PyArg_ParseTuple(args, "Oi", &hc, &c) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_controller_add(h, c));
}

static PyObject *controller_configure(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *param, *value;
	void *h;
	int c;

	if (!PyArg_ParseTuple(args, "Oiss", &hc, &c, &param, &value) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_controller_configure(h, c, param, value));
}

static PyObject *controller_read(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *param, buf[4096];
	void *h;
	int c, r;

	if (!PyArg_ParseTuple(args, "Ois", &hc, &c, &param) || !(h = handle_of(hc)))
		return NULL;
	r = libct_controller_read(h, c, param, buf, sizeof(buf));
	if (r < 0)
		return PyLong_FromLong(r);
	return PyUnicode_FromString(buf);
}

static PyObject *fs_set_root(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *path;
	void *h;

	if (!PyArg_ParseTuple(args, "Os", &hc, &path) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_fs_set_root(h, path));
}

static PyObject *fs_set_private(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *arg = NULL;
	void *h;
	int type;

	if (!PyArg_ParseTuple(args, "Oiz", &hc, &type, &arg) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_fs_set_private(h, type, arg));
}

static PyObject *fs_add_bind_mount(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *src, *dst;
	int flags;
	void *h;

	if (!PyArg_ParseTuple(args, "Ossi", &hc, &src, &dst, &flags) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_fs_add_bind_mount(h, src, dst, flags));
}

static PyObject *fs_del_bind_mount(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *dst;
	void *h;

	if (!PyArg_ParseTuple(args, "Os", &hc, &dst) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_fs_del_bind_mount(h, dst));
}

static PyObject *fs_add_mount(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *src, *dst, *type, *data;
	int flags;
	void *h;

	if (!PyArg_ParseTuple(args, "Ossizz", &hc, &src, &dst, &flags, &type, &data) ||
	    !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_fs_add_mount(h, src, dst, flags, type, data));
}

static PyObject *fs_add_devnode(PyObject *m, PyObject *args)
{
	PyObject *hc;
	int mode, major, minor;
	char *path;
	void *h;

	if (!PyArg_ParseTuple(args, "Osiii", &hc, &path, &mode, &major, &minor) ||
	    !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_fs_add_devnode(h, path, mode, major, minor));
}

static PyObject *userns_add_map(PyObject *m, PyObject *args)
{
	unsigned int first, lower, count;
	PyObject *hc;
	int gid;
	void *h;

	if (!PyArg_ParseTuple(args, "OpIII", &hc, &gid, &first, &lower, &count) ||
	    !(h = handle_of(hc)))
		return NULL;
	if (gid)
		return PyLong_FromLong(libct_userns_add_gid_map(h, first, lower, count));
	return PyLong_FromLong(libct_userns_add_uid_map(h, first, lower, count));
}

static PyObject *container_set_option(PyObject *m, PyObject *args)
{
	PyObject *hc;
	char *arg = NULL;
	void *h;
	int opt;

	if (!PyArg_ParseTuple(args, "Oi|z", &hc, &opt, &arg) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_container_set_option(h, opt, arg));
}

static PyObject *container_processes(PyObject *m, PyObject *args)
{
	struct libct_processes *ps;
	void *h = one_handle(args);
	PyObject *l;

	if (!h)
		return NULL;
	ps = libct_container_processes(h);
	if (libct_handle_is_err(ps))
		return PyLong_FromLong(libct_handle_to_err(ps));
	l = PyList_New(ps->nproc);
	for (int i = 0; l && i < ps->nproc; i++)
		PyList_SET_ITEM(l, i, PyLong_FromLong(libct_processes_get(ps, i)));
	libct_processes_free(ps);
	return l;
}

/* ------------------------------------------------------------ networking */

/* net_add's and net_del's arguments: the container's handle, the type and
 * its argument (the veth's two names, the host device's name, or none). */
static bool net_args(PyObject *args, void **h, int *type, void **arg, struct ct_net_veth_arg *veth)
{
	char *a = NULL, *b = NULL;
	PyObject *hc;

	if (!PyArg_ParseTuple(args, "Oi|zz", &hc, type, &a, &b) || !(*h = handle_of(hc)))
		return false;
	*veth = (struct ct_net_veth_arg){ a, b };
	*arg = *type == CT_NET_VETH ? (void *)veth : *type == CT_NET_HOSTNIC ? a : NULL;
	return true;
}

static PyObject *net_add(PyObject *m, PyObject *args)
{
	struct ct_net_veth_arg veth;
	void *h, *arg;
	int type;

	if (!net_args(args, &h, &type, &arg, &veth))
		return NULL;
	return handle_or_err(libct_net_add(h, type, arg));
}

static PyObject *net_del(PyObject *m, PyObject *args)
{
	struct ct_net_veth_arg veth;
	void *h, *arg;
	int type;

	if (!net_args(args, &h, &type, &arg, &veth))
		return NULL;
	return PyLong_FromLong(libct_net_del(h, type, arg));
}

/* handle -> a new handle, for the calls of that shape */
#define H_NEW(name, cfn)                                                                           \
	static PyObject *name(PyObject *m, PyObject *args)                                         \
	{                                                                                          \
		void *h = one_handle(args);                                                        \
                                                                                                   \
		return h ? handle_or_err(cfn(h)) : NULL;                                           \
	}

H_NEW(net_dev_get_peer, libct_net_dev_get_peer)

/* handle, str for the network calls of that shape */
static PyObject *h_str(PyObject *args, int (*fn)(void *, char *))
{
	PyObject *hc;
	char *s;
	void *h;

	if (!PyArg_ParseTuple(args, "Os", &hc, &s) || !(h = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(fn(h, s));
}

#define H_STR(name, cfn, type)                                                                     \
	static int name##_c(void *h, char *s)                                                      \
	{                                                                                          \
		return cfn((type)h, s);                                                            \
	}                                                                                          \
	static PyObject *name(PyObject *m, PyObject *args)                                         \
	{                                                                                          \
		return h_str(args, name##_c);                                                      \
	}

H_STR(net_dev_set_mac_addr, libct_net_dev_set_mac_addr, ct_net_t)
H_STR(net_dev_set_master, libct_net_dev_set_master, ct_net_t)
H_STR(net_dev_add_ip_addr, libct_net_dev_add_ip_addr, ct_net_t)
H_STR(net_route_set_src, libct_net_route_set_src, ct_net_route_t)
H_STR(net_route_set_dst, libct_net_route_set_dst, ct_net_route_t)
H_STR(net_route_set_dev, libct_net_route_set_dev, ct_net_route_t)
H_STR(net_route_nh_set_gw, libct_net_route_nh_set_gw, ct_net_route_nh_t)
H_STR(net_route_nh_set_dev, libct_net_route_nh_set_dev, ct_net_route_nh_t)

static PyObject *net_dev_set_mtu(PyObject *m, PyObject *args)
{
	PyObject *hc;
	void *n;
	int mtu;

	if (!PyArg_ParseTuple(args, "Oi", &hc, &mtu) || !(n = handle_of(hc)))
		return NULL;
	return PyLong_FromLong(libct_net_dev_set_mtu(n, mtu));
}

H_NEW(net_route_add, libct_net_route_add)

H_NEW(net_route_add_nh, libct_net_route_add_nh)

/* ------------------------------------------------- process descriptions */

H_NEW(process_desc_create, libct_process_desc_create)

H_NEW(process_desc_copy, libct_process_desc_copy)

static PyObject *process_desc_destroy(PyObject *m, PyObject *args)
{
	void *p = one_handle(args);

	if (!p)
		return NULL;
	libct_process_desc_destroy(p);
	Py_RETURN_NONE;
}

/* process_desc_set(pd, what, value...) for the setters */
static PyObject *process_desc_set(PyObject *m, PyObject *args)
{
	PyObject *hc, *v = NULL, *w = NULL, *x = NULL;
	const char *what;
	void *p;
	int r;

	if (!PyArg_ParseTuple(args, "Os|OOO", &hc, &what, &v, &w, &x) || !(p = handle_of(hc)))
		return NULL;
	if (!v)
		return PyErr_Format(PyExc_TypeError, "%s needs a value", what);
	if (!strcmp(what, "uid") || !strcmp(what, "gid") || !strcmp(what, "pdeathsig")) {
		long n = PyLong_AsLong(v);

		if (PyErr_Occurred())
			return NULL;
		r = !strcmp(what, "uid") ? libct_process_desc_setuid(p, n) :
		    !strcmp(what, "gid") ? libct_process_desc_setgid(p, n) :
					   libct_process_desc_set_pdeathsig(p, n);
	} else if (!strcmp(what, "user") || !strcmp(what, "lsm_label")) {
		const char *s = PyUnicode_AsUTF8(v);
		char *c;

		if (!s || !(c = strdup(s)))
			return PyErr_Occurred() ? NULL : PyErr_NoMemory();
		r = what[0] == 'u' ? libct_process_desc_set_user(p, c) :
				     libct_process_desc_set_lsm_label(p, c);
		free(c);
	} else if (!strcmp(what, "groups") || !strcmp(what, "fds")) {
		Py_ssize_t n = PySequence_Size(v);
		unsigned int *g;

		if (n < 0)
			return NULL;
		g = calloc(n + 1, sizeof(*g));
		if (!g)
			return PyErr_NoMemory();
		for (Py_ssize_t i = 0; i < n; i++) {
			PyObject *o = PySequence_GetItem(v, i);

			g[i] = o ? PyLong_AsLong(o) : 0;
			Py_XDECREF(o);
		}
		if (PyErr_Occurred()) {
			free(g);
			return NULL;
		}
		r = what[0] == 'g' ? libct_process_desc_set_groups(p, n, g) :
				     libct_process_desc_set_fds(p, (int *)g, n);
		free(g);
	} else if (!strcmp(what, "env")) {
		char **env = strv(v);
		int n = 0;

		if (!env && PyErr_Occurred())
			return NULL;
		while (env && env[n])
			n++;
		r = libct_process_desc_set_env(p, env, n);
		strv_free(env);
	} else if (!strcmp(what, "rlimit")) {
		int res = PyLong_AsLong(v);
		unsigned long long soft = w ? PyLong_AsUnsignedLongLong(w) : 0;
		unsigned long long hard = x ? PyLong_AsUnsignedLongLong(x) : soft;

		if (PyErr_Occurred())
			return NULL;
		r = libct_process_desc_set_rlimit(p, res, soft, hard);
	} else if (!strcmp(what, "caps")) {
		unsigned long mask = PyLong_AsUnsignedLong(v);
		unsigned int apply = w ? PyLong_AsUnsignedLong(w) : CAPS_ALL;

		if (PyErr_Occurred())
			return NULL;
		r = libct_process_desc_set_caps(p, mask, apply);
	} else {
		return PyErr_Format(PyExc_ValueError, "unknown setting '%s'", what);
	}
	return PyLong_FromLong(r);
}

/* ------------------------------------------------------------- processes */

static PyObject *process_wait(PyObject *m, PyObject *args)
{
	int status = 0, r;
	void *p = one_handle(args);

	if (!p)
		return NULL;
	Py_BEGIN_ALLOW_THREADS r = libct_process_wait(p, &status);
	Py_END_ALLOW_THREADS if (r < 0) return Py_BuildValue("(ii)", r, 0);
	return Py_BuildValue("(ii)", 0, status);
}

static PyObject *process_destroy(PyObject *m, PyObject *args)
{
	void *p = one_handle(args);

	if (!p)
		return NULL;
	libct_process_destroy(p);
	Py_RETURN_NONE;
}

static PyObject *process_get_pid(PyObject *m, PyObject *args)
{
	void *p = one_handle(args);

	if (!p)
		return NULL;
	return PyLong_FromLong(libct_process_get_pid(p));
}

#define F(name)                                                                                    \
	{                                                                                          \
#name, name, METH_VARARGS, "libct_" #name                                          \
	}
static PyMethodDef compat_methods[] = {
	F(session_open),
	F(session_open_local),
	F(session_close),
	F(session_last_error),
	F(container_create),
	F(container_open),
	F(container_close),
	F(container_destroy),
	F(container_state),
	F(container_kill),
	F(container_wait),
	F(container_pause),
	F(container_resume),
	F(container_spawn_cb),
	F(container_enter_cb),
	F(container_spawn_exec),
	F(container_enter_exec),
	F(container_set_nsmask),
	F(container_set_nspath),
	F(container_set_sysctl),
	F(container_uname),
	F(container_set_option),
	F(container_processes),
	F(controller_add),
	F(controller_configure),
	F(controller_read),
	F(fs_set_root),
	F(fs_set_private),
	F(fs_add_bind_mount),
	F(fs_del_bind_mount),
	F(fs_add_mount),
	F(fs_add_devnode),
	F(userns_add_map),
	F(net_add),
	F(net_del),
	F(net_dev_get_peer),
	F(net_dev_set_mac_addr),
	F(net_dev_set_master),
	F(net_dev_add_ip_addr),
	F(net_dev_set_mtu),
	F(net_route_add),
	F(net_route_set_src),
	F(net_route_set_dst),
	F(net_route_set_dev),
	F(net_route_add_nh),
	F(net_route_nh_set_gw),
	F(net_route_nh_set_dev),
	F(process_desc_create),
	F(process_desc_copy),
	F(process_desc_destroy),
	F(process_desc_set),
	F(process_wait),
	F(process_destroy),
	F(process_get_pid),
	{ NULL },
};

static struct PyModuleDef compat_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "libct._compat",
	.m_doc = "The functions of <libct/compat.h>; use libct.compat instead.",
	.m_size = -1,
	.m_methods = compat_methods,
};

PyMODINIT_FUNC PyInit__compat(void)
{
	PyObject *m = PyModule_Create(&compat_module);

	if (!m)
		return NULL;
#define C(name) PyModule_AddIntConstant(m, #name, name)
	C(CT_ERROR);
	C(CT_STOPPED);
	C(CT_RUNNING);
	C(CT_PAUSED);
	C(CTL_BLKIO);
	C(CTL_CPU);
	C(CTL_CPUACCT);
	C(CTL_CPUSET);
	C(CTL_DEVICES);
	C(CTL_FREEZER);
	C(CTL_HUGETLB);
	C(CTL_MEMORY);
	C(CTL_NETCLS);
	C(CT_NR_CONTROLLERS);
	C(CAPS_BSET);
	C(CAPS_ALLCAPS);
	C(CAPS_ALL);
	C(CT_FS_NONE);
	C(CT_FS_SUBDIR);
	C(CT_FS_RDONLY);
	C(CT_FS_PRIVATE);
	C(CT_FS_BIND);
	C(CT_FS_NOEXEC);
	C(CT_FS_NOSUID);
	C(CT_FS_NODEV);
	C(CT_FS_STRICTATIME);
	C(CT_FS_REC);
	C(CT_NET_NONE);
	C(CT_NET_HOSTNIC);
	C(CT_NET_VETH);
	C(LIBCT_OPT_AUTO_PROC_MOUNT);
	C(LIBCT_OPT_CGROUP_SUBMOUNT);
	C(LIBCT_OPT_KILLABLE);
	C(LIBCT_OPT_NOSETSID);
	C(LIBCT_OPT_SYSTEMD);
	C(LIBCT_OPT_TASKLESS);
	C(LIBCT_CONSOLE_FD);
	C(LCTERR_BADCTSTATE);
	C(LCTERR_BADTYPE);
	C(LCTERR_BADARG);
	C(LCTERR_NONS);
	C(LCTERR_NOTFOUND);
	C(LCTERR_INVARG);
	C(LCTERR_OPNOTSUPP);
	C(LCTERR_CANTMOUNT);
	C(LCTERR_CGCREATE);
	C(LCTERR_CGCONFIG);
	C(LCTERR_CGATTACH);
	return m;
}

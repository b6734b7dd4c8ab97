/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libct._core: the handles of <libct/libct.h> as Python types.
 *
 * Each type owns one C handle and frees it in close() or when collected.
 * A call on a closed handle raises ValueError instead of touching freed
 * memory. Every call that can block (create, start, run, wait, exec,
 * delete, pause, resume, update, OCI loads) runs with the GIL released; a
 * handle that is in such a call cannot be closed from another thread (the
 * close raises) and is not collected (the call holds a reference).
 *
 * A failure raises the exception made by the factory the Python package
 * registers (_set_error_factory), from the C error's code and message.
 */
#include "_core.h"
#include "_child.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PyObject *error_factory;

/* Raise the exception for a failed call; returns NULL for the caller to return. */
PyObject *raise_err(int code, const struct libct_error *err)
{
	int e = code < 0 ? -code : code;
	const char *msg = err && err->message[0] ? err->message : strerror(e);
	PyObject *exc;

	if (!error_factory) {
		errno = e;
		return PyErr_SetFromErrno(PyExc_OSError);
	}
	exc = PyObject_CallFunction(error_factory, "is", e, msg);
	if (exc) {
		PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
		Py_DECREF(exc);
	}
	return NULL;
}

/* Raise the libct.Error of code with a message made here, as the C library
 * words its own (for what the binding checks itself); returns NULL. */
static PyObject *raise_msg(int code, const char *fmt, ...)
{
	struct libct_error err = { .code = code };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err.message, sizeof(err.message), fmt, ap);
	va_end(ap);
	return raise_err(code, &err);
}

/* A NULL-terminated copy of a sequence of str (NULL for None); free with free_strv. */
char **to_strv(PyObject *seq, const char *what)
{
	PyObject *fast;
	Py_ssize_t n, i;
	char **v;

	if (seq == NULL || seq == Py_None)
		return NULL;
	if (PyUnicode_Check(seq) || PyBytes_Check(seq)) {
		PyErr_Format(PyExc_TypeError, "%s must be a sequence of str, not a str", what);
		return NULL;
	}
	fast = PySequence_Fast(seq, what);
	if (!fast)
		return NULL;
	n = PySequence_Fast_GET_SIZE(fast);
	v = calloc(n + 1, sizeof(*v));
	if (!v) {
		Py_DECREF(fast);
		PyErr_NoMemory();
		return NULL;
	}
	for (i = 0; i < n; i++) {
		PyObject *o = PySequence_Fast_GET_ITEM(fast, i);
		const char *s;

		if (!PyUnicode_Check(o)) {
			PyErr_Format(PyExc_TypeError, "%s[%zd] must be a str", what, i);
			goto fail;
		}
		s = PyUnicode_AsUTF8(o);
		if (!s)
			goto fail;
		v[i] = strdup(s);
		if (!v[i]) {
			PyErr_NoMemory();
			goto fail;
		}
	}
	Py_DECREF(fast);
	return v;
fail:
	for (i = 0; v[i]; i++)
		free(v[i]);
	free(v);
	Py_DECREF(fast);
	return NULL;
}

void free_strv(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

PyObject *closed_error(const char *what)
{
	PyErr_Format(PyExc_ValueError, "I/O operation on a closed %s handle", what);
	return NULL;
}

/* ---------------------------------------------------------------- Session */

void session_release(SessionObject *self)
{
	if (self->s && self->closed && self->children == 0) {
		libct_session_free(self->s);
		self->s = NULL;
	}
}

static int Session_init(SessionObject *self, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = { "state_dir", NULL };
	const char *dir = NULL;
	struct libct_error err = { 0 };
	int r;

	if (!PyArg_ParseTupleAndKeywords(args, kw, "|z", kwlist, &dir))
		return -1;
	if (self->s) {
		PyErr_SetString(PyExc_RuntimeError, "session already open");
		return -1;
	}
	r = libct_session_new(dir, &self->s, &err);
	if (r < 0) {
		raise_err(r, &err);
		return -1;
	}
	return 0;
}

static void Session_dealloc(SessionObject *self)
{
	self->closed = 1;
	self->children = 0;
	session_release(self);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

struct libct_session *session_get(SessionObject *self)
{
	if (!self->s || self->closed) {
		closed_error("session");
		return NULL;
	}
	return self->s;
}

static PyObject *Session_close(SessionObject *self, PyObject *unused)
{
	self->closed = 1;
	session_release(self);
	Py_RETURN_NONE;
}

static PyObject *Session_get_closed(SessionObject *self, void *unused)
{
	return PyBool_FromLong(self->closed || !self->s);
}

static PyObject *Session_get_state_dir(SessionObject *self, void *unused)
{
	struct libct_session *s = session_get(self);

	return s ? PyUnicode_FromString(libct_session_state_dir(s)) : NULL;
}

static PyObject *Session_list(SessionObject *self, PyObject *unused)
{
	struct libct_session *s = session_get(self);
	struct libct_error err = { 0 };
	char **ids = NULL;
	PyObject *l;
	int r;

	if (!s)
		return NULL;
	r = libct_session_list(s, &ids, &err);
	CHECK(r, err);
	l = PyList_New(0);
	for (char **p = ids; l && p && *p; p++) {
		PyObject *o = PyUnicode_FromString(*p);

		if (!o || PyList_Append(l, o) < 0)
			Py_CLEAR(l);
		Py_XDECREF(o);
	}
	libct_strv_free(ids);
	return l;
}

static PyObject *Session_set_setup_timeout(SessionObject *self, PyObject *args)
{
	struct libct_session *s = session_get(self);
	unsigned int seconds;

	if (!s || !PyArg_ParseTuple(args, "I", &seconds))
		return NULL;
	libct_session_set_setup_timeout(s, seconds);
	Py_RETURN_NONE;
}

static PyObject *Session_get_setup_timeout(SessionObject *self, void *unused)
{
	struct libct_session *s = session_get(self);

	return s ? PyLong_FromUnsignedLong(libct_session_setup_timeout(s)) : NULL;
}

static PyObject *Session_get_rootless(SessionObject *self, void *unused)
{
	struct libct_session *s = session_get(self);

	return s ? PyBool_FromLong(libct_session_rootless(s)) : NULL;
}

/* True, False, or None for auto-detection */
static int Session_set_rootless(SessionObject *self, PyObject *v, void *unused)
{
	struct libct_session *s = session_get(self);

	if (!s)
		return -1;
	if (!v || (v != Py_None && !PyBool_Check(v))) {
		PyErr_SetString(PyExc_TypeError, "rootless is True, False or None (auto)");
		return -1;
	}
	libct_session_set_rootless(s, v == Py_None ? LIBCT_ROOTLESS_AUTO :
				      v == Py_True ? LIBCT_ROOTLESS_ON :
						     LIBCT_ROOTLESS_OFF);
	return 0;
}

static PyMethodDef Session_methods[] = {
	{ "close", (PyCFunction)Session_close, METH_NOARGS,
	  "Release the session (at once, or when its last container handle is closed)." },
	{ "list", (PyCFunction)Session_list, METH_NOARGS,
	  "The ids of the containers with a state record, sorted." },
	{ "set_setup_timeout", (PyCFunction)Session_set_setup_timeout, METH_VARARGS,
	  "set_setup_timeout(seconds): bound each wait for a process being set up "
	  "(0: none; default 60 or LIBCT_SETUP_TIMEOUT); see libct_session(3)." },
	{ NULL },
};

static PyGetSetDef Session_getset[] = {
	{ "state_dir", (getter)Session_get_state_dir, NULL, "The state directory.", NULL },
	{ "closed", (getter)Session_get_closed, NULL, "Whether close() was called.", NULL },
	{ "setup_timeout", (getter)Session_get_setup_timeout, NULL,
	  "The setup timeout in seconds (0: none).", NULL },
	{ "rootless", (getter)Session_get_rootless, (setter)Session_set_rootless,
	  "Whether the session is rootless (set True, False, or None: auto); see "
	  "libct_session(3).",
	  NULL },
	{ NULL },
};

PyTypeObject SessionType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "libct._core.Session",
	.tp_basicsize = sizeof(SessionObject),
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc = "Session(state_dir=None): a libct session (libct_session_new).",
	.tp_new = PyType_GenericNew,
	.tp_init = (initproc)Session_init,
	.tp_dealloc = (destructor)Session_dealloc,
	.tp_methods = Session_methods,
	.tp_getset = Session_getset,
};

/* ------------------------------------------------------ ProcessDesc */

static int ProcessDesc_init(ProcessDescObject *self, PyObject *args, PyObject *kw)
{
	struct libct_error err = { 0 };
	int r;

	if (!PyArg_ParseTuple(args, ""))
		return -1;
	if (self->pd)
		return 0;
	r = libct_process_desc_new(&self->pd, &err);
	if (r < 0) {
		raise_err(r, &err);
		return -1;
	}
	return 0;
}

static void ProcessDesc_dealloc(ProcessDescObject *self)
{
	libct_process_desc_free(self->pd);
	Py_CLEAR(self->function);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static struct libct_process_desc *pd_get(ProcessDescObject *self)
{
	if (!self->pd)
		closed_error("process description");
	return self->pd;
}

static PyObject *ProcessDesc_close(ProcessDescObject *self, PyObject *unused)
{
	libct_process_desc_free(self->pd);
	self->pd = NULL;
	Py_CLEAR(self->function);
	Py_RETURN_NONE;
}

static PyObject *pd_strv_call(ProcessDescObject *self, PyObject *arg, const char *what,
			      int (*fn)(struct libct_process_desc *, const char *const *,
					struct libct_error *))
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	char **v;
	int r;

	if (!pd)
		return NULL;
	v = to_strv(arg, what);
	if (!v) {
		if (!PyErr_Occurred())
			PyErr_Format(PyExc_TypeError, "%s must not be None", what);
		return NULL;
	}
	r = fn(pd, (const char *const *)v, &err);
	free_strv(v);
	CHECK(r, err);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_set_args(ProcessDescObject *self, PyObject *arg)
{
	return pd_strv_call(self, arg, "args", libct_process_desc_set_args);
}

static PyObject *ProcessDesc_set_env(ProcessDescObject *self, PyObject *arg)
{
	return pd_strv_call(self, arg, "env", libct_process_desc_set_env);
}

#define PD_STR_SETTER(name, cfn)                                                                   \
	static PyObject *ProcessDesc_##name(ProcessDescObject *self, PyObject *args)               \
	{                                                                                          \
		struct libct_process_desc *pd = pd_get(self);                                      \
		struct libct_error err = { 0 };                                                    \
		const char *s;                                                                     \
		int r;                                                                             \
		if (!pd || !PyArg_ParseTuple(args, "s", &s))                                       \
			return NULL;                                                               \
		r = cfn(pd, s, &err);                                                              \
		CHECK(r, err);                                                                     \
		Py_RETURN_NONE;                                                                    \
	}

PD_STR_SETTER(add_env, libct_process_desc_add_env)
PD_STR_SETTER(set_cwd, libct_process_desc_set_cwd)
PD_STR_SETTER(set_exec_path, libct_process_desc_set_exec_path)
PD_STR_SETTER(set_user_name, libct_process_desc_set_user_name)
PD_STR_SETTER(set_apparmor_profile, libct_process_desc_set_apparmor_profile)
PD_STR_SETTER(set_selinux_label, libct_process_desc_set_selinux_label)
PD_STR_SETTER(add_seccomp_arch, libct_process_desc_add_seccomp_arch)
PD_STR_SETTER(add_seccomp_flag, libct_process_desc_add_seccomp_flag)
PD_STR_SETTER(set_session_keyring, libct_process_desc_set_session_keyring)

/* The same for a setter of two strings, parsed with fmt ("zs": the first may
 * be None). */
#define PD_STR2_SETTER(name, cfn, fmt)                                                             \
	static PyObject *ProcessDesc_##name(ProcessDescObject *self, PyObject *args)               \
	{                                                                                          \
		struct libct_process_desc *pd = pd_get(self);                                      \
		struct libct_error err = { 0 };                                                    \
		const char *a = NULL, *b = NULL;                                                   \
		int r;                                                                             \
		if (!pd || !PyArg_ParseTuple(args, fmt, &a, &b))                                   \
			return NULL;                                                               \
		r = cfn(pd, a, b, &err);                                                           \
		CHECK(r, err);                                                                     \
		Py_RETURN_NONE;                                                                    \
	}

/* add_sub_cgroup(controllers or None, path) */
PD_STR2_SETTER(add_sub_cgroup, libct_process_desc_add_sub_cgroup, "zs")
/* set_seccomp_listener(path, metadata=None): the agent of SCMP_ACT_NOTIFY rules */
PD_STR2_SETTER(set_seccomp_listener, libct_process_desc_set_seccomp_listener, "s|z")

static PyObject *ProcessDesc_set_user(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	unsigned int uid, gid;

	if (!pd || !PyArg_ParseTuple(args, "II", &uid, &gid))
		return NULL;
	libct_process_desc_set_user(pd, uid, gid);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_set_additional_gids(ProcessDescObject *self, PyObject *arg)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	PyObject *fast;
	Py_ssize_t n, i;
	gid_t *gids;
	int r;

	if (!pd)
		return NULL;
	fast = PySequence_Fast(arg, "gids must be a sequence of int");
	if (!fast)
		return NULL;
	n = PySequence_Fast_GET_SIZE(fast);
	gids = calloc(n + 1, sizeof(*gids));
	if (!gids) {
		Py_DECREF(fast);
		return PyErr_NoMemory();
	}
	for (i = 0; i < n; i++) {
		unsigned long g = PyLong_AsUnsignedLong(PySequence_Fast_GET_ITEM(fast, i));

		if (PyErr_Occurred()) {
			free(gids);
			Py_DECREF(fast);
			return NULL;
		}
		gids[i] = g;
	}
	Py_DECREF(fast);
	r = libct_process_desc_set_additional_gids(pd, gids, n, &err);
	free(gids);
	CHECK(r, err);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_add_rlimit(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	unsigned long long soft, hard;
	int res, r;

	if (!pd || !PyArg_ParseTuple(args, "iKK", &res, &soft, &hard))
		return NULL;
	r = libct_process_desc_add_rlimit(pd, res, soft, hard, &err);
	CHECK(r, err);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_set_flag(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	const char *name;
	int on;

	if (!pd || !PyArg_ParseTuple(args, "sp", &name, &on))
		return NULL;
	if (!strcmp(name, "no_new_privileges"))
		libct_process_desc_set_no_new_privileges(pd, on);
	else if (!strcmp(name, "terminal"))
		libct_process_desc_set_terminal(pd, on);
	else if (!strcmp(name, "new_session"))
		libct_process_desc_set_new_session(pd, on);
	else if (!strcmp(name, "terminal_onlcr"))
		libct_process_desc_set_terminal_onlcr(pd, on);
	else if (!strcmp(name, "keep_groups"))
		libct_process_desc_set_keep_groups(pd, on);
	else
		return PyErr_Format(PyExc_ValueError, "unknown flag '%s'", name);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_set_int(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	const char *name;
	long v;
	int r = 0;

	if (!pd || !PyArg_ParseTuple(args, "sl", &name, &v))
		return NULL;
	if (!strcmp(name, "umask"))
		libct_process_desc_set_umask(pd, v);
	else if (!strcmp(name, "pdeathsig"))
		libct_process_desc_set_pdeathsig(pd, v);
	else if (!strcmp(name, "preserve_fds"))
		libct_process_desc_set_preserve_fds(pd, v);
	else if (!strcmp(name, "console_socket"))
		libct_process_desc_set_console_socket(pd, v);
	else if (!strcmp(name, "personality"))
		libct_process_desc_set_personality(pd, v);
	else if (!strcmp(name, "oom_score_adj"))
		r = libct_process_desc_set_oom_score_adj(pd, v, &err);
	else
		return PyErr_Format(PyExc_ValueError, "unknown setting '%s'", name);
	CHECK(r, err);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_set_caps(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	unsigned long long mask;
	int set;

	if (!pd || !PyArg_ParseTuple(args, "iK", &set, &mask))
		return NULL;
	if (set < 0 || set >= LIBCT_CAP_SET__MAX)
		return PyErr_Format(PyExc_ValueError, "unknown capability set %d", set);
	libct_process_desc_set_caps(pd, set, mask);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_get_caps(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	int set;

	if (!pd || !PyArg_ParseTuple(args, "i", &set))
		return NULL;
	if (set < 0 || set >= LIBCT_CAP_SET__MAX)
		return PyErr_Format(PyExc_ValueError, "unknown capability set %d", set);
	return PyLong_FromUnsignedLongLong(libct_process_desc_get_caps(pd, set));
}

static PyObject *ProcessDesc_set_fds(ProcessDescObject *self, PyObject *arg)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	PyObject *fast;
	Py_ssize_t n, i;
	int *fds, r;

	if (!pd)
		return NULL;
	fast = PySequence_Fast(arg, "fds must be a sequence of int");
	if (!fast)
		return NULL;
	n = PySequence_Fast_GET_SIZE(fast);
	fds = calloc(n + 1, sizeof(*fds));
	if (!fds) {
		Py_DECREF(fast);
		return PyErr_NoMemory();
	}
	for (i = 0; i < n; i++) {
		PyObject *o = PySequence_Fast_GET_ITEM(fast, i);

		fds[i] = PyObject_AsFileDescriptor(o);
		if (fds[i] < 0) {
			free(fds);
			Py_DECREF(fast);
			return NULL;
		}
	}
	Py_DECREF(fast);
	r = libct_process_desc_set_fds(pd, fds, n, &err);
	free(fds);
	CHECK(r, err);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_set_seccomp_default(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	int action, errno_ret = -1, r;

	if (!pd || !PyArg_ParseTuple(args, "i|i", &action, &errno_ret))
		return NULL;
	r = libct_process_desc_set_seccomp_default(pd, action, errno_ret, &err);
	CHECK(r, err);
	Py_RETURN_NONE;
}

/* add_seccomp_rule(syscall, action, errno_ret, [(index, op, value, value_two), ...]) */
static PyObject *ProcessDesc_add_seccomp_rule(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_seccomp_arg sargs[6];
	struct libct_error err = { 0 };
	PyObject *list = NULL, *fast = NULL;
	const char *sc;
	int action, errno_ret = -1, r;
	Py_ssize_t n = 0;

	if (!pd || !PyArg_ParseTuple(args, "si|iO", &sc, &action, &errno_ret, &list))
		return NULL;
	if (list && list != Py_None) {
		fast = PySequence_Fast(list, "args must be a sequence of tuples");
		if (!fast)
			return NULL;
		n = PySequence_Fast_GET_SIZE(fast);
		if (n > 6) {
			Py_DECREF(fast);
			return PyErr_Format(PyExc_ValueError, "a seccomp rule has at most 6 args");
		}
		for (Py_ssize_t i = 0; i < n; i++) {
			unsigned long long v = 0, v2 = 0;
			unsigned int idx;
			int op;

			if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(fast, i), "iiK|K", &idx, &op,
					      &v, &v2)) {
				Py_DECREF(fast);
				return NULL;
			}
			sargs[i] = (struct libct_seccomp_arg){ idx, op, v, v2 };
		}
		Py_DECREF(fast);
	}
	r = libct_process_desc_add_seccomp_rule(pd, sc, action, errno_ret, sargs, n, &err);
	CHECK(r, err);
	Py_RETURN_NONE;
}

/* ------------------------------------------------------------ scheduling */

/* The names the scheduling setters take, each kind looked up with its helper
 * of <libct/libct.h>. */
enum sched_name {
	NAME_SCHED_POLICY,
	NAME_SCHED_FLAG,
	NAME_IOPRIO_CLASS,
	NAME_MPOL_MODE,
	NAME_MPOL_FLAG,
};

static const char *const sched_name_what[] = {
	[NAME_SCHED_POLICY] = "scheduling policy",  [NAME_SCHED_FLAG] = "scheduling flag",
	[NAME_IOPRIO_CLASS] = "I/O priority class", [NAME_MPOL_MODE] = "memory policy mode",
	[NAME_MPOL_FLAG] = "memory policy flag",
};

/* The value of a name by the C helper of its kind; -EINVAL for an unknown one. */
static int sched_name_value(enum sched_name kind, const char *name, uint64_t *ret)
{
	unsigned int u = 0;
	uint64_t f = 0;
	int v = 0, r = -EINVAL;

	switch (kind) {
	case NAME_SCHED_POLICY:
		r = libct_sched_policy_from_string(name, &v);
		f = (uint64_t)v;
		break;
	case NAME_SCHED_FLAG:
		r = libct_sched_flag_from_string(name, &f);
		break;
	case NAME_IOPRIO_CLASS:
		r = libct_io_priority_class_from_string(name, &v);
		f = (uint64_t)v;
		break;
	case NAME_MPOL_MODE:
		r = libct_mempolicy_mode_from_string(name, &v);
		f = (uint64_t)v;
		break;
	case NAME_MPOL_FLAG:
		r = libct_mempolicy_flag_from_string(name, &u);
		f = u;
		break;
	}
	if (r == 0)
		*ret = f;
	return r;
}

/* A str looked up by kind (a libct.Error naming it when unknown); -1 with
 * an exception set. */
static int name_lookup(PyObject *o, enum sched_name kind, uint64_t *ret)
{
	const char *s = PyUnicode_AsUTF8(o);

	if (!s)
		return -1;
	if (sched_name_value(kind, s, ret) < 0) {
		raise_msg(-EINVAL, "unknown %s '%s'", sched_name_what[kind], s);
		return -1;
	}
	return 0;
}

/* A policy, class or mode: a name ("SCHED_BATCH"), or a number the C setter
 * checks. */
static int name_or_int(PyObject *o, enum sched_name kind, int *ret)
{
	uint64_t v;
	long l;

	if (PyUnicode_Check(o)) {
		if (name_lookup(o, kind, &v) < 0)
			return -1;
		*ret = (int)v;
		return 0;
	}
	l = PyLong_AsLong(o);
	if (l == -1 && PyErr_Occurred())
		return -1;
	if (l < INT_MIN || l > INT_MAX) {
		PyErr_Format(PyExc_OverflowError, "%s %ld is out of range", sched_name_what[kind],
			     l);
		return -1;
	}
	*ret = (int)l;
	return 0;
}

/* Flags: None (none), an int mask, a name, or a sequence of names and masks. */
static int flags_arg(PyObject *o, enum sched_name kind, uint64_t *ret)
{
	PyObject *fast;
	uint64_t all = 0, f;

	if (!o || o == Py_None) {
		*ret = 0;
		return 0;
	}
	if (PyLong_Check(o)) {
		*ret = PyLong_AsUnsignedLongLong(o);
		return PyErr_Occurred() ? -1 : 0;
	}
	if (PyUnicode_Check(o))
		return name_lookup(o, kind, ret);
	fast = PySequence_Fast(o, "flags must be an int, a str or a sequence of them");
	if (!fast)
		return -1;
	for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); i++) {
		PyObject *item = PySequence_Fast_GET_ITEM(fast, i);
		int r = 0;

		if (PyUnicode_Check(item))
			r = name_lookup(item, kind, &f);
		else if ((f = PyLong_AsUnsignedLongLong(item)) == (uint64_t)-1 && PyErr_Occurred())
			r = -1;
		if (r < 0) {
			Py_DECREF(fast);
			return -1;
		}
		all |= f;
	}
	Py_DECREF(fast);
	*ret = all;
	return 0;
}

/* set_scheduler(policy, nice=0, priority=0, flags=None, runtime=0, deadline=0,
 * period=0): policy "SCHED_*" or its number, flags "SCHED_FLAG_*" names */
static PyObject *ProcessDesc_set_scheduler(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	unsigned long long runtime = 0, deadline = 0, period = 0;
	struct libct_error err = { 0 };
	PyObject *policy_o, *flags_o = NULL;
	int policy, nice = 0, prio = 0, r;
	uint64_t flags;

	if (!pd || !PyArg_ParseTuple(args, "O|iiOKKK", &policy_o, &nice, &prio, &flags_o, &runtime,
				     &deadline, &period))
		return NULL;
	if (name_or_int(policy_o, NAME_SCHED_POLICY, &policy) < 0 ||
	    flags_arg(flags_o, NAME_SCHED_FLAG, &flags) < 0)
		return NULL;
	r = libct_process_desc_set_scheduler(pd, policy, nice, prio, flags, runtime, deadline,
					     period, &err);
	CHECK(r, err);
	Py_RETURN_NONE;
}

/* set_io_priority(ioclass, level=0): ioclass "IOPRIO_CLASS_*" or 1..3 */
static PyObject *ProcessDesc_set_io_priority(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	PyObject *class_o;
	int ioclass, level = 0, r;

	if (!pd || !PyArg_ParseTuple(args, "O|i", &class_o, &level))
		return NULL;
	if (name_or_int(class_o, NAME_IOPRIO_CLASS, &ioclass) < 0)
		return NULL;
	r = libct_process_desc_set_io_priority(pd, ioclass, level, &err);
	CHECK(r, err);
	Py_RETURN_NONE;
}

/* set_cpu_affinity(initial=None, final=None): CPU lists such as "0-3,7" */
static PyObject *ProcessDesc_set_cpu_affinity(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	const char *initial = NULL, *final = NULL;
	int r;

	if (!pd || !PyArg_ParseTuple(args, "|zz", &initial, &final))
		return NULL;
	r = libct_process_desc_set_cpu_affinity(pd, initial, final, &err);
	CHECK(r, err);
	Py_RETURN_NONE;
}

/* set_memory_policy(mode, flags=None, nodes=None): mode "MPOL_*" or its
 * number, flags "MPOL_F_*" names, nodes a node list such as "0-1" */
static PyObject *ProcessDesc_set_memory_policy(ProcessDescObject *self, PyObject *args)
{
	struct libct_process_desc *pd = pd_get(self);
	struct libct_error err = { 0 };
	PyObject *mode_o, *flags_o = NULL;
	const char *nodes = NULL;
	uint64_t flags;
	int mode, r;

	if (!pd || !PyArg_ParseTuple(args, "O|Oz", &mode_o, &flags_o, &nodes))
		return NULL;
	if (name_or_int(mode_o, NAME_MPOL_MODE, &mode) < 0 ||
	    flags_arg(flags_o, NAME_MPOL_FLAG, &flags) < 0)
		return NULL;
	if (flags > UINT_MAX) /* the C flags are an unsigned int: no bit may be lost */
		return raise_msg(-EINVAL, "memory policy: unknown flags 0x%llx",
				 (unsigned long long)flags);
	r = libct_process_desc_set_memory_policy(pd, mode, (unsigned int)flags, nodes, &err);
	CHECK(r, err);
	Py_RETURN_NONE;
}

/* The Python callable of set_function runs here, in the container's
 * process: a forked copy of the caller whose only thread is the one that
 * called create/run, holding the GIL. */
static int call_function(void *arg)
{
	PyObject *fn = arg, *ret;

	PyOS_AfterFork_Child();
	ret = PyObject_CallNoArgs(fn);
	return lct_py_child_status(ret);
}

static PyObject *ProcessDesc_set_function(ProcessDescObject *self, PyObject *fn)
{
	struct libct_process_desc *pd = pd_get(self);

	if (!pd)
		return NULL;
	if (!PyCallable_Check(fn))
		return PyErr_Format(PyExc_TypeError, "function must be callable");
	Py_INCREF(fn);
	Py_XSETREF(self->function, fn);
	libct_process_desc_set_function(pd, call_function, fn);
	Py_RETURN_NONE;
}

static PyObject *ProcessDesc_get_has_function(ProcessDescObject *self, void *unused)
{
	return PyBool_FromLong(self->function != NULL);
}

static PyObject *ProcessDesc_get_closed(ProcessDescObject *self, void *unused)
{
	return PyBool_FromLong(self->pd == NULL);
}

static PyMethodDef ProcessDesc_methods[] = {
	{ "close", (PyCFunction)ProcessDesc_close, METH_NOARGS, "Free the description." },
	{ "set_args", (PyCFunction)ProcessDesc_set_args, METH_O, "argv (a sequence of str)." },
	{ "set_env", (PyCFunction)ProcessDesc_set_env, METH_O, "NAME=value entries." },
	{ "add_env", (PyCFunction)ProcessDesc_add_env, METH_VARARGS, "Add or replace NAME=value." },
	{ "set_cwd", (PyCFunction)ProcessDesc_set_cwd, METH_VARARGS, "Working directory." },
	{ "set_exec_path", (PyCFunction)ProcessDesc_set_exec_path, METH_VARARGS, "File to run." },
	{ "set_user_name", (PyCFunction)ProcessDesc_set_user_name, METH_VARARGS,
	  "User by name from the container's /etc/passwd." },
	{ "set_apparmor_profile", (PyCFunction)ProcessDesc_set_apparmor_profile, METH_VARARGS,
	  "AppArmor profile." },
	{ "set_selinux_label", (PyCFunction)ProcessDesc_set_selinux_label, METH_VARARGS,
	  "SELinux label." },
	{ "add_seccomp_arch", (PyCFunction)ProcessDesc_add_seccomp_arch, METH_VARARGS,
	  "A seccomp architecture." },
	{ "add_seccomp_flag", (PyCFunction)ProcessDesc_add_seccomp_flag, METH_VARARGS,
	  "A SECCOMP_FILTER_FLAG_* name." },
	{ "set_session_keyring", (PyCFunction)ProcessDesc_set_session_keyring, METH_VARARGS,
	  "Join a new session keyring with this name." },
	{ "add_sub_cgroup", (PyCFunction)ProcessDesc_add_sub_cgroup, METH_VARARGS,
	  "add_sub_cgroup(controllers, path): exec into a sub-cgroup (controllers None: all)." },
	{ "set_user", (PyCFunction)ProcessDesc_set_user, METH_VARARGS, "set_user(uid, gid)." },
	{ "set_additional_gids", (PyCFunction)ProcessDesc_set_additional_gids, METH_O,
	  "Supplementary groups." },
	{ "add_rlimit", (PyCFunction)ProcessDesc_add_rlimit, METH_VARARGS,
	  "add_rlimit(resource, soft, hard)." },
	{ "set_flag", (PyCFunction)ProcessDesc_set_flag, METH_VARARGS,
	  "set_flag(name, on): no_new_privileges, terminal, new_session, terminal_onlcr." },
	{ "set_int", (PyCFunction)ProcessDesc_set_int, METH_VARARGS,
	  "set_int(name, value): umask, pdeathsig, preserve_fds, console_socket, personality, "
	  "oom_score_adj." },
	{ "set_caps", (PyCFunction)ProcessDesc_set_caps, METH_VARARGS, "set_caps(set, mask)." },
	{ "get_caps", (PyCFunction)ProcessDesc_get_caps, METH_VARARGS, "get_caps(set) -> mask." },
	{ "set_fds", (PyCFunction)ProcessDesc_set_fds, METH_O,
	  "fds[i] of the caller becomes fd i of the process." },
	{ "set_seccomp_default", (PyCFunction)ProcessDesc_set_seccomp_default, METH_VARARGS,
	  "set_seccomp_default(action, errno_ret=-1)." },
	{ "add_seccomp_rule", (PyCFunction)ProcessDesc_add_seccomp_rule, METH_VARARGS,
	  "add_seccomp_rule(syscall, action, errno_ret=-1, args=None)." },
	{ "set_seccomp_listener", (PyCFunction)ProcessDesc_set_seccomp_listener, METH_VARARGS,
	  "set_seccomp_listener(path, metadata=None): the agent of SCMP_ACT_NOTIFY rules." },
	{ "set_scheduler", (PyCFunction)ProcessDesc_set_scheduler, METH_VARARGS,
	  "set_scheduler(policy, nice=0, priority=0, flags=None, runtime=0, deadline=0, "
	  "period=0): policy \"SCHED_OTHER\", \"SCHED_BATCH\", ... or its number, flags "
	  "\"SCHED_FLAG_*\" names or a mask; runtime, deadline, period in ns." },
	{ "set_io_priority", (PyCFunction)ProcessDesc_set_io_priority, METH_VARARGS,
	  "set_io_priority(ioclass, level=0): ioclass \"IOPRIO_CLASS_RT\", \"IOPRIO_CLASS_BE\", "
	  "\"IOPRIO_CLASS_IDLE\" (or 1..3), level 0 (highest) to 7." },
	{ "set_cpu_affinity", (PyCFunction)ProcessDesc_set_cpu_affinity, METH_VARARGS,
	  "set_cpu_affinity(initial=None, final=None): CPU lists (\"0-3,7\") from the start and "
	  "from right before the exec." },
	{ "set_memory_policy", (PyCFunction)ProcessDesc_set_memory_policy, METH_VARARGS,
	  "set_memory_policy(mode, flags=None, nodes=None): mode \"MPOL_BIND\", ... or its "
	  "number, flags \"MPOL_F_*\" names or a mask, nodes a node list (\"0-1\")." },
	{ "set_function", (PyCFunction)ProcessDesc_set_function, METH_O,
	  "Run this callable in the container instead of an exec." },
	{ NULL },
};

static PyGetSetDef ProcessDesc_getset[] = {
	{ "closed", (getter)ProcessDesc_get_closed, NULL, "Whether close() was called.", NULL },
	{ "has_function", (getter)ProcessDesc_get_has_function, NULL,
	  "Whether set_function was called.", NULL },
	{ NULL },
};

PyTypeObject ProcessDescType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "libct._core.ProcessDesc",
	.tp_basicsize = sizeof(ProcessDescObject),
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc = "ProcessDesc(): what to run and as whom (libct_process_desc_new).",
	.tp_new = PyType_GenericNew,
	.tp_init = (initproc)ProcessDesc_init,
	.tp_dealloc = (destructor)ProcessDesc_dealloc,
	.tp_methods = ProcessDesc_methods,
	.tp_getset = ProcessDesc_getset,
};

/* ---------------------------------------------------------------- Process */

static void Process_dealloc(ProcessObject *self)
{
	libct_process_free(self->p);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static struct libct_process *proc_get(ProcessObject *self)
{
	if (!self->p)
		closed_error("process");
	return self->p;
}

static PyObject *Process_close(ProcessObject *self, PyObject *unused)
{
	if (self->busy)
		return PyErr_Format(PyExc_RuntimeError,
				    "process handle is in use by another thread");
	libct_process_free(self->p);
	self->p = NULL;
	Py_RETURN_NONE;
}

static PyObject *Process_get_pid(ProcessObject *self, void *unused)
{
	struct libct_process *p = proc_get(self);

	return p ? PyLong_FromLong(libct_process_pid(p)) : NULL;
}

static PyObject *Process_get_pidfd(ProcessObject *self, void *unused)
{
	struct libct_process *p = proc_get(self);

	return p ? PyLong_FromLong(libct_process_pidfd(p)) : NULL;
}

static PyObject *Process_get_closed(ProcessObject *self, void *unused)
{
	return PyBool_FromLong(self->p == NULL);
}

static PyObject *Process_wait(ProcessObject *self, PyObject *unused)
{
	struct libct_process *p = proc_get(self);
	struct libct_error err = { 0 };
	int status = 0, r;

	if (!p)
		return NULL;
	self->busy++;
	Py_BEGIN_ALLOW_THREADS r = libct_process_wait(p, &status, &err);
	Py_END_ALLOW_THREADS self->busy--;
	CHECK(r, err);
	return PyLong_FromLong(status);
}

static PyObject *Process_kill(ProcessObject *self, PyObject *args)
{
	struct libct_process *p = proc_get(self);
	struct libct_error err = { 0 };
	int sig, r;

	if (!p || !PyArg_ParseTuple(args, "i", &sig))
		return NULL;
	r = libct_process_kill(p, sig, &err);
	CHECK(r, err);
	Py_RETURN_NONE;
}

static PyMethodDef Process_methods[] = {
	{ "close", (PyCFunction)Process_close, METH_NOARGS,
	  "Free the handle (the process goes on)." },
	{ "wait", (PyCFunction)Process_wait, METH_NOARGS,
	  "Wait for the process; its exit code, or 128+signal." },
	{ "kill", (PyCFunction)Process_kill, METH_VARARGS, "kill(sig)." },
	{ NULL },
};

static PyGetSetDef Process_getset[] = {
	{ "pid", (getter)Process_get_pid, NULL, "The pid in the host's pid namespace.", NULL },
	{ "pidfd", (getter)Process_get_pidfd, NULL, "A pidfd of it, -1 when there is none.", NULL },
	{ "closed", (getter)Process_get_closed, NULL, "Whether close() was called.", NULL },
	{ NULL },
};

PyTypeObject ProcessType = {
	PyVarObject_HEAD_INIT(NULL, 0).tp_name = "libct._core.Process",
	.tp_basicsize = sizeof(ProcessObject),
	.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
	.tp_doc = "A process started in a running container by Container.exec.",
	.tp_new = PyType_GenericNew,
	.tp_dealloc = (destructor)Process_dealloc,
	.tp_methods = Process_methods,
	.tp_getset = Process_getset,
};

/* ----------------------------------------------------------------- module */

static PyObject *mod_set_error_factory(PyObject *m, PyObject *fn)
{
	Py_INCREF(fn);
	Py_XSETREF(error_factory, fn);
	Py_RETURN_NONE;
}

static PyObject *mod_version(PyObject *m, PyObject *unused)
{
	return PyUnicode_FromString(libct_version());
}

static PyObject *take_string(char *s)
{
	PyObject *o;

	if (!s)
		return PyErr_NoMemory();
	o = PyUnicode_FromString(s);
	free(s);
	return o;
}

static PyObject *mod_features_json(PyObject *m, PyObject *unused)
{
	return take_string(libct_oci_features_json());
}

static PyObject *mod_default_spec(PyObject *m, PyObject *args)
{
	int rootless = 0;

	if (!PyArg_ParseTuple(args, "|p", &rootless))
		return NULL;
	return take_string(libct_oci_default_spec(rootless));
}

/* name_to_int(kind, name): the number of a capability, rlimit, namespace,
 * seccomp action or operator, hook, scheduling policy or flag, I/O priority
 * class, memory policy mode or flag. */
static PyObject *mod_name_to_int(PyObject *m, PyObject *args)
{
	static const char *const sched_kinds[] = {
		[NAME_SCHED_POLICY] = "sched_policy", [NAME_SCHED_FLAG] = "sched_flag",
		[NAME_IOPRIO_CLASS] = "ioprio_class", [NAME_MPOL_MODE] = "mempolicy_mode",
		[NAME_MPOL_FLAG] = "mempolicy_flag",
	};
	const char *kind, *name;
	uint64_t u;
	int v = 0, r;

	if (!PyArg_ParseTuple(args, "ss", &kind, &name))
		return NULL;
	for (size_t i = 0; i < sizeof(sched_kinds) / sizeof(sched_kinds[0]); i++)
		if (!strcmp(kind, sched_kinds[i])) {
			if (sched_name_value(i, name, &u) < 0)
				return PyErr_Format(PyExc_ValueError, "unknown %s name '%s'", kind,
						    name);
			return PyLong_FromUnsignedLongLong(u);
		}
	if (!strcmp(kind, "cap")) {
		r = libct_cap_from_string(name, &v);
	} else if (!strcmp(kind, "rlimit")) {
		r = libct_rlimit_from_string(name, &v);
	} else if (!strcmp(kind, "ns")) {
		enum libct_ns ns;

		r = libct_ns_from_string(name, &ns);
		v = ns;
	} else if (!strcmp(kind, "seccomp_action")) {
		enum libct_seccomp_action a;

		r = libct_seccomp_action_from_string(name, &a);
		v = a;
	} else if (!strcmp(kind, "seccomp_op")) {
		enum libct_seccomp_op o;

		r = libct_seccomp_op_from_string(name, &o);
		v = o;
	} else if (!strcmp(kind, "hook")) {
		r = -EINVAL;
		for (int i = 0; i < LIBCT_HOOK__MAX; i++)
			if (!strcmp(libct_hook_to_string(i), name)) {
				v = i;
				r = 0;
			}
	} else {
		return PyErr_Format(PyExc_ValueError, "unknown kind '%s'", kind);
	}
	if (r < 0)
		return PyErr_Format(PyExc_ValueError, "unknown %s name '%s'", kind, name);
	return PyLong_FromLong(v);
}

static PyMethodDef module_methods[] = {
	{ "_set_error_factory", mod_set_error_factory, METH_O,
	  "The callable (errno, message) -> exception used for every failure." },
	{ "version", mod_version, METH_NOARGS, "The C library's version." },
	{ "features_json", mod_features_json, METH_NOARGS,
	  "The runtime-spec features document of this build on this host." },
	{ "default_spec", mod_default_spec, METH_VARARGS,
	  "default_spec(rootless=False): a default config.json text." },
	{ "name_to_int", mod_name_to_int, METH_VARARGS, "name_to_int(kind, name) -> int." },
	{ "load_process_file", load_process_file, METH_VARARGS,
	  "An OCI process.json into a new ProcessDesc." },
	{ NULL },
};

static struct PyModuleDef core_module = {
	PyModuleDef_HEAD_INIT,
	.m_name = "libct._core",
	.m_doc = "The handles of <libct/libct.h>; use the libct package instead.",
	.m_size = -1,
	.m_methods = module_methods,
};

PyMODINIT_FUNC PyInit__core(void)
{
	PyTypeObject *types[] = { &SessionType, &ContainerType, &ProcessDescType, &ProcessType,
				  &NetDevType,	&RouteType,	&NextHopType };
	const char *names[] = { "Session", "Container", "ProcessDesc", "Process",
				"NetDev",  "Route",	"NextHop" };
	PyObject *m;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (PyType_Ready(types[i]) < 0)
			return NULL;
	m = PyModule_Create(&core_module);
	if (!m)
		return NULL;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		Py_INCREF(types[i]);
		if (PyModule_AddObject(m, names[i], (PyObject *)types[i]) < 0)
			return NULL;
	}
#define ADD(name, v) PyModule_AddIntConstant(m, name, v)
	ADD("NS_PID", LIBCT_NS_PID);
	ADD("NS_NET", LIBCT_NS_NET);
	ADD("NS_IPC", LIBCT_NS_IPC);
	ADD("NS_UTS", LIBCT_NS_UTS);
	ADD("NS_MOUNT", LIBCT_NS_MOUNT);
	ADD("NS_USER", LIBCT_NS_USER);
	ADD("NS_CGROUP", LIBCT_NS_CGROUP);
	ADD("NS_TIME", LIBCT_NS_TIME);
	ADD("BLKIO_READ_BPS", LIBCT_BLKIO_READ_BPS);
	ADD("BLKIO_WRITE_BPS", LIBCT_BLKIO_WRITE_BPS);
	ADD("BLKIO_READ_IOPS", LIBCT_BLKIO_READ_IOPS);
	ADD("BLKIO_WRITE_IOPS", LIBCT_BLKIO_WRITE_IOPS);
	ADD("LOG_ERROR", LIBCT_LOG_ERROR);
	ADD("LOG_DEBUG", LIBCT_LOG_DEBUG);
	return m;
}

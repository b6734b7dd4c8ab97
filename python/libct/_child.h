/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by _core and _compat (which cannot include one another's libct
 * header): a Python callable run as a container's process, in the forked
 * child. */
#ifndef LIBCT_PY_CHILD_H
#define LIBCT_PY_CHILD_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The exit status for what the callable returned (ret: its new reference,
 * NULL when it raised): None is 0, an int is itself, an exception is 1,
 * printed. Flushes the standard streams, as the child exits without the
 * interpreter's shutdown. */
static inline int lct_py_child_status(PyObject *ret)
{
	long code = 0;

	if (!ret) {
		PyErr_Print();
		code = 1;
	} else {
		if (ret != Py_None)
			code = PyLong_AsLong(ret);
		if (PyErr_Occurred()) {
			PyErr_Print();
			code = 1;
		}
		Py_DECREF(ret);
	}
	fflush(stdout);
	fflush(stderr);
	return (int)code;
}

#endif

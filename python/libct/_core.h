/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libct._core: what its files share (the handle types and the error helpers). */
#ifndef LIBCT_PY_CORE_H
#define LIBCT_PY_CORE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <libct/libct.h>

typedef struct {
	PyObject_HEAD struct libct_session *s;
	int children; /* open containers that use s */
	int closed;
} SessionObject;

typedef struct {
	PyObject_HEAD struct libct_process_desc *pd;
	PyObject *function; /* the callable of set_function, kept alive */
} ProcessDescObject;

typedef struct {
	PyObject_HEAD struct libct_process *p;
	int busy;
} ProcessObject;

/* A container handle; it keeps its session object alive and counted. */
typedef struct {
	PyObject_HEAD struct libct_container *ct;
	SessionObject *session;
	int busy; /* calls running with the GIL released */
} ContainerObject;

extern PyTypeObject SessionType, ContainerType, ProcessDescType, ProcessType;
extern PyTypeObject NetDevType, RouteType, NextHopType;

/* Raise the libct.Error for a failed call (code: a negative errno); returns NULL. */
PyObject *raise_err(int code, const struct libct_error *err);
/* ValueError for a call on a closed handle; returns NULL. */
PyObject *closed_error(const char *what);
/* A NULL-terminated copy of a sequence of str (NULL for None or on error). */
char **to_strv(PyObject *seq, const char *what);
void free_strv(char **v);
struct libct_session *session_get(SessionObject *self);
/* Free the session once it is closed and no container uses it. */
void session_release(SessionObject *self);
/* A ProcessDesc object that owns p (freed on failure). */
PyObject *pd_take(struct libct_process_desc *p);
/* libct._core.load_process_file(path): an OCI process.json into a ProcessDesc. */
PyObject *load_process_file(PyObject *unused, PyObject *args);

#define CHECK(r, err)                                                                              \
	do {                                                                                       \
		if ((r) < 0)                                                                       \
			return raise_err((r), &(err));                                             \
	} while (0)

#endif

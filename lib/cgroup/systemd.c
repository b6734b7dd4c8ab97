/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The systemd cgroup driver: a transient scope "prefix-name.scope" in the
 * slice of "slice:prefix:name", made by systemd's StartTransientUnit with
 * the container's init as its process and Delegate=yes, the limits as unit
 * properties; the files systemd has no property for are then written in the
 * delegated scope as the cgroupfs driver writes them. update goes through
 * SetUnitProperties and the files, delete through StopUnit. A start or stop
 * waits for systemd's JobRemoved signal of its job, bounded; nothing polls
 * systemd. libsystemd is loaded on first use (dlopen). */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

#include "cgroup/cgroup-internal.h"
#include "cgroup/systemd.h"
#include "util/util.h"

#define SD_DEST "org.freedesktop.systemd1"
#define SD_PATH "/org/freedesktop/systemd1"
#define SD_MANAGER "org.freedesktop.systemd1.Manager"
#define SD_UNIT "org.freedesktop.systemd1.Unit"
#define SD_CALL_USEC (30ULL * 1000000) /* one D-Bus call */
#define SD_WAIT_MS (60 * 1000)	       /* a job, a stop: generous under load */
#define PFX "systemd cgroup driver: "

/* A unit name part: what systemd accepts in a unit name, no '/'. */
static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(":-_.\\@", *p)))
			return false;
	return true;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int lct_systemd_parse_path(const char *path, char **ret_slice, char **ret_unit,
			   struct libct_error *err)
{
	const char *c1 = path ? strchr(path, ':') : NULL, *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	_cleanup_free_ char *slice = NULL, *prefix = NULL, *unit = NULL;
	const char *name;

	if (!c2 || strchr(c2 + 1, ':') || strchr(path, '/'))
		return lct_err_msg(err, -EINVAL, PFX "cgroup path '%s' is not 'slice:prefix:name'",
				   path ? path : "");
	slice = c1 == path ? strdup("system.slice") : strndup(path, c1 - path);
	prefix = strndup(c1 + 1, c2 - c1 - 1);
	name = c2 + 1;
	if (!slice || !prefix)
		return lct_err(err, -ENOMEM, "cgroup path");
	if (!ends_with(slice, ".slice") || !name_ok(slice) || strstr(slice, "--") ||
	    (strcmp(slice, "-.slice") != 0 && (slice[0] == '-' || ends_with(slice, "-.slice"))))
		return lct_err_msg(err, -EINVAL,
				   PFX "slice '%s' of cgroup path '%s' is not a "
				       "slice name (NAME.slice)",
				   slice, path);
	if (*prefix && !name_ok(prefix))
		return lct_err_msg(err, -EINVAL,
				   PFX "prefix '%s' of cgroup path '%s' is not valid "
				       "in a unit name",
				   prefix, path);
	if (!name_ok(name))
		return lct_err_msg(err, -EINVAL,
				   PFX "name '%s' of cgroup path '%s' is not valid "
				       "in a unit name",
				   name, path);
	/* as runc: a name that is a slice is the unit itself, else a scope */
	if (ends_with(name, ".slice"))
		unit = strdup(name);
	else
		unit = lct_asprintf("%s%s%s.scope", prefix, *prefix ? "-" : "", name);
	if (!unit)
		return lct_err(err, -ENOMEM, "cgroup path");
	*ret_slice = TAKE_PTR(slice);
	*ret_unit = TAKE_PTR(unit);
	return 0;
}

#define LOAD(sd, field, sym) ((sd)->field = (typeof((sd)->field))dlsym((sd)->dl, sym))

static int load(struct lct_systemd *sd, bool user, struct libct_error *err)
{
	sd->dl = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!sd->dl)
		return lct_err_msg(err, -ENOENT,
				   PFX "no systemd on the %s bus (cannot load "
				       "libsystemd.so.0: %s)",
				   user ? "user" : "system", dlerror());
	if (!LOAD(sd, open_system, "sd_bus_open_system") ||
	    !LOAD(sd, open_user, "sd_bus_open_user") ||
	    !LOAD(sd, close_unref, "sd_bus_flush_close_unref") ||
	    !LOAD(sd, new_method_call, "sd_bus_message_new_method_call") ||
	    !LOAD(sd, append, "sd_bus_message_append") ||
	    !LOAD(sd, append_array, "sd_bus_message_append_array") ||
	    !LOAD(sd, open_container, "sd_bus_message_open_container") ||
	    !LOAD(sd, close_container, "sd_bus_message_close_container") ||
	    !LOAD(sd, read, "sd_bus_message_read") ||
	    !LOAD(sd, message_unref, "sd_bus_message_unref") || !LOAD(sd, call, "sd_bus_call") ||
	    !LOAD(sd, call_method, "sd_bus_call_method") ||
	    !LOAD(sd, get_property_string, "sd_bus_get_property_string") ||
	    !LOAD(sd, error_free, "sd_bus_error_free") ||
	    !LOAD(sd, error_has_name, "sd_bus_error_has_name") ||
	    !LOAD(sd, match_signal_async, "sd_bus_match_signal_async") ||
	    !LOAD(sd, slot_unref, "sd_bus_slot_unref") || !LOAD(sd, process, "sd_bus_process") ||
	    !LOAD(sd, wait, "sd_bus_wait"))
		return lct_err_msg(err, -ENOSYS, PFX "libsystemd.so.0 lacks sd-bus: %s", dlerror());
	return 0;
}

void lct_systemd_free(struct lct_systemd *sd)
{
	if (!sd)
		return;
	if (sd->bus)
		sd->close_unref(sd->bus);
	if (sd->dl)
		dlclose(sd->dl);
	free(sd);
}

static const char *bus_msg(const sd_bus_error *e, int r)
{
	return e && e->message ? e->message : strerror(r < 0 ? -r : r);
}

int lct_systemd_connect(struct lct_systemd **ret, bool user, struct libct_error *err)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	struct lct_systemd *sd = calloc(1, sizeof(*sd));
	const char *which = user ? "user" : "system";
	char *version = NULL;
	int r;

	if (!sd)
		return lct_err(err, -ENOMEM, "systemd");
	r = load(sd, user, err);
	/* the user bus: $DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus;
	 * sd-bus lets the bus take the caller's uid from the socket, so root of
	 * a user namespace (rootless podman's runtime) is its user there */
	if (r == 0 && (r = user ? sd->open_user(&sd->bus) : sd->open_system(&sd->bus)) < 0)
		lct_err_msg(err, r, PFX "no systemd on the %s bus (connect: %s)", which,
			    strerror(-r));
	if (r == 0) {
		/* systemd answers: not only a bus, but its manager on it */
		r = sd->get_property_string(sd->bus, SD_DEST, SD_PATH, SD_MANAGER, "Version", &e,
					    &version);
		if (r < 0)
			lct_err_msg(err, r, PFX "no systemd on the %s bus (%s)", which,
				    bus_msg(&e, r));
		sd->error_free(&e);
		free(version);
	}
	if (r < 0) {
		lct_systemd_free(sd);
		return r;
	}
	*ret = sd;
	return 0;
}

static int ensure_bus(struct lct_cgroup *cg, struct libct_error *err)
{
	return cg->sd ? 0 : lct_systemd_connect(&cg->sd, cg->sd_user, err);
}

/* The unit's object path, or -ENOENT when systemd has no such unit loaded. */
static int unit_object(struct lct_systemd *sd, const char *unit, char **ret,
		       struct libct_error *err)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const char *path;
	int r = sd->call_method(sd->bus, SD_DEST, SD_PATH, SD_MANAGER, "GetUnit", &e, &reply, "s",
				unit);

	if (r < 0) {
		if (sd->error_has_name(&e, "org.freedesktop.systemd1.NoSuchUnit"))
			r = -ENOENT;
		else
			lct_err_msg(err, r, PFX "GetUnit '%s': %s", unit, bus_msg(&e, r));
		sd->error_free(&e);
		return r;
	}
	r = sd->read(reply, "o", &path);
	if (r >= 0 && !(*ret = strdup(path)))
		r = -ENOMEM;
	sd->message_unref(reply);
	return r < 0 ? lct_err(err, r, PFX "GetUnit '%s'", unit) : 0;
}

/* A string property of the unit at object path obj. */
static int unit_prop(struct lct_systemd *sd, const char *obj, const char *iface, const char *name,
		     char **ret, struct libct_error *err)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int r = sd->get_property_string(sd->bus, SD_DEST, obj, iface, name, &e, ret);

	if (r < 0)
		lct_err_msg(err, r, PFX "read %s of '%s': %s", name, obj, bus_msg(&e, r));
	sd->error_free(&e);
	return r;
}

/* A job of ours: its object path once the call that queued it returned, and
 * the result JobRemoved gave for it ("done", "failed", "canceled", ...). The
 * match on JobRemoved is asked for before the call, on the same connection:
 * the bus has it in place before systemd sees the call, so that no removal
 * goes by unseen; the signals that come during the call wait in sd-bus's
 * queue until wait_job processes them. systemd sends JobRemoved to the
 * client that asked for the job without a Subscribe. */
struct job_wait {
	struct lct_systemd *sd;
	sd_bus_slot *slot;
	char *path;
	char result[32];
};

static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
	struct job_wait *w = userdata;
	const char *path, *unit, *result;
	uint32_t id;

	(void)ret_error;
	if (w->path && w->sd->read(m, "uoss", &id, &path, &unit, &result) >= 0 &&
	    strcmp(path, w->path) == 0)
		snprintf(w->result, sizeof(w->result), "%s", *result ? result : "?");
	return 0;
}

static int watch_jobs(struct lct_systemd *sd, struct job_wait *w, const char *unit,
		      struct libct_error *err)
{
	int r;

	*w = (struct job_wait){ .sd = sd };
	r = sd->match_signal_async(sd->bus, &w->slot, SD_DEST, SD_PATH, SD_MANAGER, "JobRemoved",
				   on_job_removed, NULL, w);
	return r < 0 ? lct_err(err, r, PFX "watch the jobs of '%s'", unit) : 0;
}

static void unwatch_jobs(struct job_wait *w)
{
	if (w->slot)
		w->sd->slot_unref(w->slot);
	free(w->path);
	*w = (struct job_wait){ 0 };
}

/* Wait (bounded) for the JobRemoved of w->path; "done" or an error naming
 * the result. */
static int wait_job(struct job_wait *w, const char *unit, const char *what, struct libct_error *err)
{
	struct lct_systemd *sd = w->sd;
	long deadline = lct_now_ms() + SD_WAIT_MS;

	while (!w->result[0]) {
		long left;
		int r = sd->process(sd->bus, NULL);

		if (r > 0)
			continue; /* one message handled: maybe more queued */
		if (r == 0 && (left = deadline - lct_now_ms()) > 0)
			r = sd->wait(sd->bus, (uint64_t)left * 1000);
		else if (r == 0)
			return lct_err_msg(err, -ETIMEDOUT, PFX "%s of '%s' did not finish in %d s",
					   what, unit, SD_WAIT_MS / 1000);
		if (r < 0 && r != -EINTR)
			return lct_err(err, r, PFX "wait for the %s of '%s'", what, unit);
	}
	if (strcmp(w->result, "done") != 0)
		return lct_err_msg(err, -EIO, PFX "%s of '%s': job %s (see journalctl -u %s)", what,
				   unit, w->result, unit);
	return 0;
}

/* Properties of a new scope: where, what, who. */
static int append_scope_props(struct lct_cgroup *cg, sd_bus_message *m, pid_t pid,
			      struct libct_error *err)
{
	struct lct_systemd *sd = cg->sd;
	_cleanup_free_ char *desc = lct_asprintf("libct container %s", cg->sd_id ? cg->sd_id : "");
	uint32_t p = (uint32_t)pid;
	int r;

	if (!desc)
		return lct_err(err, -ENOMEM, "systemd");
	r = sd->append(m, "(sv)(sv)(sv)(sv)", "Description", "s", desc, "Slice", "s", cg->sd_slice,
		       "Delegate", "b", 1, "DefaultDependencies", "b", 0);
	if (r >= 0)
		r = sd->append(m, "(sv)(sv)(sv)(sv)", "MemoryAccounting", "b", 1, "CPUAccounting",
			       "b", 1, "IOAccounting", "b", 1, "TasksAccounting", "b", 1);
	if (r >= 0)
		r = sd->append(m, "(sv)", "PIDs", "au", 1, p);
	return r < 0 ? lct_err(err, r, PFX "build the properties of '%s'", cg->sd_unit) : 0;
}

static int start_call(struct lct_cgroup *cg, pid_t pid, char **ret_job, struct libct_error *err)
{
	struct lct_systemd *sd = cg->sd;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL, *reply = NULL;
	const char *job;
	int r;

	r = sd->new_method_call(sd->bus, &m, SD_DEST, SD_PATH, SD_MANAGER, "StartTransientUnit");
	if (r >= 0)
		r = sd->append(m, "ss", cg->sd_unit, "fail");
	if (r >= 0)
		r = sd->open_container(m, 'a', "(sv)");
	if (r < 0) {
		r = lct_err(err, r, PFX "build the call for '%s'", cg->sd_unit);
		goto out;
	}
	r = append_scope_props(cg, m, pid, err);
	if (r == 0)
		r = lct_systemd_props_resources(sd, m, &cg->sd_cfg->res, err);
	if (r == 0)
		r = lct_systemd_props_annotations(sd, m, cg->sd_cfg->annotations, err);
	if (r < 0)
		goto out;
	r = sd->close_container(m);
	if (r >= 0)
		r = sd->append(m, "a(sa(sv))", 0);
	if (r < 0) {
		r = lct_err(err, r, PFX "build the call for '%s'", cg->sd_unit);
		goto out;
	}
	r = sd->call(sd->bus, m, SD_CALL_USEC, &e, &reply);
	if (r < 0) {
		r = lct_err_msg(err, r, PFX "start unit '%s' in '%s': %s", cg->sd_unit,
				cg->sd_slice, bus_msg(&e, r));
		goto out;
	}
	r = sd->read(reply, "o", &job);
	if (r < 0 || !(*ret_job = strdup(job)))
		r = lct_err(err, r < 0 ? r : -ENOMEM, PFX "start unit '%s'", cg->sd_unit);
	else
		r = 0;
out:
	sd->error_free(&e);
	sd->message_unref(reply);
	sd->message_unref(m);
	return r;
}

/* After the job: the scope must be active; its cgroup becomes cg's directory. */
static int adopt_cgroup(struct lct_cgroup *cg, struct libct_error *err)
{
	_cleanup_free_ char *obj = NULL, *state = NULL, *cgpath = NULL;
	struct lct_cgroup_hier *h = lct_cgroup_hier_v2(cg);
	int r = unit_object(cg->sd, cg->sd_unit, &obj, err);

	if (r == -ENOENT)
		return lct_err_msg(err, r, PFX "unit '%s' is gone after its start", cg->sd_unit);
	if (r == 0)
		r = unit_prop(cg->sd, obj, SD_UNIT, "ActiveState", &state, err);
	if (r == 0 && strcmp(state, "active") != 0)
		r = lct_err_msg(err, -EIO,
				PFX "unit '%s' is %s, not active (see journalctl -u "
				    "%s)",
				cg->sd_unit, state, cg->sd_unit);
	if (r == 0)
		r = unit_prop(cg->sd, obj, "org.freedesktop.systemd1.Scope", "ControlGroup",
			      &cgpath, err);
	if (r < 0)
		return r;
	if (!*cgpath || cgpath[0] != '/' || strstr(cgpath, ".."))
		return lct_err_msg(err, -EIO, PFX "unit '%s' has no cgroup ('%s')", cg->sd_unit,
				   cgpath);
	free(h->dir);
	h->dir = lct_asprintf("%s%s", h->mnt, cgpath);
	free(cg->path);
	cg->path = strdup(cgpath);
	/* Delegate=yes: the scope is the runtime's to write (its device filter
	 * too), though systemd made it and removes it */
	free(h->created);
	h->created = h->dir ? strdup(h->dir) : NULL;
	h->owned = true;
	return h->dir && cg->path && h->created ? 0 : lct_err(err, -ENOMEM, "systemd");
}

int lct_systemd_start(struct lct_cgroup *cg, pid_t pid, struct libct_error *err)
{
	struct job_wait w = { 0 };
	int r = ensure_bus(cg, err);

	if (r == 0)
		r = watch_jobs(cg->sd, &w, cg->sd_unit, err);
	if (r == 0)
		r = start_call(cg, pid, &w.path, err);
	if (r == 0)
		r = wait_job(&w, cg->sd_unit, "start", err);
	unwatch_jobs(&w);
	if (r == 0)
		r = adopt_cgroup(cg, err);
	if (r < 0)
		return r;
	cg->sd_started = true;
	lct_log(cg->s, LIBCT_LOG_DEBUG, "systemd unit '%s' started in '%s'", cg->sd_unit,
		cg->sd_slice);
	/* what systemd has no property for, in the delegated scope, as cgroupfs does */
	return lct_cgroup_apply(cg, &cg->sd_cfg->res, true, err);
}

int lct_systemd_update(struct lct_cgroup *cg, const struct lct_resources *r,
		       struct libct_error *err)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL;
	struct lct_systemd *sd;
	int ret = ensure_bus(cg, err);

	if (ret < 0)
		return ret;
	sd = cg->sd;
	ret = sd->new_method_call(sd->bus, &m, SD_DEST, SD_PATH, SD_MANAGER, "SetUnitProperties");
	if (ret >= 0)
		ret = sd->append(m, "sb", cg->sd_unit, 1);
	if (ret >= 0)
		ret = sd->open_container(m, 'a', "(sv)");
	if (ret < 0) {
		ret = lct_err(err, ret, PFX "build the call for '%s'", cg->sd_unit);
		goto out;
	}
	ret = lct_systemd_props_resources(sd, m, r, err);
	if (ret < 0)
		goto out;
	ret = sd->close_container(m);
	if (ret >= 0)
		ret = sd->call(sd->bus, m, SD_CALL_USEC, &e, NULL);
	if (ret < 0)
		ret = lct_err_msg(err, ret, PFX "set properties of '%s': %s", cg->sd_unit,
				  bus_msg(&e, ret));
	else
		ret = 0;
out:
	sd->error_free(&e);
	sd->message_unref(m);
	return ret;
}

/* StopUnit; the path of its job in w->path, NULL when there is no such unit. */
static int stop_call(struct lct_cgroup *cg, struct job_wait *w, struct libct_error *err)
{
	struct lct_systemd *sd = cg->sd;
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const char *job;
	int r = sd->call_method(sd->bus, SD_DEST, SD_PATH, SD_MANAGER, "StopUnit", &e, &reply, "ss",
				cg->sd_unit, "replace");

	if (r < 0 && sd->error_has_name(&e, "org.freedesktop.systemd1.NoSuchUnit"))
		r = 0;
	else if (r < 0)
		lct_err_msg(err, r, PFX "stop unit '%s': %s", cg->sd_unit, bus_msg(&e, r));
	else if ((r = sd->read(reply, "o", &job)) < 0 || !(w->path = strdup(job)))
		r = lct_err(err, r < 0 ? r : -ENOMEM, PFX "stop unit '%s'", cg->sd_unit);
	sd->error_free(&e);
	sd->message_unref(reply);
	return r < 0 ? r : 0;
}

int lct_systemd_stop(struct lct_cgroup *cg, struct libct_error *err)
{
	struct job_wait w = { 0 };
	_cleanup_free_ char *obj = NULL;
	int r = ensure_bus(cg, err);

	if (r == 0)
		r = watch_jobs(cg->sd, &w, cg->sd_unit, err);
	if (r == 0)
		r = stop_call(cg, &w, err);
	/* the job's result says little: the unit's state below says what is left */
	if (r == 0 && w.path) {
		struct libct_error e = { 0 };

		r = wait_job(&w, cg->sd_unit, "stop", &e);
		if (r == -ETIMEDOUT && err)
			*err = e;
		else
			r = 0;
	}
	unwatch_jobs(&w);
	if (r < 0)
		return r;
	/* gone: unloaded, or inactive and about to be (a transient unit); once
	 * the job is done this is so at the first look, else a bounded poll */
	for (long ms = 0, step = 1; ms < SD_WAIT_MS; ms += lct_backoff_sleep(&step)) {
		_cleanup_free_ char *state = NULL;

		free(obj);
		obj = NULL;
		r = unit_object(cg->sd, cg->sd_unit, &obj, err);
		if (r == -ENOENT)
			return 0;
		if (r < 0)
			return r;
		if (unit_prop(cg->sd, obj, SD_UNIT, "ActiveState", &state, NULL) < 0 ||
		    strcmp(state, "inactive") == 0)
			return 0;
		if (strcmp(state, "failed") == 0) {
			/* nothing of it kept: a failed unit stays loaded until reset */
			cg->sd->call_method(cg->sd->bus, SD_DEST, SD_PATH, SD_MANAGER,
					    "ResetFailedUnit", NULL, NULL, "s", cg->sd_unit);
			return 0;
		}
	}
	return lct_err_msg(err, -ETIMEDOUT, PFX "unit '%s' did not stop in %d s", cg->sd_unit,
			   SD_WAIT_MS / 1000);
}

/* The user manager's own cgroup ("/user.slice/user-1000.slice/user@1000.service"),
 * where the slices of its units lie. */
static int manager_cgroup(struct lct_systemd *sd, char **ret, struct libct_error *err)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int r = sd->get_property_string(sd->bus, SD_DEST, SD_PATH, SD_MANAGER, "ControlGroup", &e,
					ret);

	if (r < 0)
		lct_err_msg(err, r, PFX "the cgroup of the user's systemd: %s", bus_msg(&e, r));
	sd->error_free(&e);
	if (r >= 0 && ((*ret)[0] != '/' || strstr(*ret, ".."))) {
		r = lct_err_msg(err, -EIO, PFX "the user's systemd is in cgroup '%s'", *ret);
		free(*ret);
		*ret = NULL;
	}
	return r < 0 ? r : 0;
}

/* Which systemd makes the scope, connected in cg->sd. The host's root: the
 * system's. A user other than root: its own, on its user bus. Root of a user
 * namespace: the user's own when one answers on the user bus and is not
 * root's (rootless podman's runtime), else the system's (root of a container
 * with systemd inside; runc decides by the user manager's owner too). The
 * user manager's cgroup goes to *ret_root. */
static int choose_manager(struct lct_cgroup *cg, char **ret_root, struct libct_error *err)
{
	struct libct_error quiet = { 0 };
	int r;

	cg->sd_user = lct_rootless(cg->s);
	if (cg->sd_user && geteuid() != 0) {
		r = lct_systemd_connect(&cg->sd, true, err);
		return r < 0 ? r : manager_cgroup(cg->sd, ret_root, err);
	}
	if (cg->sd_user && lct_systemd_connect(&cg->sd, true, &quiet) == 0 &&
	    manager_cgroup(cg->sd, ret_root, &quiet) == 0 &&
	    !ends_with(*ret_root, "/user@0.service"))
		return 0;
	free(*ret_root);
	*ret_root = NULL;
	lct_systemd_free(cg->sd);
	cg->sd = NULL;
	cg->sd_user = false;
	return lct_systemd_connect(&cg->sd, false, err);
}

int lct_systemd_prepare(struct lct_cgroup *cg, const char *id, const struct lct_config *cfg,
			struct libct_error *err)
{
	_cleanup_free_ char *dflt = NULL, *root = NULL, *rel = NULL;
	const char *path = cfg->cgroup_path;
	int r;

	/* a bad path is named before systemd is asked; then systemd: on a host
	 * without it, that is the error to give */
	if (path && (r = lct_systemd_parse_path(path, &cg->sd_slice, &cg->sd_unit, err)) < 0)
		return r;
	free(cg->sd_slice);
	free(cg->sd_unit);
	cg->sd_slice = cg->sd_unit = NULL;
	r = choose_manager(cg, &root, err);
	if (r < 0)
		return r;
	/* the user's systemd: its units in user.slice unless the path names a
	 * slice (as runc) */
	if (!path || (cg->sd_user && path[0] == ':')) {
		dflt = !path ? lct_asprintf("%s:ct:%s", cg->sd_user ? "user.slice" : "system.slice",
					    id) :
			       lct_asprintf("user.slice%s", path);
		if (!dflt)
			return lct_err(err, -ENOMEM, "cgroup path");
		path = dflt;
	}
	r = lct_systemd_parse_path(path, &cg->sd_slice, &cg->sd_unit, err);
	if (r < 0)
		return r;
	if (cg->layout != LCT_CGROUP_V2)
		return lct_err_msg(err, -EOPNOTSUPP,
				   PFX "needs a unified cgroup v2 hierarchy "
				       "(this host mounts cgroup v1 controllers; use the cgroupfs "
				       "driver)");
	r = lct_cgroup_path_from_systemd(path, cg->sd_user ? &rel : &cg->path);
	if (r < 0)
		return lct_err(err, r, PFX "cgroup path '%s'", path);
	/* the user manager's units lie below its own cgroup */
	if (cg->sd_user) {
		cg->path = lct_asprintf("%s%s", strcmp(root, "/") ? root : "", rel);
		if (!cg->path)
			return lct_err(err, -ENOMEM, "cgroup path");
	}
	r = lct_cgroup_hiers_discover(cg->layout, &cg->h, &cg->n, err);
	if (r == 0)
		r = lct_cgroup_paths_resolve(cg->h, cg->n, cg->path, err);
	cg->sd_cfg = cfg;
	cg->sd_id = id;
	return r;
}

int lct_systemd_from_path(struct lct_cgroup *cg, struct libct_error *err)
{
	const char *unit = strrchr(cg->path, '/');
	const char *slice_end = unit;
	const char *slice = slice_end;

	if (!unit || !name_ok(unit + 1) ||
	    !(ends_with(unit, ".scope") || ends_with(unit, ".slice")))
		return lct_err_msg(err, -EINVAL, PFX "cgroup '%s' is not a unit's", cg->path);
	while (slice > cg->path && slice[-1] != '/')
		slice--;
	cg->sd_unit = strdup(unit + 1);
	cg->sd_slice = slice == slice_end ? strdup("-.slice") : strndup(slice, slice_end - slice);
	if (!cg->sd_unit || !cg->sd_slice)
		return lct_err(err, -ENOMEM, "systemd");
	cg->sd_started = true;
	return 0;
}

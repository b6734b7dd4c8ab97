/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The OCI state of a container (runtime.md "State"), shaped like `runc state`:
 * ociVersion, id, pid, status, bundle, rootfs, created, owner, annotations.
 * What `ct state` prints, and without rootfs (and pid without an init) what
 * hooks get on stdin. */
#include <json-c/json.h>
#include <stdio.h>

#include "core/internal.h"
#include "core/state.h"
#include "spawn/spawn.h"
#include "util/util.h"

/* Add v (owned) to obj; v NULL is ENOMEM. */
static int add(struct json_object *obj, const char *key, struct json_object *v)
{
	if (!v || json_object_object_add(obj, key, v) < 0) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

static int add_string(struct json_object *obj, const char *key, const char *value)
{
	struct json_object *v = json_object_new_string(value ? value : "");

	return add(obj, key, v);
}

static int add_annotations(struct json_object *obj, const char *const *kv)
{
	struct json_object *ann;

	if (!kv[0])
		return 0; /* omitted when empty, as runc */
	ann = json_object_new_object();
	if (add(obj, "annotations", ann) < 0)
		return -ENOMEM;
	for (size_t i = 0; kv[i] && kv[i + 1]; i += 2)
		if (add_string(ann, kv[i], kv[i + 1]) < 0)
			return -ENOMEM;
	return 0;
}

/* The state document as an object; NULL on ENOMEM. With cmd, `runc state`'s
 * (its containerState): pid always, 0 without init, and rootfs; else the
 * runtime-spec's State that hooks and a seccomp agent get (runc's
 * specs.State): pid only while there is an init, no rootfs. */
static struct json_object *state_object(struct libct_container *ct, enum libct_status st, bool cmd)
{
	struct json_object *obj = json_object_new_object();
	pid_t pid = st == LIBCT_STATUS_STOPPED ? 0 : libct_container_pid(ct);
	const char *created = libct_container_created(ct);
	int r;

	if (!obj)
		return NULL;
	r = add_string(obj, "ociVersion", LCT_OCI_VERSION);
	if (r >= 0)
		r = add_string(obj, "id", libct_container_id(ct));
	if (r >= 0 && (pid > 0 || cmd))
		r = add(obj, "pid", json_object_new_int64(pid > 0 ? pid : 0));
	if (r >= 0)
		r = add_string(obj, "status", libct_status_to_string(st));
	if (r >= 0)
		r = add_string(obj, "bundle", libct_container_bundle(ct));
	/* absolute, or none (the caller's root): lct_state_load checks a
	 * record's, libct_container_set_root a new one's */
	if (r >= 0 && cmd && ct->cfg.root)
		r = add_string(obj, "rootfs", ct->cfg.root);
	if (r >= 0 && created)
		r = add_string(obj, "created", created);
	if (r >= 0)
		r = add_string(obj, "owner", "");
	if (r >= 0)
		r = add_annotations(obj, libct_container_annotations(ct));
	if (r < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

char *lct_state_json(struct libct_container *ct, enum libct_status st, bool cmd)
{
	struct json_object *obj = state_object(ct, st, cmd);
	char *out;

	if (!obj)
		return NULL;
	out = lct_strdup_null(
		json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
							    JSON_C_TO_STRING_SPACED |
							    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(obj);
	return out;
}

char *lct_process_state_json(struct libct_container *ct, pid_t pid, const char *metadata,
			     enum libct_status st)
{
	struct json_object *obj = json_object_new_object(), *fds, *name;
	char *out = NULL;
	int r;

	if (!obj)
		return NULL;
	r = add_string(obj, "ociVersion", LCT_OCI_VERSION);
	fds = json_object_new_array();
	if (r == 0)
		r = add(obj, "fds", fds);
	else
		json_object_put(fds);
	if (r == 0) {
		name = json_object_new_string("seccompFd");
		if (!name || json_object_array_add(fds, name) < 0) {
			json_object_put(name);
			r = -ENOMEM;
		}
	}
	if (r == 0)
		r = add(obj, "pid", json_object_new_int64(pid));
	if (r == 0)
		r = add_string(obj, "metadata", metadata);
	if (r == 0)
		r = add(obj, "state", state_object(ct, st, false));
	if (r == 0)
		out = lct_strdup_null(json_object_to_json_string_ext(
			obj, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(obj);
	return out;
}

const struct lct_spawn_render lct_render = {
	.hook_state = lct_hook_state,
	.process_state = lct_process_state_json,
};

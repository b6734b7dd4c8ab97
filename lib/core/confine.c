/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The container's confinement for the processes that enter it later: its
 * seccomp program, LSM labels and no_new_privs, saved at create in the state
 * directory and applied to every exec whatever the exec's own description
 * says (as runc does for `exec --process`): a description adds to the
 * container's confinement, never replaces it; one without capabilities gets
 * the container's sets.
 *
 *   confine.json  {"noNewPrivileges": bool, "apparmorProfile": str,
 *                  "selinuxLabel": str, "seccompFlags": int,
 *                  "seccompListenerPath": str, "seccompListenerMetadata": str,
 *                  "capabilities": [bounding, effective, inheritable,
 *                                   permitted, ambient] (bit masks)}
 *   seccomp.bpf   the compiled filter init loaded (raw BPF instructions)
 *
 * Both are read back as untrusted input: every field type-checked, the
 * program checked for shape (the kernel checks the rest). */
#include <fcntl.h>
#include <json-c/json.h>
#include <linux/seccomp.h>
#include <stdio.h>

#include "core/confine.h"
#include "security/security.h"
#include "util/util.h"

#define CONFINE_FILE "confine.json"
#define SECCOMP_FILE "seccomp.bpf"

int lct_confine_save(int dirfd, const struct libct_process_desc *pd, void *seccomp,
		     struct libct_error *err)
{
	unsigned int flags = pd->seccomp ? pd->seccomp->flags & (SECCOMP_FILTER_FLAG_LOG |
								 SECCOMP_FILTER_FLAG_SPEC_ALLOW) :
					   0;
	/* a filter that notifies: each exec gets a listener for the agent */
	const char *listener = lct_seccomp_notifies(seccomp) ? pd->seccomp->listener_path : NULL;
	json_object *o;
	const char *text;
	int r;

	if (seccomp) {
		_cleanup_close_ int fd = openat(dirfd, SECCOMP_FILE,
						O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

		if (fd < 0)
			return lct_err(err, -errno, "save the seccomp filter for exec");
		r = lct_seccomp_export(seccomp, fd, err);
		if (r < 0)
			return r;
	}
	if (listener)
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER |
			 (pd->seccomp->flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV);
	if (!pd->no_new_privs && !pd->apparmor_profile && !pd->selinux_label && !flags &&
	    !pd->caps_set)
		return 0;
	o = json_object_new_object();
	if (!o)
		return lct_err(err, -ENOMEM, "confinement record");
	json_object_object_add(o, "noNewPrivileges", json_object_new_boolean(pd->no_new_privs));
	if (pd->caps_set) {
		json_object *caps = json_object_new_array();

		for (int i = 0; i < LIBCT_CAP_SET__MAX; i++)
			json_object_array_add(caps, json_object_new_uint64(pd->caps[i]));
		json_object_object_add(o, "capabilities", caps);
	}
	if (pd->apparmor_profile)
		json_object_object_add(o, "apparmorProfile",
				       json_object_new_string(pd->apparmor_profile));
	if (pd->selinux_label)
		json_object_object_add(o, "selinuxLabel",
				       json_object_new_string(pd->selinux_label));
	json_object_object_add(o, "seccompFlags", json_object_new_int64(flags));
	if (listener) {
		json_object_object_add(o, "seccompListenerPath", json_object_new_string(listener));
		if (pd->seccomp->listener_metadata)
			json_object_object_add(o, "seccompListenerMetadata",
					       json_object_new_string(
						       pd->seccomp->listener_metadata));
	}
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	r = text ? lct_write_atomic_at(dirfd, CONFINE_FILE, text, strlen(text), err) :
		   lct_err(err, -ENOMEM, "confinement record");
	json_object_put(o);
	return r;
}

void lct_confine_free(struct lct_confine *c)
{
	free(c->apparmor_profile);
	free(c->selinux_label);
	free(c->listener_path);
	free(c->listener_metadata);
	lct_seccomp_free(c->seccomp);
	*c = (struct lct_confine){ 0 };
}

static int bad(const char *id, const char *what, struct libct_error *err)
{
	return lct_err_msg(err, -EUCLEAN, "container '%s': %s/%s is damaged: %s", id, CONFINE_FILE,
			   what, "wrong type");
}

static int load_record(int dirfd, const char *id, struct lct_confine *c, unsigned int *flags,
		       struct libct_error *err)
{
	_cleanup_free_ char *text = NULL;
	json_object *o, *v;
	int r = lct_read_file_at(dirfd, CONFINE_FILE, &text, NULL, NULL);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return lct_err(err, r, "container '%s': read %s", id, CONFINE_FILE);
	o = json_tokener_parse(text);
	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return lct_err_msg(err, -EUCLEAN,
				   "container '%s': %s is damaged: not a JSON object", id,
				   CONFINE_FILE);
	}
	r = 0;
	if (json_object_object_get_ex(o, "noNewPrivileges", &v)) {
		if (json_object_is_type(v, json_type_boolean))
			c->no_new_privs = json_object_get_boolean(v);
		else
			r = bad(id, "noNewPrivileges", err);
	}
	if (r == 0 && json_object_object_get_ex(o, "apparmorProfile", &v)) {
		if (json_object_is_type(v, json_type_string))
			c->apparmor_profile = strdup(json_object_get_string(v));
		else
			r = bad(id, "apparmorProfile", err);
	}
	if (r == 0 && json_object_object_get_ex(o, "selinuxLabel", &v)) {
		if (json_object_is_type(v, json_type_string))
			c->selinux_label = strdup(json_object_get_string(v));
		else
			r = bad(id, "selinuxLabel", err);
	}
	if (r == 0 && json_object_object_get_ex(o, "capabilities", &v)) {
		if (!json_object_is_type(v, json_type_array) ||
		    json_object_array_length(v) != LIBCT_CAP_SET__MAX)
			r = bad(id, "capabilities", err);
		for (int i = 0; r == 0 && i < LIBCT_CAP_SET__MAX; i++) {
			json_object *e = json_object_array_get_idx(v, i);

			if (!json_object_is_type(e, json_type_int))
				r = bad(id, "capabilities", err);
			else
				c->caps[i] = json_object_get_uint64(e);
		}
		c->caps_set = r == 0;
	}
	if (r == 0 && json_object_object_get_ex(o, "seccompListenerPath", &v)) {
		if (json_object_is_type(v, json_type_string))
			c->listener_path = strdup(json_object_get_string(v));
		else
			r = bad(id, "seccompListenerPath", err);
	}
	if (r == 0 && json_object_object_get_ex(o, "seccompListenerMetadata", &v)) {
		if (json_object_is_type(v, json_type_string))
			c->listener_metadata = strdup(json_object_get_string(v));
		else
			r = bad(id, "seccompListenerMetadata", err);
	}
	if (r == 0 && json_object_object_get_ex(o, "seccompFlags", &v)) {
		if (json_object_is_type(v, json_type_int) && json_object_get_int64(v) >= 0 &&
		    json_object_get_int64(v) <= 0xffff)
			*flags = (unsigned int)json_object_get_int64(v);
		else
			r = bad(id, "seccompFlags", err);
	}
	json_object_put(o);
	return r;
}

int lct_confine_load(int dirfd, const char *id, struct lct_confine *c, struct libct_error *err)
{
	_cleanup_free_ char *prog = NULL;
	unsigned int flags = 0;
	size_t len = 0;
	int r;

	*c = (struct lct_confine){ 0 };
	r = load_record(dirfd, id, c, &flags, err);
	if (r == 0) {
		r = lct_read_file_at(dirfd, SECCOMP_FILE, &prog, &len, NULL);
		if (r == -ENOENT)
			r = 0;
		else if (r < 0)
			lct_err(err, r, "container '%s': read %s", id, SECCOMP_FILE);
		else if ((r = lct_seccomp_add_program(&c->seccomp, prog, len, flags, err)) < 0)
			lct_err_prefix(err, "container '%s': %s", id, SECCOMP_FILE);
	}
	if (r < 0)
		lct_confine_free(c);
	return r;
}

void lct_confine_merge(const struct lct_confine *c, struct libct_process_desc *pd)
{
	pd->no_new_privs |= c->no_new_privs;
	/* a description without capabilities would keep every one: it gets the
	 * container's sets instead (as runc does for a process file without them) */
	if (!pd->caps_set && c->caps_set) {
		memcpy(pd->caps, c->caps, sizeof(pd->caps));
		pd->caps_set = true;
	}
	if (!pd->apparmor_profile || !*pd->apparmor_profile)
		pd->apparmor_profile = c->apparmor_profile;
	if (!pd->selinux_label || !*pd->selinux_label)
		pd->selinux_label = c->selinux_label;
}

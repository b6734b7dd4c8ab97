/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ct list [-q] [--format table|json]. */
#include <getopt.h>
#include <json-c/json.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* The owner of the container's state directory, as runc shows it: the
 * user's name from /etc/passwd (read by hand: no NSS module is loaded), else
 * "#UID". */
static void owner_of(struct libct_session *s, const char *id, char *buf, size_t size)
{
	char path[PATH_MAX];
	struct passwd *pw;
	struct stat st;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", libct_session_state_dir(s), id);
	if (stat(path, &st) < 0) {
		snprintf(buf, size, "#?");
		return;
	}
	snprintf(buf, size, "#%u", (unsigned)st.st_uid);
	f = fopen("/etc/passwd", "re");
	while (f && (pw = fgetpwent(f)))
		if (pw->pw_uid == st.st_uid) {
			snprintf(buf, size, "%s", pw->pw_name);
			break;
		}
	if (f)
		fclose(f);
}

static void print_row(struct libct_container *ct, const char *owner, bool json, json_object *arr)
{
	enum libct_status st;
	const char *created;
	pid_t pid;

	if (json) {
		/* runc's: the state document, with the owner */
		char *text = libct_oci_state_json(ct);
		json_object *o = text ? json_tokener_parse(text) : NULL;

		free(text);
		if (!o)
			o = json_object_new_object();
		json_object_object_add(o, "owner", json_object_new_string(owner));
		json_object_array_add(arr, o);
		return;
	}
	st = libct_container_status(ct);
	pid = st == LIBCT_STATUS_STOPPED ? 0 : libct_container_pid(ct);
	created = libct_container_created(ct);
	printf("%-12s %-10d %-10s %-40s %-30s %s\n", libct_container_id(ct), (int)pid,
	       libct_status_to_string(st), libct_container_bundle(ct), created ? created : "",
	       owner);
}

static const char help[] = "list [-q] [-f table|json]\n"
			   "\n"
			   "List the containers of the state directory (--root), sorted by id.\n"
			   "\n"
			   "Options:\n"
			   "  -q, --quiet          only the ids, one a line\n"
			   "  -f, --format table   ID, PID, STATUS, BUNDLE, CREATED, OWNER (the "
			   "default)\n"
			   "  -f, --format json    an array of state objects\n"
			   "  -h, --help           this help\n";

int cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	struct libct_error err = { 0 };
	struct libct_session *s = NULL;
	bool quiet = false, json = false;
	json_object *arr = NULL;
	char **ids = NULL;
	int c, r;

	while ((c = getopt_long(argc, argv, "qf:h", opts, NULL)) != -1) {
		if (c == 'q')
			quiet = true;
		else if (c == 'f' && (!strcmp(optarg, "json") || !strcmp(optarg, "table")))
			json = !strcmp(optarg, "json");
		else if (c == 'f')
			return ct_fail("list: unknown format '%s' (table or json)", optarg);
		else {
			return ct_help(help, c == 'h');
		}
	}
	r = ct_session(&s);
	if (r)
		return r;
	if (libct_session_list(s, &ids, &err) < 0) {
		libct_session_free(s);
		return ct_fail_err(&err, NULL);
	}
	if (json)
		arr = json_object_new_array();
	else if (!quiet)
		printf("%-12s %-10s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE",
		       "CREATED", "OWNER");
	for (size_t i = 0; ids[i]; i++) {
		struct libct_container *ct = NULL;
		char owner[64];

		if (quiet) {
			printf("%s\n", ids[i]);
			continue;
		}
		if (libct_container_open_any(s, ids[i], &ct, NULL) < 0)
			continue; /* deleted meanwhile */
		if (libct_container_damage(ct) &&
		    libct_container_status(ct) == LIBCT_STATUS_CREATING)
			fprintf(stderr,
				"ct: warning: container '%s' is being created (no state "
				"record yet)\n",
				ids[i]);
		else if (libct_container_damage(ct))
			fprintf(stderr, "ct: warning: %s ('ct delete -f %s' removes it)\n",
				libct_container_damage(ct), ids[i]);
		owner_of(s, ids[i], owner, sizeof(owner));
		print_row(ct, owner, json, arr);
		libct_container_free(ct);
	}
	if (json) {
		printf("%s\n",
		       json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
	}
	libct_strv_free(ids);
	libct_session_free(s);
	return 0;
}

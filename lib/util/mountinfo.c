/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Lines of /proc/self/mountinfo (proc(5)), for the cgroup hierarchies and
 * for the mounts --no-pivot hides. */
#include <stdlib.h>

#include "util/util.h"

/* Undo mountinfo's octal escapes (\040 for a space) in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

bool lct_mountinfo_parse(char *line, struct lct_mountinfo *m)
{
	char *f[6], *save = NULL, *t, *end;
	unsigned long id;
	int i = 0;

	for (t = strtok_r(line, " ", &save); t && i < 6; t = strtok_r(NULL, " ", &save))
		f[i++] = t;
	if (i < 6)
		return false;
	/* optional fields until the "-" separator */
	while (t && strcmp(t, "-") != 0)
		t = strtok_r(NULL, " ", &save);
	if (!t)
		return false;
	m->fstype = strtok_r(NULL, " ", &save);
	if (!m->fstype)
		return false;
	m->source = strtok_r(NULL, " ", &save);
	if (!m->source)
		return false;
	m->super = strtok_r(NULL, " ", &save);
	if (!m->super)
		return false;
	errno = 0;
	id = strtoul(f[0], &end, 10);
	if (errno || *end || end == f[0])
		return false;
	m->id = id;
	m->root = f[3];
	m->point = f[4];
	unescape(m->root);
	unescape(m->point);
	unescape(m->source);
	return true;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* NULL-terminated string vectors and growable arrays. */
#include <stdio.h>

#include "util/util.h"

char *lct_strdup_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

char *lct_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	return r < 0 ? NULL : s;
}

size_t lct_strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

void lct_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void lct_strv_freep(char ***p)
{
	lct_strv_free(*p);
}

LCT_EXPORT void libct_strv_free(char **strv)
{
	lct_strv_free(strv);
}

char **lct_strv_copy(const char *const *v)
{
	size_t n = lct_strv_len((char *const *)v);
	char **c = calloc(n + 1, sizeof(char *));

	if (!c)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		c[i] = strdup(v[i]);
		if (!c[i]) {
			lct_strv_free(c);
			return NULL;
		}
	}
	return c;
}

int lct_strv_push(char ***v, const char *s)
{
	size_t n = lct_strv_len(*v);
	char **nv;
	char *c = strdup(s);

	if (!c)
		return -ENOMEM;
	nv = realloc(*v, (n + 2) * sizeof(char *));
	if (!nv) {
		free(c);
		return -ENOMEM;
	}
	nv[n] = c;
	nv[n + 1] = NULL;
	*v = nv;
	return 0;
}

bool lct_strv_contains(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

void *lct_array_grow(void *arr_ptr, size_t *n, size_t sz)
{
	void **arr = arr_ptr;
	char *na = realloc(*arr, (*n + 1) * sz);

	if (!na)
		return NULL;
	memset(na + *n * sz, 0, sz);
	*arr = na;
	return na + (*n)++ * sz;
}

bool lct_list_has(const char *list, const char *name, size_t len)
{
	for (const char *l = list; *l; l += strcspn(l, ","), l += *l == ',')
		if (strcspn(l, ",") == len && strncmp(l, name, len) == 0)
			return true;
	return false;
}

bool lct_lists_overlap(const char *a, const char *b)
{
	for (const char *n = b; *n; n += strcspn(n, ","), n += *n == ',')
		if (lct_list_has(a, n, strcspn(n, ",")))
			return true;
	return false;
}

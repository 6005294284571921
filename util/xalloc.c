// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocation that cannot fail: a link-step tool has nothing sensible to do
 * when memory runs out but to say so and stop.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <util/compiler.h>
#include <util/xalloc.h>

static void __noreturn out_of_memory(size_t size)
{
	fprintf(stderr, "initcall-order: out of memory (%zu bytes)\n", size);
	exit(2);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		out_of_memory(nmemb * size);
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		out_of_memory(size);
	return p;
}

void *xgrow(void *ptr, size_t *alloc, size_t nr, size_t size)
{
	size_t want = *alloc;

	if (nr <= want)
		return ptr;
	while (want < nr)
		want = want > SIZE_MAX / 2 ? SIZE_MAX : (want ? want * 2 : 16);
	if (want > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	*alloc = want;
	return xrealloc(ptr, want * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

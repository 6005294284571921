/* SPDX-License-Identifier: GPL-2.0-only */
/* Allocation helpers that die on out of memory instead of returning NULL. */
#ifndef UTIL_XALLOC_H
#define UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow *ptr so that it holds at least @nr elements of @size bytes. */
void *xgrow(void *ptr, size_t *alloc, size_t nr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* UTIL_XALLOC_H */

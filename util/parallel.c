// SPDX-License-Identifier: GPL-2.0-only
/*
 * A tiny work queue: threads take the next item number from one atomic
 * counter.  Each item writes only to its own slot, so the result never
 * depends on which thread ran what.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include <util/parallel.h>
#include <util/xalloc.h>

struct work {
	size_t n;
	atomic_size_t next;
	void (*fn)(size_t i, void *arg);
	void *arg;
};

static void *worker(void *data)
{
	struct work *w = data;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->n)
		w->fn(i, w->arg);
	return NULL;
}

void parallel_for(size_t n, unsigned int jobs,
		  void (*fn)(size_t i, void *arg), void *arg)
{
	struct work w = { .n = n, .fn = fn, .arg = arg };
	pthread_t *threads;
	unsigned int i, started = 0;

	atomic_init(&w.next, 0);
	if (jobs > n)
		jobs = n;
	if (jobs <= 1) {
		worker(&w);
		return;
	}
	threads = xcalloc(jobs - 1, sizeof(*threads));
	for (i = 0; i < jobs - 1; i++)
		if (!pthread_create(&threads[started], NULL, worker, &w))
			started++;
	worker(&w);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
}

unsigned int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A tiny work queue: threads take the next item number from one atomic
 * counter.  Each item writes only to its own slot, so the result never
 * depends on which thread ran what.
 */
#include <pthread.h>
#include <signal.h>
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
	size_t *order;		/* NULL: increasing; else the order to take */
};

static void *worker(void *data)
{
	struct work *w = data;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->n)
		w->fn(w->order ? w->order[i] : i, w->arg);
	return NULL;
}

/*
 * For tests only: ICO_SHUFFLE_SEED=N takes the items in an order shuffled
 * from N (xorshift64, Fisher-Yates), to show that the results do not
 * depend on the order in which items run.
 */
static size_t *shuffled_order(size_t n)
{
	const char *seed = getenv("ICO_SHUFFLE_SEED");
	unsigned long long x;
	size_t *order, i, j, t;

	if (!seed || !*seed || n < 2)
		return NULL;
	x = strtoull(seed, NULL, 0) * 0x9e3779b97f4a7c15ull + 1;
	order = xcalloc(n, sizeof(*order));
	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		j = x % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
	return order;
}

void parallel_for(size_t n, unsigned int jobs,
		  void (*fn)(size_t i, void *arg), void *arg)
{
	struct work w = { .n = n, .fn = fn, .arg = arg };
	pthread_t *threads;
	sigset_t all, old;
	unsigned int i, started = 0;

	atomic_init(&w.next, 0);
	w.order = shuffled_order(n);
	if (jobs > n)
		jobs = n;
	if (jobs <= 1) {
		worker(&w);
		free(w.order);
		return;
	}
	threads = xcalloc(jobs - 1, sizeof(*threads));
	/* Workers start with every signal blocked: only this thread handles them. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < jobs - 1; i++)
		if (!pthread_create(&threads[started], NULL, worker, &w))
			started++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	worker(&w);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	free(w.order);
}

unsigned int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? n : 1;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * parallel_for() and its test knob ICO_SHUFFLE_SEED: every item runs once
 * whatever the order, the order is increasing without the knob, and a
 * seed really shuffles it (so that t-determinism.sh tests something).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <util/parallel.h>
#include "unit.h"

#define N 1000

struct record {
	size_t order[N];
	size_t next;
	int seen[N];
};

static void note(size_t i, void *arg)
{
	struct record *r = arg;

	r->order[__atomic_fetch_add(&r->next, 1, __ATOMIC_SEQ_CST)] = i;
	__atomic_fetch_add(&r->seen[i], 1, __ATOMIC_SEQ_CST);
}

static bool each_once(const struct record *r)
{
	size_t i;

	for (i = 0; i < N; i++)
		if (r->seen[i] != 1)
			return false;
	return r->next == N;
}

static bool increasing(const struct record *r)
{
	size_t i;

	for (i = 0; i < N; i++)
		if (r->order[i] != i)
			return false;
	return true;
}

static void run(struct record *r, const char *seed, unsigned int jobs)
{
	memset(r, 0, sizeof(*r));
	if (seed)
		setenv("ICO_SHUFFLE_SEED", seed, 1);
	else
		unsetenv("ICO_SHUFFLE_SEED");
	parallel_for(N, jobs, note, r);
}

int main(void)
{
	static struct record a, b, c;
	unsigned int jobs;

	run(&a, NULL, 1);
	CHECK(each_once(&a));
	CHECK(increasing(&a));
	run(&a, "", 1);
	CHECK(increasing(&a));

	run(&a, "1", 1);
	CHECK(each_once(&a));
	CHECK(!increasing(&a));
	run(&b, "1", 1);
	CHECK(!memcmp(a.order, b.order, sizeof(a.order)));
	run(&c, "2", 1);
	CHECK(each_once(&c));
	CHECK(memcmp(a.order, c.order, sizeof(a.order)) != 0);

	for (jobs = 2; jobs <= 8; jobs *= 2) {
		run(&a, "7", jobs);
		CHECK(each_once(&a));
		run(&a, NULL, jobs);
		CHECK(each_once(&a));
	}
	/* fewer items than threads, one item, none */
	memset(&a, 0, sizeof(a));
	setenv("ICO_SHUFFLE_SEED", "3", 1);
	parallel_for(3, 8, note, &a);
	CHECK(a.next == 3 && a.seen[0] == 1 && a.seen[1] == 1 &&
	      a.seen[2] == 1);
	memset(&a, 0, sizeof(a));
	parallel_for(1, 8, note, &a);
	CHECK(a.next == 1 && a.seen[0] == 1);
	memset(&a, 0, sizeof(a));
	parallel_for(0, 8, note, &a);
	CHECK(a.next == 0);
	return unit_done();
}

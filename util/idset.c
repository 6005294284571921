// SPDX-License-Identifier: GPL-2.0-only
/* An open-addressing hash set of (device, inode) pairs. */
#include <stdint.h>
#include <stdlib.h>

#include <util/idset.h>
#include <util/xalloc.h>

static size_t id_hash(dev_t dev, ino_t ino)
{
	uint64_t h = (uint64_t)ino * 0x9e3779b97f4a7c15ULL;

	return h ^ ((uint64_t)dev * 0xc2b2ae3d27d4eb4fULL) ^ (h >> 29);
}

/* The slot of the file, or the free slot where it would go. */
static size_t slot_of(const struct id_set *set, dev_t dev, ino_t ino)
{
	size_t i = id_hash(dev, ino) & (set->nr_slots - 1);

	while (set->full[i] &&
	       (set->slots[i].dev != dev || set->slots[i].ino != ino))
		i = (i + 1) & (set->nr_slots - 1);
	return i;
}

static void grow(struct id_set *set)
{
	struct id_set bigger = ID_SET_INIT;
	size_t i, k;

	bigger.nr_slots = set->nr_slots ? 2 * set->nr_slots : 16;
	bigger.slots = xcalloc(bigger.nr_slots, sizeof(*bigger.slots));
	bigger.full = xcalloc(bigger.nr_slots, sizeof(*bigger.full));
	for (i = 0; i < set->nr_slots; i++) {
		if (!set->full[i])
			continue;
		k = slot_of(&bigger, set->slots[i].dev, set->slots[i].ino);
		bigger.slots[k] = set->slots[i];
		bigger.full[k] = true;
	}
	bigger.nr = set->nr;
	id_set_free(set);
	*set = bigger;
}

bool id_set_add(struct id_set *set, dev_t dev, ino_t ino)
{
	size_t i;

	if (2 * (set->nr + 1) > set->nr_slots)
		grow(set);
	i = slot_of(set, dev, ino);
	if (set->full[i])
		return false;
	set->slots[i].dev = dev;
	set->slots[i].ino = ino;
	set->full[i] = true;
	set->nr++;
	return true;
}

bool id_set_has(const struct id_set *set, dev_t dev, ino_t ino)
{
	return set->nr_slots && set->full[slot_of(set, dev, ino)];
}

void id_set_free(struct id_set *set)
{
	free(set->slots);
	free(set->full);
	set->slots = NULL;
	set->full = NULL;
	set->nr_slots = 0;
	set->nr = 0;
}

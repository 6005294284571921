/* SPDX-License-Identifier: GPL-2.0-only */
/* A set of files known by device and inode, whatever names reach them. */
#ifndef UTIL_IDSET_H
#define UTIL_IDSET_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct file_id {
	dev_t dev;
	ino_t ino;
};

struct id_set {
	struct file_id *slots;
	bool *full;
	size_t nr_slots;	/* 0 or a power of two */
	size_t nr;
};

#define ID_SET_INIT { NULL, NULL, 0, 0 }

/* Adds the file; true when it was not in the set yet. */
bool id_set_add(struct id_set *set, dev_t dev, ino_t ino);
bool id_set_has(const struct id_set *set, dev_t dev, ino_t ino);
void id_set_free(struct id_set *set);

#endif /* UTIL_IDSET_H */

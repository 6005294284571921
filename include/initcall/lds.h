/* SPDX-License-Identifier: GPL-2.0-only */
/* The linker script fragment, byte for byte as the kernel's script. */
#ifndef INITCALL_LDS_H
#define INITCALL_LDS_H

#include <stdbool.h>
#include <initcall/table.h>

struct strbuf;

struct lds_opts {
	/*
	 * Write a rule for each object's sections of initcalls without an
	 * id, at its place in link order.  Without it the fragment is the
	 * kernel script's, and those initcalls are warned about: the linker
	 * puts them after every listed initcall of their level.
	 */
	bool place_idless;
};

/*
 * Appends the fragment for @t to @sb; -1 (with a message) when there is
 * nothing to write or an object cannot be named in a linker script.
 */
int lds_render(const struct initcall_table *t, const struct lds_opts *opts,
	       struct strbuf *sb);

#endif /* INITCALL_LDS_H */

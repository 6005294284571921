/* SPDX-License-Identifier: GPL-2.0-only */
/* The linker script fragment, byte for byte as the kernel's script. */
#ifndef INITCALL_LDS_H
#define INITCALL_LDS_H

#include <initcall/table.h>

struct strbuf;

/* Appends the fragment for @t to @sb; -1 (with a message) if empty. */
int lds_render(const struct initcall_table *t, struct strbuf *sb);

#endif /* INITCALL_LDS_H */

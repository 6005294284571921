/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Initcall names: the kernel's unique id scheme
 *   __initcall__<module>__<counter>_<line>_<function><level>
 * split exactly as scripts/generate_initcall_order.pl splits it.
 *
 * An id is what include/linux/init.h can make: every part is pasted from
 * C identifiers and numbers (the module is kmod_ and the object's name
 * with '-' and ',' made '_'), so a symbol under the __initcall__ prefix
 * holds only A-Z, a-z, 0-9 and '_'.  Anything else is refused, never
 * copied into a linker script: the script's regex takes any non-blank
 * module (\S*) and any function (.*).
 */
#ifndef INITCALL_NAME_H
#define INITCALL_NAME_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;

#define INITCALL_PREFIX		"__initcall__"
#define INITCALL_PREFIX_LEN	(sizeof(INITCALL_PREFIX) - 1)
/* Under LTO an entry points at the stub __initstub__<id><level>. */
#define INITSTUB_PREFIX		"__initstub__"
#define INITSTUB_PREFIX_LEN	(sizeof(INITSTUB_PREFIX) - 1)

/* A piece of a symbol name: not NUL-terminated. */
struct span {
	const char *s;
	size_t len;
};

struct initcall_name {
	struct span module;
	struct span counter;	/* decimal digits */
	struct span line;	/* decimal digits */
	struct span function;
	struct span level;	/* early, 0..7, rootfs or con, maybe + "s" */
};

enum name_result {
	NAME_OTHER = 0,		/* not an initcall id at all */
	NAME_OK = 1,
	NAME_BAD_LEVEL = -1,	/* an id whose level suffix does not parse */
	NAME_BAD_CHAR = -2,	/* __initcall__ and a byte no id can hold */
};

/* A copy of @s, NUL-terminated. */
char *span_dup(const struct span *s);

/*
 * Splits @sym: the module is greedy (the last "__<digits>_<digits>_" ends
 * it) and the level is the shortest suffix that is a level.  Names without
 * the "__<digits>_<digits>_" part are NAME_OTHER, as the script ignores
 * them; a name with the prefix and any byte other than A-Z, a-z, 0-9 and
 * '_' is NAME_BAD_CHAR, whatever follows.
 */
enum name_result initcall_parse(const char *sym, size_t len,
				struct initcall_name *name);

/*
 * Splits an LTO stub's name, __initstub__<id><level>, like an entry's;
 * @buf holds the name @name points into.  False when @sym is no stub of
 * an id.
 */
bool initstub_parse(const char *sym, struct strbuf *buf,
		    struct initcall_name *name);

/*
 * An initcall section name: ".initcall<level>.init" or ".con_initcall.init"
 * (level "con"), then "..<id>" under CONFIG_LTO_CLANG or nothing at all.
 */
struct initcall_section {
	struct span level;
	struct span id;		/* empty for a section without an id */
};

/* Splits @name; false when it is no initcall section. */
bool initcall_section_parse(const char *name, size_t len,
			    struct initcall_section *sec);
/* A-Z, a-z, 0-9 or '_': the bytes of a C identifier, and of an id. */
bool ident_char(char c);

/* Parses "<level>" alone, e.g. from a section name; true when valid. */
bool level_valid(const char *level, size_t len);

/*
 * The length of a function's name without the suffix a compiler adds
 * when it renames a static function: ".llvm.<n>" (ThinLTO), ".<n>" (full
 * LTO) or ".lto_priv.<n>" (GCC LTO).
 */
size_t symbol_base_len(const char *name);

/* Compares two decimal digit strings by value, like Perl's <=>. */
int digits_cmp(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Output section of a level: ".con_initcall.init" for "con",
 * ".initcall<level>.init" otherwise.  Returns a static or @buf string.
 */
const char *level_section(const char *level, char *buf, size_t size);

/*
 * The order in which the kernel runs levels: con, early, 0, 0s, ... 5s,
 * rootfs, 6, ... 7s, each level's sync half just after it ("earlys" and
 * "rootfss" too, which the kernel has no section for).  Anything else
 * ranks after them all.
 */
int level_rank(const char *level);
int level_cmp_run_order(const char *a, const char *b);

#endif /* INITCALL_NAME_H */

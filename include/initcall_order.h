/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * initcall_order.h: ordered init tables for C code outside the kernel.
 *
 * A program (firmware, a user-space daemon, a test harness) registers
 * functions with
 *
 *	static int net_setup(void) { ... }
 *	device_initcall(net_setup);
 *
 * and runs them level by level at start-up.  Each entry is laid out as the
 * Linux kernel lays out its initcalls when it is built with Clang LTO:
 *
 *  - it has a unique id, <modname>__<counter>_<line>_<function>, where
 *    <modname> is INITCALL_ORDER_MODNAME (define it on the compiler command
 *    line, for example -DINITCALL_ORDER_MODNAME=net_core for net/core.o);
 *  - it lives alone in the section <level section>..<id>, for example
 *    .initcall6.init..net_core__3_17_net_setup, and its symbol is
 *    __initcall__<id><level>.
 *
 * "initcall-order lds OBJECTS..." reads these symbols (from ELF objects and
 * from LLVM bitcode alike) and prints a linker script that lists every
 * section in link order.  Link with it, then with initcall_order.lds, which
 * gathers the levels into one output section and defines the bounds that
 * the functions below walk:
 *
 *	ld.lld -r -T fragment.lds --whole-archive OBJECTS -o all.o
 *	cc all.o -Wl,-T,initcall_order.lds -o prog
 *
 * Without LTO the second step alone keeps the order of the objects, but
 * gcc may emit the pointer entries of one file in reverse; the fragment
 * orders the entries of each object by counter, that is source order.
 *
 * Two entry shapes, as in the kernel:
 *  - INITCALL_ORDER_PREL32 = 1 (default on x86_64 and aarch64): a 32-bit
 *    offset from the entry to the function, written by module-level
 *    assembly; the entry symbol is an assembler label.  Under LTO a static
 *    function may be renamed, so the offset points at a hidden global
 *    alias of it named from the id, __initstub__<id><level>; the function
 *    must therefore be defined (not only declared) before the macro.
 *  - INITCALL_ORDER_PREL32 = 0: a static pointer variable named
 *    __initcall__<id><level> holding the function's address.
 *
 * Works with gcc and clang from C99 on (only __COUNTER__, __attribute__ and
 * __asm__ beyond ISO C).  Levels: early, 0 ... 7 with a sync variant each
 * (1s is core_initcall_sync), rootfs (run after 5s), and con (console).
 */
#ifndef INITCALL_ORDER_PUBLIC_H
#define INITCALL_ORDER_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#ifndef INITCALL_ORDER_MODNAME
#error "initcall_order.h: define INITCALL_ORDER_MODNAME, an identifier unique to this object (e.g. -DINITCALL_ORDER_MODNAME=net_core)"
#endif

/* An init function: returns 0 on success, a negative error otherwise. */
typedef int (*initcall_order_fn_t)(void);

#ifndef INITCALL_ORDER_PREL32
#if defined(__x86_64__) || defined(__aarch64__)
#define INITCALL_ORDER_PREL32 1
#else
#define INITCALL_ORDER_PREL32 0
#endif
#endif

/* One table entry: where the function is, in one of the two shapes. */
struct initcall_order_entry {
#if INITCALL_ORDER_PREL32
	int32_t offset;			/* from this entry to the function */
#else
	initcall_order_fn_t fn;
#endif
};

/* Token helpers: expand the arguments first, then paste or quote. */
#define ICO_STR_(x)		#x
#define ICO_STR(x)		ICO_STR_(x)
#define ICO_CAT_(a, b)		a##b
#define ICO_CAT(a, b)		ICO_CAT_(a, b)

/*
 * <modname>__<counter>_<line>_<fn>.  Used as a macro argument, so that
 * __COUNTER__ is expanded exactly once per entry.
 */
#define ICO_ID(fn)						\
	ICO_CAT(INITCALL_ORDER_MODNAME,				\
	ICO_CAT(__,						\
	ICO_CAT(__COUNTER__,					\
	ICO_CAT(_,						\
	ICO_CAT(__LINE__,					\
	ICO_CAT(_, fn))))))

#define ICO_ENTRY_NAME(id, level)	ICO_CAT(__initcall__, ICO_CAT(id, level))
#define ICO_STUB_NAME(id, level)	ICO_CAT(__initstub__, ICO_CAT(id, level))
#define ICO_ATTR(...)			__attribute__((__VA_ARGS__))

#if INITCALL_ORDER_PREL32
/*
 * LTO may rename a static function, so the entry points at a global with
 * a stable name made from the id: here an alias of the function (the
 * kernel uses a small stub function).  Module assembly places
 * ".long stub - ." under a local label in the entry's own read-only
 * section.
 */
#define ICO_ENTRY(fn, id, level, secname)				\
	int (ICO_STUB_NAME(id, level))(void)				\
		ICO_ATTR(used, visibility("hidden"), alias(#fn));	\
	__asm__(".section \"" secname "\", \"a\"\n"			\
		".balign 4\n"						\
		ICO_STR(ICO_ENTRY_NAME(id, level)) ":\n"		\
		".long " ICO_STR(ICO_STUB_NAME(id, level)) " - .\n"	\
		".previous\n")
#else
#define ICO_ENTRY(fn, id, level, secname)				\
	static struct initcall_order_entry ICO_ENTRY_NAME(id, level)	\
		ICO_ATTR(used, section(secname)) = { fn }
#endif

#define ICO_DEFINE(fn, id, level)					\
	ICO_ENTRY(fn, id, level,					\
		  ".initcall" ICO_STR(level) ".init.." ICO_STR(id))
#define ICO_DEFINE_CON(fn, id)						\
	ICO_ENTRY(fn, id, con, ".con_initcall.init.." ICO_STR(id))

/*
 * Registers @fn (int fn(void)) at @level: early, 0, 0s, ... 7, 7s, rootfs.
 * Use it at file scope, followed by a semicolon.
 */
#define INITCALL_ORDER_DEFINE(fn, level)	ICO_DEFINE(fn, ICO_ID(fn), level)
/* Registers a console initcall (section .con_initcall.init). */
#define INITCALL_ORDER_CONSOLE(fn)		ICO_DEFINE_CON(fn, ICO_ID(fn))

/* The kernel's names, unless the program has its own. */
#ifndef INITCALL_ORDER_NO_SHORT_NAMES
#define early_initcall(fn)		INITCALL_ORDER_DEFINE(fn, early)
#define pure_initcall(fn)		INITCALL_ORDER_DEFINE(fn, 0)
#define core_initcall(fn)		INITCALL_ORDER_DEFINE(fn, 1)
#define core_initcall_sync(fn)		INITCALL_ORDER_DEFINE(fn, 1s)
#define postcore_initcall(fn)		INITCALL_ORDER_DEFINE(fn, 2)
#define postcore_initcall_sync(fn)	INITCALL_ORDER_DEFINE(fn, 2s)
#define arch_initcall(fn)		INITCALL_ORDER_DEFINE(fn, 3)
#define arch_initcall_sync(fn)		INITCALL_ORDER_DEFINE(fn, 3s)
#define subsys_initcall(fn)		INITCALL_ORDER_DEFINE(fn, 4)
#define subsys_initcall_sync(fn)	INITCALL_ORDER_DEFINE(fn, 4s)
#define fs_initcall(fn)			INITCALL_ORDER_DEFINE(fn, 5)
#define fs_initcall_sync(fn)		INITCALL_ORDER_DEFINE(fn, 5s)
#define rootfs_initcall(fn)		INITCALL_ORDER_DEFINE(fn, rootfs)
#define device_initcall(fn)		INITCALL_ORDER_DEFINE(fn, 6)
#define device_initcall_sync(fn)	INITCALL_ORDER_DEFINE(fn, 6s)
#define late_initcall(fn)		INITCALL_ORDER_DEFINE(fn, 7)
#define late_initcall_sync(fn)		INITCALL_ORDER_DEFINE(fn, 7s)
#define console_initcall(fn)		INITCALL_ORDER_CONSOLE(fn)
#endif

/*
 * Run time.  initcall_order.lds defines these bounds: one output section
 * .initcall_order holding the console entries, then every level in run
 * order (early, 0, 0s, 1, ... 5s, rootfs, 6, ... 7s).  As in the kernel,
 * level N spans N and Ns, and level 5 also spans rootfs.
 */
extern const struct initcall_order_entry __initcall_order_con_start[];
extern const struct initcall_order_entry __initcall_order_con_end[];
extern const struct initcall_order_entry __initcall_order_early_start[];
extern const struct initcall_order_entry __initcall_order_0_start[];
extern const struct initcall_order_entry __initcall_order_1_start[];
extern const struct initcall_order_entry __initcall_order_2_start[];
extern const struct initcall_order_entry __initcall_order_3_start[];
extern const struct initcall_order_entry __initcall_order_4_start[];
extern const struct initcall_order_entry __initcall_order_5_start[];
extern const struct initcall_order_entry __initcall_order_6_start[];
extern const struct initcall_order_entry __initcall_order_7_start[];
extern const struct initcall_order_entry __initcall_order_end[];

/* Levels as initcall_order_level() numbers them: early, then 0 to 7. */
#define INITCALL_ORDER_NR_LEVELS	9

/* The function an entry points to. */
static inline initcall_order_fn_t
initcall_order_fn(const struct initcall_order_entry *entry)
{
#if INITCALL_ORDER_PREL32
	return (initcall_order_fn_t)((uintptr_t)&entry->offset +
				     (intptr_t)entry->offset);
#else
	return entry->fn;
#endif
}

/*
 * Bounds of level @i (0: early, 1: level 0, ... 8: level 7) as
 * [*start, *end); returns its name, or NULL when @i is out of range.
 */
static inline const char *
initcall_order_level(unsigned int i, const struct initcall_order_entry **start,
		     const struct initcall_order_entry **end)
{
	static const char *const names[INITCALL_ORDER_NR_LEVELS] = {
		"early", "0", "1", "2", "3", "4", "5", "6", "7",
	};
	const struct initcall_order_entry *bounds[INITCALL_ORDER_NR_LEVELS + 1];

	if (i >= INITCALL_ORDER_NR_LEVELS)
		return NULL;
	bounds[0] = __initcall_order_early_start;
	bounds[1] = __initcall_order_0_start;
	bounds[2] = __initcall_order_1_start;
	bounds[3] = __initcall_order_2_start;
	bounds[4] = __initcall_order_3_start;
	bounds[5] = __initcall_order_4_start;
	bounds[6] = __initcall_order_5_start;
	bounds[7] = __initcall_order_6_start;
	bounds[8] = __initcall_order_7_start;
	bounds[9] = __initcall_order_end;
	*start = bounds[i];
	*end = bounds[i + 1];
	return names[i];
}

/*
 * Calls every entry, console entries first, then each level in order, and
 * stops at the first non-zero return, which it returns.  @before, when not
 * NULL, is called before each entry with the level's name.
 */
static inline int
initcall_order_run_all(void (*before)(const char *level,
				      const struct initcall_order_entry *entry))
{
	const struct initcall_order_entry *e, *start, *end;
	const char *name;
	unsigned int i;
	int ret;

	for (e = __initcall_order_con_start; e < __initcall_order_con_end;
	     e++) {
		if (before)
			before("con", e);
		ret = initcall_order_fn(e)();
		if (ret)
			return ret;
	}
	for (i = 0; (name = initcall_order_level(i, &start, &end)); i++) {
		for (e = start; e < end; e++) {
			if (before)
				before(name, e);
			ret = initcall_order_fn(e)();
			if (ret)
				return ret;
		}
	}
	return 0;
}

#endif /* INITCALL_ORDER_PUBLIC_H */

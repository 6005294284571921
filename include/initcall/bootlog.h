/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The run-time order a kernel booted with initcall_debug prints, one line
 * per initcall (init/main.c):
 *
 *   [    0.246757] calling  __initstub__kmod_foo__12_34_bar6+0x0/0x10 @ 1
 *
 * The timestamp is there with CONFIG_PRINTK_TIME; the function is printed
 * with %pS: "symbol+offset/size", "symbol+offset/size [module]" for
 * modules, or the raw address ("0xffffffff816c1340") without KALLSYMS.
 * Only a line whose message starts with "calling  " is an initcall: PCI
 * quirks print "pci 0000:00:00.0: calling  ..." too.
 */
#ifndef INITCALL_BOOTLOG_H
#define INITCALL_BOOTLOG_H

#include <stdbool.h>
#include <stddef.h>

struct bootlog_call {
	char *symbol;		/* without +offset/size; NULL for an address */
	unsigned long long addr;	/* the raw address when !symbol */
	unsigned long long offset;	/* the +offset, 0 if none */
	char *module;		/* "[module]" suffix without brackets, or NULL */
	unsigned long line;	/* 1-based line in the log */
};

struct bootlog {
	struct bootlog_call *calls;	/* in the order the log shows */
	size_t nr;
	size_t alloc;
	size_t skipped;		/* "calling  " lines that did not parse */
};

/*
 * Is this text?  A log is read line by line to its end, so what is no
 * text is told from its first bytes: as git does, a NUL byte among the
 * first 8000 makes a file binary.
 */
bool bootlog_is_text(const void *data, size_t len);

/*
 * Reads the initcall lines of @len bytes of log text.  Lines may end in
 * "\n" or "\r\n" and may carry a syslog "<N>" prefix and bracketed
 * timestamp or caller fields; a "calling  " line that does not have the
 * "<function> @ <pid>" shape is warned about (with @path and its line
 * number) and counted in ->skipped.
 */
void bootlog_parse(struct bootlog *log, const char *path, const char *text,
		   size_t len);
void bootlog_free(struct bootlog *log);

/*
 * Log lines matched to entries of a linked image, each entry taken once
 * (an initcall registered twice runs twice): a raw address by the entry's
 * target, a symbol by the entry's name, ThinLTO's ".llvm.<n>" suffix aside
 * on both sides (kallsyms drops it).  Equal keys go in entry order.
 */
struct bootlog_key;

struct bootlog_matcher {
	struct bootlog_key *by_name;
	struct bootlog_key *by_addr;
	size_t nr;		/* entries */
	size_t nr_names;	/* entries with a name */
	bool *used;
	/*
	 * At the first key of each run of equal keys: how many of the run
	 * are known to be taken, so that taking n entries under one key
	 * costs n, not n squared.
	 */
	size_t *name_skip;
	size_t *addr_skip;
};

/* For entries 0 to @nr - 1; add each once, then make it ready. */
void bootlog_matcher_init(struct bootlog_matcher *m, size_t nr);
/* Entry @idx targets @addr; @name NULL: found by address only. */
void bootlog_matcher_add(struct bootlog_matcher *m, size_t idx,
			 const char *name, unsigned long long addr);
void bootlog_matcher_ready(struct bootlog_matcher *m);
/* The first entry not taken yet that @call names; SIZE_MAX if none. */
size_t bootlog_matcher_take(struct bootlog_matcher *m,
			    const struct bootlog_call *call);
void bootlog_matcher_free(struct bootlog_matcher *m);

struct image_initcalls;
struct order;

struct bootlog_match {
	size_t matched;		/* lines matched to an entry of the image */
	size_t unknown;		/* lines naming nothing in the image's tables */
	size_t modules;		/* lines of loadable modules: left out */
};

/*
 * The log's initcalls as an order.  Each line is matched to the first
 * entry of @ic not matched yet that it can name: by target address for a
 * raw address, else by the symbol at the target (ThinLTO's ".llvm.<n>"
 * suffix aside, which kallsyms drops).  A matched line takes the entry's
 * level, module, function and id; a line that matches nothing is kept as
 * an initcall of the level that ran just before it (or after it, at the
 * start), so that check reports it as extra there.  Lines of loadable
 * modules are left out.
 */
void order_from_bootlog(struct order *o, const struct bootlog *log,
			const char *path, const struct image_initcalls *ic,
			struct bootlog_match *m);

/*
 * Parses one message after "calling  ", e.g. "foo+0x0/0x10 @ 1", into
 * @call (strings allocated); false when it has not that shape.
 */
bool bootlog_parse_call(const char *msg, size_t len,
			struct bootlog_call *call);

#endif /* INITCALL_BOOTLOG_H */

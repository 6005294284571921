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

struct image_initcalls;
struct order;

struct bootlog_match {
	size_t matched;		/* lines matched to an entry of the image */
	size_t unknown;		/* lines naming nothing in the image's tables */
	size_t modules;		/* lines of loadable modules: left out */
};

/*
 * The log's initcalls as an order.  With @ic, the tables of the image
 * that booted, each line is matched to the first entry not matched yet
 * that it can name: by target address for a raw address, else by the
 * symbol at the target (ThinLTO's ".llvm.<n>" suffix aside, which kallsyms
 * drops), and takes its level, module, function and id.  Without an
 * image a stub's name still says level, module and function; a function
 * alone says its name, level unknown (DIFF_LEVEL_UNKNOWN); a raw address
 * says nothing: an error (-1, reported).
 *
 * The rule for a line that matches nothing in the image, for check and
 * diff alike: it is an initcall the image does not have, kept at its
 * place in the level that ran around it (the nearest matched line's),
 * and reported as extra (check) or added (diff).  Lines of loadable
 * modules ("[module]") are left out.
 */
int order_from_bootlog(struct order *o, const struct bootlog *log,
		       const char *path, const struct image_initcalls *ic,
		       struct bootlog_match *m);

/*
 * Reads the boot log @path into @o as order_from_bootlog() does, with
 * notes about what it leaves out.  Returns 0, or -1 after an error naming
 * the file: unreadable, binary, without a single "calling" line.
 */
int bootlog_order_load(const char *path, const struct image_initcalls *ic,
		       struct order *o);

/*
 * Console initcalls print "calling" lines only through the initcall
 * tracepoints (CONFIG_TRACEPOINTS): a log that knows its levels and holds
 * none of them says nothing about their order.  Then drops them from
 * @other (the order the log is compared with) and returns how many.
 */
size_t bootlog_drop_console(const struct order *log, struct order *other);

#define BOOTLOG_CONSOLE_NOTE \
	"no calling lines for console initcalls (printed only with CONFIG_TRACEPOINTS)"

/*
 * Parses one message after "calling  ", e.g. "foo+0x0/0x10 @ 1", into
 * @call (strings allocated); false when it has not that shape.
 */
bool bootlog_parse_call(const char *msg, size_t len,
			struct bootlog_call *call);

#endif /* INITCALL_BOOTLOG_H */

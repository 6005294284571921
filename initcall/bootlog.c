// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading "calling  <fn> @ <pid>" lines out of a boot log: a console
 * capture, dmesg output or a serial log, whatever prefixes printk and the
 * console added.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <initcall/bootlog.h>
#include <initcall/diff.h>
#include <initcall/image.h>
#include <initcall/name.h>
#include <initcall/order.h>
#include <symtab/elf_image.h>
#include <util/file.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include <util/xalloc.h>

#define CALLING		"calling  "
#define CALLING_LEN	(sizeof(CALLING) - 1)

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "0x" and at least one hex digit, exactly @len bytes; the value. */
static bool parse_hex(const char *s, size_t len, unsigned long long *v)
{
	size_t i;

	if (len < 3 || len > 18 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	*v = 0;
	for (i = 2; i < len; i++) {
		if (!is_hex(s[i]))
			return false;
		*v = *v << 4 | (is_digit(s[i]) ? s[i] - '0' :
				(s[i] | 0x20) - 'a' + 10);
	}
	return true;
}

/* The last " @ " in @s, or NULL. */
static const char *find_at(const char *s, size_t len)
{
	size_t i;

	for (i = len; i >= 3; i--)
		if (!memcmp(s + i - 3, " @ ", 3))
			return s + i - 3;
	return NULL;
}

/* A pid and nothing after it but blanks. */
static bool pid_only(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_digit(s[i]))
		i++;
	if (!i)
		return false;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i == len;
}

/* Cuts " [module]" off the end of @fn; NULL when there is none. */
static char *take_module(const char *fn, size_t *len)
{
	const char *open;
	size_t n = *len;

	if (n < 4 || fn[n - 1] != ']')
		return NULL;
	open = memrchr(fn, '[', n);
	if (!open || open == fn || open[-1] != ' ' ||
	    (size_t)(fn + n - 1 - open) < 2)
		return NULL;
	*len = open - 1 - fn;
	return xstrndup(open + 1, fn + n - 1 - open - 1);
}

/* Cuts "+0xOFF/0xSIZE" off the end of @fn; false when there is none. */
static bool take_offset(const char *fn, size_t *len,
			unsigned long long *offset)
{
	const char *plus = memrchr(fn, '+', *len);
	const char *slash;
	unsigned long long size;

	if (!plus || plus == fn)
		return false;
	slash = memchr(plus, '/', fn + *len - plus);
	if (!slash || !parse_hex(plus + 1, slash - plus - 1, offset) ||
	    !parse_hex(slash + 1, fn + *len - slash - 1, &size))
		return false;
	*len = plus - fn;
	return true;
}

bool bootlog_parse_call(const char *msg, size_t len,
			struct bootlog_call *call)
{
	const char *at = find_at(msg, len);
	size_t n;

	memset(call, 0, sizeof(*call));
	if (!at || !pid_only(at + 3, msg + len - at - 3))
		return false;
	n = at - msg;
	call->module = take_module(msg, &n);
	if (n && parse_hex(msg, n, &call->addr))
		return true;
	take_offset(msg, &n, &call->offset);
	if (!n || memchr(msg, ' ', n)) {
		free(call->module);
		call->module = NULL;
		return false;
	}
	call->symbol = xstrndup(msg, n);
	return true;
}

/*
 * Skips what printk and the console put before the message: a syslog
 * "<N>" level, then bracketed fields ("[    0.246757]", "[    T1]"),
 * each followed by blanks.
 */
static const char *skip_prefix(const char *p, const char *end)
{
	if (p < end && *p == '<') {
		const char *q = p + 1;

		while (q < end && is_digit(*q))
			q++;
		if (q > p + 1 && q < end && *q == '>')
			p = q + 1;
	}
	while (p < end && *p == '[') {
		const char *close = memchr(p, ']', end - p);

		if (!close)
			break;
		p = close + 1;
		while (p < end && *p == ' ')
			p++;
	}
	return p;
}

static void add_line(struct bootlog *log, const char *path,
		     unsigned long lineno, const char *p, const char *end)
{
	struct bootlog_call call;

	p = skip_prefix(p, end);
	if ((size_t)(end - p) < CALLING_LEN || memcmp(p, CALLING, CALLING_LEN))
		return;
	p += CALLING_LEN;
	if (!bootlog_parse_call(p, end - p, &call)) {
		const struct loc loc = { path, NULL };

		loc_warn(&loc, "line %lu: a 'calling' line without the '<function> @ <pid>' shape, ignored",
			 lineno);
		log->skipped++;
		return;
	}
	call.line = lineno;
	log->calls = xgrow(log->calls, &log->alloc, log->nr + 1,
			   sizeof(*log->calls));
	log->calls[log->nr++] = call;
}

#define TEXT_SNIFF	8000

bool bootlog_is_text(const void *data, size_t len)
{
	return !len || !memchr(data, '\0', len < TEXT_SNIFF ? len : TEXT_SNIFF);
}

void bootlog_parse(struct bootlog *log, const char *path, const char *text,
		   size_t len)
{
	const char *p = text, *end = text + len;
	unsigned long lineno = 0;

	memset(log, 0, sizeof(*log));
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;

		lineno++;
		while (eol > p && eol[-1] == '\r')
			eol--;
		add_line(log, path, lineno, p, eol);
		p = nl ? nl + 1 : end;
	}
}

void bootlog_free(struct bootlog *log)
{
	size_t i;

	for (i = 0; i < log->nr; i++) {
		free(log->calls[i].symbol);
		free(log->calls[i].module);
	}
	free(log->calls);
	memset(log, 0, sizeof(*log));
}

/* Matching lines to image entries. */

/* One image entry under one key: its target symbol or its address. */
/*
 * Log lines matched to entries of a linked image, each entry taken once
 * (an initcall registered twice runs twice): a raw address by the entry's
 * target, a symbol by the entry's name, ThinLTO's ".llvm.<n>" suffix aside
 * on both sides (kallsyms drops it).  Equal keys go in entry order.
 */
struct bootlog_key {
	const char *name;	/* NULL in the address index */
	size_t name_len;
	unsigned long long addr;
	size_t idx;
};

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

/* ThinLTO renames promoted statics "<name>.llvm.<hash>"; kallsyms does not. */
static size_t name_len_nollvm(const char *s)
{
	const char *llvm = strstr(s, ".llvm.");

	return llvm ? (size_t)(llvm - s) : strlen(s);
}

static int key_cmp_name(const char *a, size_t alen, const char *b,
			size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	if (c)
		return c;
	return (alen > blen) - (alen < blen);
}

/* Name or address, then entry index: equal keys keep the image's order. */
static int key_cmp(const void *pa, const void *pb)
{
	const struct bootlog_key *a = pa, *b = pb;
	int c;

	if (a->name) {
		c = key_cmp_name(a->name, a->name_len, b->name, b->name_len);
		if (c)
			return c;
	} else if (a->addr != b->addr) {
		return a->addr < b->addr ? -1 : 1;
	}
	return (a->idx > b->idx) - (a->idx < b->idx);
}

/* Each entry goes in by address and under up to two names. */
static void bootlog_matcher_init(struct bootlog_matcher *m, size_t nr)
{
	m->by_name = xcalloc(2 * nr + 1, sizeof(*m->by_name));
	m->by_addr = xcalloc(nr + 1, sizeof(*m->by_addr));
	m->used = xcalloc(nr + 1, sizeof(*m->used));
	m->name_skip = xcalloc(2 * nr + 1, sizeof(*m->name_skip));
	m->addr_skip = xcalloc(nr + 1, sizeof(*m->addr_skip));
	m->nr = nr;
	m->nr_names = 0;
}

static void bootlog_matcher_add_name(struct bootlog_matcher *m, size_t idx,
				     const char *name)
{
	m->by_name[m->nr_names].name = name;
	m->by_name[m->nr_names].name_len = name_len_nollvm(name);
	m->by_name[m->nr_names++].idx = idx;
}

static void bootlog_matcher_add(struct bootlog_matcher *m, size_t idx,
				const char *name, unsigned long long addr)
{
	m->by_addr[idx].addr = addr;
	m->by_addr[idx].idx = idx;
	if (name)
		bootlog_matcher_add_name(m, idx, name);
}

static void bootlog_matcher_ready(struct bootlog_matcher *m)
{
	qsort(m->by_name, m->nr_names, sizeof(*m->by_name), key_cmp);
	qsort(m->by_addr, m->nr, sizeof(*m->by_addr), key_cmp);
}

static void bootlog_matcher_free(struct bootlog_matcher *m)
{
	free(m->by_name);
	free(m->by_addr);
	free(m->used);
	free(m->name_skip);
	free(m->addr_skip);
}

/*
 * The first unused entry under @key in @keys (sorted); SIZE_MAX if none.
 * Entries are only ever taken, so the ones known taken at the start of
 * the run (@skip at its first key) are never looked at again.
 */
static size_t take_first(struct bootlog_matcher *m,
			 const struct bootlog_key *keys, size_t *skip,
			 size_t nr, const struct bootlog_key *key)
{
	size_t lo = 0, hi = nr, k;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(&keys[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo + skip[lo]; k < nr; k++) {
		struct bootlog_key probe = keys[k];

		probe.idx = key->idx;
		if (key_cmp(&probe, key))
			break;
		if (!m->used[keys[k].idx]) {
			m->used[keys[k].idx] = true;
			skip[lo] = k - lo + 1;
			return keys[k].idx;
		}
	}
	skip[lo] = k - lo;
	return SIZE_MAX;
}

static size_t bootlog_matcher_take(struct bootlog_matcher *m,
			    const struct bootlog_call *call)
{
	struct bootlog_key key = { .idx = 0 };

	if (!call->symbol) {
		key.addr = call->addr;
		return take_first(m, m->by_addr, m->addr_skip, m->nr, &key);
	}
	key.name = call->symbol;
	key.name_len = name_len_nollvm(call->symbol);
	return take_first(m, m->by_name, m->name_skip, m->nr_names, &key);
}

/* Every entry by target; by name when a symbol starts at the target. */
/*
 * Every entry by target; by name when a symbol starts at the target, and
 * by the function its id names too: a log of the same tree built without
 * LTO prints the function where the image calls its stub.
 */
static void matcher_of_image(struct bootlog_matcher *m,
			     const struct image_initcalls *ic)
{
	size_t i;

	bootlog_matcher_init(m, ic->nr);
	for (i = 0; i < ic->nr; i++) {
		const struct image_initcall *c = &ic->calls[i];
		const struct image_sym *s = c->target_sym;
		const char *name = s && s->value == c->target ? s->name : NULL;

		bootlog_matcher_add(m, i, name, c->target);
		if (c->module && (!name || strcmp(name, c->function)))
			bootlog_matcher_add_name(m, i, c->function);
	}
	bootlog_matcher_ready(m);
}

/* An unmatched line: what its name tells, if it is a stub's. */
static void add_unknown(struct order *o, const struct bootlog_call *call,
			const char *level, const char *where)
{
	struct order_entry e = { .level = (char *)level, .where = (char *)where };
	struct strbuf name = STRBUF_INIT;
	struct initcall_name n;
	char addr[32];

	if (initstub_parse(call->symbol, &name, &n)) {
		e.module = xstrndup(n.module.s, n.module.len);
		e.function = xstrndup(n.function.s, n.function.len);
	}
	snprintf(addr, sizeof(addr), "0x%llx", call->addr);
	if (!e.function)
		e.function = xstrdup(call->symbol ? call->symbol : addr);
	e.addr = call->symbol ? 0 : call->addr;
	order_add(o, &e);
	free(e.module);
	free(e.function);
	strbuf_release(&name);
}

static void add_matched(struct order *o, const struct image_initcall *c,
			const char *level, const char *where)
{
	struct order_entry e = {
		.level = (char *)level,
		.module = c->module,
		.function = c->function,
		.id = c->id,
		.where = (char *)where,
		.addr = c->target,
	};

	order_add(o, &e);
}

/*
 * The level each unmatched line ran in: that of the nearest matched line
 * before it, else after it, else "unmatched".  Two passes, not a search
 * from every line.
 */
static void neighbour_levels(const struct bootlog *log, const size_t *match,
			     const struct image_initcalls *ic,
			     const char **level)
{
	const char *seen = NULL;
	size_t i;

	for (i = log->nr; i-- > 0;) {
		if (match[i] != SIZE_MAX)
			seen = ic->calls[match[i]].level;
		else
			level[i] = seen ? seen : "unmatched";
	}
	seen = NULL;
	for (i = 0; i < log->nr; i++) {
		if (match[i] != SIZE_MAX)
			seen = level[i] = ic->calls[match[i]].level;
		else if (seen)
			level[i] = seen;
	}
}

/*
 * The level each line counts in: a matched line's level in the image, an
 * unmatched one's neighbour's.  Then, as for the image itself, lines that
 * ran out of level order count in the level they ran among, so that a
 * level run too early shows as such (level_keepers()).
 */
static const char **run_levels(const struct bootlog *log, const size_t *match,
			       const struct image_initcalls *ic)
{
	const char **level = xcalloc(log->nr + 1, sizeof(*level));
	int *rank = xcalloc(log->nr + 1, sizeof(*rank));
	size_t *keep, i;

	neighbour_levels(log, match, ic, level);
	for (i = 0; i < log->nr; i++)
		rank[i] = level_rank(level[i]);
	keep = level_keepers(rank, log->nr);
	for (i = 0; i < log->nr; i++)
		level[i] = level[keep[i]];
	free(keep);
	free(rank);
	return level;
}

/* A line read without an image: what its name alone tells. */
static int add_unresolved(struct order *o, const struct bootlog_call *call,
			  const char *path, const char *where)
{
	const struct loc loc = { path, NULL };
	struct order_entry e = { .where = (char *)where };
	struct strbuf buf = STRBUF_INIT;

	if (!call->symbol) {
		loc_err(&loc, "line %lu: raw address 0x%llx: give the image (--image) to resolve it",
			call->line, call->addr);
		return -1;
	}
	if (order_entry_from_stub(call->symbol, &e, &buf)) {
		order_add(o, &e);
		free(e.level);
		free(e.module);
		free(e.function);
	} else {
		e.level = (char *)DIFF_LEVEL_UNKNOWN;
		e.function = call->symbol;
		order_add(o, &e);
	}
	strbuf_release(&buf);
	return 0;
}

/* The log's order without an image to match it with. */
static int order_without_image(struct order *o, const struct bootlog *log,
			       const char *path, struct bootlog_match *bm)
{
	struct strbuf where = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < log->nr && !ret; i++) {
		const struct bootlog_call *call = &log->calls[i];

		if (call->module) {
			bm->modules++;
			continue;
		}
		strbuf_reset(&where);
		strbuf_addf(&where, "%s:%lu", path, call->line);
		bm->unknown++;
		ret = add_unresolved(o, call, path, where.buf);
	}
	strbuf_release(&where);
	return ret;
}

int order_from_bootlog(struct order *o, const struct bootlog *log,
		       const char *path, const struct image_initcalls *ic,
		       struct bootlog_match *bm)
{
	struct strbuf where = STRBUF_INIT;
	struct bootlog_matcher m;
	const char **level;
	size_t *match, i;

	memset(bm, 0, sizeof(*bm));
	if (!ic)
		return order_without_image(o, log, path, bm);
	match = xcalloc(log->nr + 1, sizeof(*match));
	matcher_of_image(&m, ic);
	for (i = 0; i < log->nr; i++)
		match[i] = log->calls[i].module ? SIZE_MAX :
			   bootlog_matcher_take(&m, &log->calls[i]);
	level = run_levels(log, match, ic);
	for (i = 0; i < log->nr; i++) {
		const struct bootlog_call *call = &log->calls[i];

		strbuf_reset(&where);
		strbuf_addf(&where, "%s:%lu", path, call->line);
		if (call->module) {
			bm->modules++;
		} else if (match[i] != SIZE_MAX) {
			bm->matched++;
			add_matched(o, &ic->calls[match[i]], level[i],
				    where.buf);
		} else {
			bm->unknown++;
			add_unknown(o, call, level[i], where.buf);
		}
	}
	strbuf_release(&where);
	bootlog_matcher_free(&m);
	free(match);
	free(level);
	return 0;
}

static void match_notes(const char *path, const struct image_initcalls *ic,
			const struct bootlog_match *bm)
{
	const struct loc loc = { path, NULL };

	if (bm->modules)
		loc_warn(&loc, "%zu initcall%s of loadable modules left out",
			 bm->modules, bm->modules == 1 ? "" : "s");
	if (ic && !bm->matched)
		loc_warn(&loc, "no line names an initcall of the image: another kernel, or addresses moved by KASLR?");
}

int bootlog_order_load(const char *path, const struct image_initcalls *ic,
		       struct order *o)
{
	const struct loc loc = { path, NULL };
	struct bootlog_match bm;
	struct bootlog log;
	struct mapped_file m;
	int ret = -1;

	if (map_file_or_err(path, &m))
		return -1;
	if (!bootlog_is_text(m.addr, m.size)) {
		loc_err(&loc, "not a boot log: binary data (a NUL byte) at the start");
		unmap_file(&m);
		return -1;
	}
	bootlog_parse(&log, path, m.addr, m.size);
	unmap_file(&m);
	if (!log.nr) {
		loc_err(&loc, "not a boot log: no 'calling  <function> @ <pid>' line (boot with initcall_debug and loglevel=8, as the lines are KERN_DEBUG, and capture the console from the start)");
	} else if (!order_from_bootlog(o, &log, path, ic, &bm)) {
		match_notes(path, ic, &bm);
		ret = 0;
	}
	bootlog_free(&log);
	return ret;
}

size_t bootlog_drop_console(const struct order *log, struct order *other)
{
	size_t i;

	for (i = 0; i < log->nr; i++)
		if (!strcmp(log->entries[i].level, "con") ||
		    !strcmp(log->entries[i].level, DIFF_LEVEL_UNKNOWN))
			return 0;
	return order_drop_level(other, "con");
}

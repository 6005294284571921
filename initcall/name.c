// SPDX-License-Identifier: GPL-2.0-only
/*
 * Splitting initcall ids exactly as scripts/generate_initcall_order.pl
 * does, so that the fragment names the same sections:
 *
 * - the module is greedy: the LAST "__<digits>_<digits>_" ends it;
 * - the level is the shortest suffix that is a level (early, rootfs, con
 *   or one digit, each optionally followed by "s"); what precedes it is
 *   the function.
 *
 * Stricter than the script: only identifier bytes (see name.h).
 */
#include <stdio.h>
#include <string.h>

#include <initcall/name.h>
#include <util/strbuf.h>
#include <util/xalloc.h>

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       is_digit(c) || c == '_';
}

static bool all_ident(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!ident_char(s[i]))
			return false;
	return true;
}

static size_t digit_run(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && is_digit(s[n]))
		n++;
	return n;
}

/*
 * Does "__<digits>_<digits>_" start at @s?  Fills counter and line, and
 * returns the length of the match, or 0.
 */
static size_t match_counter_line(const char *s, size_t len,
				 struct initcall_name *name)
{
	size_t c, l, pos;

	if (len < 2 || s[0] != '_' || s[1] != '_')
		return 0;
	pos = 2;
	c = digit_run(s + pos, len - pos);
	if (!c || pos + c >= len || s[pos + c] != '_')
		return 0;
	name->counter.s = s + pos;
	name->counter.len = c;
	pos += c + 1;
	l = digit_run(s + pos, len - pos);
	if (!l || pos + l >= len || s[pos + l] != '_')
		return 0;
	name->line.s = s + pos;
	name->line.len = l;
	return pos + l + 1;
}

/* A level alone: (early|rootfs|con|[0-9]) followed by an optional "s". */
bool level_valid(const char *level, size_t len)
{
	static const char *const words[] = { "early", "rootfs", "con" };
	size_t i, base = len;

	if (len && level[len - 1] == 's')
		base = len - 1;
	if (base == 1 && is_digit(level[0]))
		return true;
	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (base == strlen(words[i]) && !memcmp(level, words[i], base))
			return true;
	/* "rootfs" itself ends in "s": then base was cut one short. */
	return len == 6 && !memcmp(level, "rootfs", 6);
}

#define CON_SECTION	".con_initcall.init"
#define CON_SECTION_LEN	(sizeof(CON_SECTION) - 1)

/* What follows the level part: nothing, or "..<id>". */
static bool section_rest(const char *rest, size_t len,
			 struct initcall_section *sec)
{
	sec->id.s = rest;
	sec->id.len = 0;
	if (!len)
		return true;
	if (len < 3 || rest[0] != '.' || rest[1] != '.')
		return false;
	sec->id.s = rest + 2;
	sec->id.len = len - 2;
	return true;
}

bool initcall_section_parse(const char *name, size_t len,
			    struct initcall_section *sec)
{
	const char *end;

	if (len >= CON_SECTION_LEN &&
	    !memcmp(name, CON_SECTION, CON_SECTION_LEN)) {
		sec->level.s = "con";
		sec->level.len = 3;
		return section_rest(name + CON_SECTION_LEN,
				    len - CON_SECTION_LEN, sec);
	}
	if (len < 15 || memcmp(name, ".initcall", 9))
		return false;
	/* The level is at most "rootfs" plus "s": look no further. */
	end = memmem(name + 9, len - 9 < 12 ? len - 9 : 12, ".init", 5);
	if (!end || !level_valid(name + 9, end - name - 9) ||
	    !memcmp(name + 9, "con", 3))
		return false;
	sec->level.s = name + 9;
	sec->level.len = end - name - 9;
	end += 5;
	return section_rest(end, name + len - end, sec);
}

char *span_dup(const struct span *s)
{
	return xstrndup(s->s, s->len);
}

bool initstub_parse(const char *sym, struct strbuf *buf,
		    struct initcall_name *name)
{
	if (!sym || strncmp(sym, INITSTUB_PREFIX, INITSTUB_PREFIX_LEN))
		return false;
	strbuf_reset(buf);
	strbuf_addstr(buf, INITCALL_PREFIX);
	strbuf_addstr(buf, sym + INITSTUB_PREFIX_LEN);
	return initcall_parse(buf->buf, buf->len, name) == NAME_OK;
}

/* Shortest valid level suffix of @s; 0 if none. */
static size_t level_suffix(const char *s, size_t len)
{
	size_t n;

	for (n = 1; n <= len && n <= 7; n++)
		if (level_valid(s + len - n, n))
			return n;
	return 0;
}

enum name_result initcall_parse(const char *sym, size_t len,
				struct initcall_name *name)
{
	const char *rest = sym + INITCALL_PREFIX_LEN;
	size_t rlen, p, m = 0, lvl;

	if (len < INITCALL_PREFIX_LEN ||
	    memcmp(sym, INITCALL_PREFIX, INITCALL_PREFIX_LEN))
		return NAME_OTHER;
	rlen = len - INITCALL_PREFIX_LEN;
	if (!all_ident(rest, rlen))
		return NAME_BAD_CHAR;

	for (p = rlen; p-- > 0;) {
		m = match_counter_line(rest + p, rlen - p, name);
		if (m)
			break;
	}
	if (!m)
		return NAME_OTHER;
	name->module.s = rest;
	name->module.len = p;

	name->function.s = rest + p + m;
	name->function.len = rlen - p - m;
	lvl = level_suffix(name->function.s, name->function.len);
	if (!lvl)
		return NAME_BAD_LEVEL;
	name->function.len -= lvl;
	name->level.s = name->function.s + name->function.len;
	name->level.len = lvl;
	return NAME_OK;
}

/* Is [@s, @end) one part of a renaming suffix? */
static bool rename_part(const char *s, const char *end)
{
	size_t len = end - s;

	if (len == 4 && !memcmp(s, "llvm", 4))
		return true;
	if (len == 8 && !memcmp(s, "lto_priv", 8))
		return true;
	return len && digit_run(s, len) == len;
}

size_t symbol_base_len(const char *name)
{
	const char *dot = strchr(name, '.'), *p, *next;

	/* Only the first dot can start a suffix made wholly of parts. */
	if (!dot || dot == name)
		return strlen(name);
	for (p = dot + 1;; p = next + 1) {
		next = strchr(p, '.');
		if (!rename_part(p, next ? next : p + strlen(p)))
			return strlen(name);
		if (!next)
			return dot - name;
	}
}

int digits_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c;

	while (alen > 1 && *a == '0') {
		a++;
		alen--;
	}
	while (blen > 1 && *b == '0') {
		b++;
		blen--;
	}
	if (alen != blen)
		return alen < blen ? -1 : 1;
	c = memcmp(a, b, alen);
	return (c > 0) - (c < 0);
}

const char *level_section(const char *level, char *buf, size_t size)
{
	if (!strcmp(level, "con"))
		return ".con_initcall.init";
	snprintf(buf, size, ".initcall%s.init", level);
	return buf;
}

/* The levels the kernel runs, in order; each one's sync half follows it. */
static const char *const run_order[] = {
	"con", "early", "0", "1", "2", "3", "4", "5", "rootfs", "6", "7",
};

int level_rank(const char *level)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(run_order); i++) {
		n = strlen(run_order[i]);
		if (strncmp(level, run_order[i], n))
			continue;
		if (!level[n])
			return 2 * i;
		if (level[n] == 's' && !level[n + 1])
			return 2 * i + 1;
	}
	return 2 * ARRAY_SIZE(run_order);
}

int level_cmp_run_order(const char *a, const char *b)
{
	int ra = level_rank(a), rb = level_rank(b);

	if (ra != rb)
		return ra < rb ? -1 : 1;
	return strcmp(a, b);
}

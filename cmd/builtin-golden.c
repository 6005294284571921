// SPDX-License-Identifier: GPL-2.0-only
/*
 * check --golden: the order computed from the link inputs against a
 * committed dump of a known good build.  The golden file is an ordinary
 * dump, so that 'dump' can make one and 'diff' can read one; only level,
 * module and function are compared, counters and lines are for people.
 */
#include <errno.h>
#include <string.h>

#include <initcall/diff.h>
#include <initcall/dump.h>
#include <initcall/order.h>
#include <util/file.h>
#include <util/strbuf.h>
#include <util/warn.h>
#include "cmd.h"

/* What the report calls the computed side. */
#define GOLDEN_NEW_LABEL	"link inputs"

/*
 * Reads @golden into @o.  Returns 0, -ENOENT when there is no such file
 * (not reported), or -1 after an error message.  @syntax tells what the
 * file holds, for rewriting it alike.
 */
static int golden_read(const char *golden, struct order *o,
		       enum dump_syntax *syntax)
{
	struct loc loc = { golden, NULL };
	struct mapped_file m;
	int err = map_file(golden, &m), ret;

	*syntax = DUMP_NONE;
	if (err == -ENOENT)
		return -ENOENT;
	if (err) {
		loc_err(&loc, "cannot read: %s", file_error(err));
		return -1;
	}
	*syntax = dump_sniff(m.addr, m.size);
	ret = dump_parse(golden, m.addr, m.size, o);
	unmap_file(&m);
	return ret;
}

/*
 * Writes the dump of @t to @golden in the syntax it had (tsv if new); the
 * golden file was read as an input, and is the one input meant to go.
 */
static int golden_write(const struct initcall_table *t, const char *golden,
			enum dump_syntax syntax)
{
	struct strbuf sb = STRBUF_INIT;
	struct out_file f = { golden, NULL, 0, WRITE_MAY_REPLACE_INPUT };
	int ret;

	dump_render(t, syntax == DUMP_JSON ? OUT_JSON : OUT_TSV, &sb);
	f.data = sb.buf;
	f.len = sb.len;
	ret = write_files_atomic(&f, 1);
	strbuf_release(&sb);
	return ret;
}

/* What check_golden() was asked for. */
struct golden_req {
	const char *golden;
	enum out_format fmt;
	const char *output;
};

/*
 * Writes the report of @golden_order against @cur; true when equal.  @ret
 * is set to EXIT_USAGE when the report cannot be written.
 */
static bool golden_report(const struct golden_req *req,
			  const struct order *golden_order,
			  const struct order *cur, int *ret)
{
	struct diff_labels lb = { .old = req->golden, .new = GOLDEN_NEW_LABEL };
	struct strbuf out = STRBUF_INIT;
	struct order_diff d;
	bool same;

	order_diff(golden_order, cur, &d);
	diff_render(&d, &lb, req->fmt, &out);
	same = order_diff_same(&d);
	*ret = emit_output(req->output, &out);
	order_diff_free(&d);
	strbuf_release(&out);
	return same;
}

static int golden_update(const struct initcall_table *t,
			 const struct golden_req *req, const struct order *cur)
{
	const char *golden = req->golden;
	struct order old = { 0 };
	enum dump_syntax syntax;
	int ret = golden_read(golden, &old, &syntax);

	if (!ret) {
		golden_report(req, &old, cur, &ret);
	} else if (ret == -ENOENT) {
		ret = 0;
	} else {
		pr_warn("%s: replacing a golden file that does not read back",
			golden);
		ret = 0;
	}
	order_free(&old);
	if (ret)
		return ret;
	if (golden_write(t, golden, syntax))
		return EXIT_USAGE;
	pr_info("%s: golden order written: %zu initcalls", golden, cur->nr);
	return 0;
}

int check_golden(const struct initcall_table *t, const char *golden,
		 bool update, enum out_format fmt, const char *output)
{
	const struct golden_req req = { golden, fmt, output };
	struct order cur = { 0 }, old = { 0 };
	struct loc loc = { golden, NULL };
	enum dump_syntax syntax;
	int ret;

	order_from_table(&cur, t);
	if (update) {
		ret = golden_update(t, &req, &cur);
		order_free(&cur);
		return ret;
	}
	ret = golden_read(golden, &old, &syntax);
	if (ret == -ENOENT)
		loc_err(&loc, "no golden file: make it with --update-golden");
	if (ret)
		ret = EXIT_USAGE;
	else if (!golden_report(&req, &old, &cur, &ret) && !ret)
		ret = EXIT_FINDINGS;
	order_free(&old);
	order_free(&cur);
	return ret;
}

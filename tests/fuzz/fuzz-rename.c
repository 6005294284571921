// SPDX-License-Identifier: GPL-2.0-only
/*
 * rename on any bytes: open the object for editing, plan the new ids,
 * apply them and write the result, then read that result back as the
 * command does.  Errors are fine; crashes, leaks and stray reads are not.
 */
#include <initcall/rename.h>
#include <symtab/elf.h>
#include <symtab/elf_edit.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	elf_init();
	return 0;
}

/* Plans and applies the renames; the rewritten bytes go to @out. */
static void rename_blob(const struct blob *b, struct strbuf *out)
{
	struct loc loc = { "fuzz.o", NULL };
	struct rename_object obj = { 0 };
	struct symtab_err err = { "" };
	struct elf_edit *ed;

	ed = elf_edit_open(b, &err);
	if (!ed) {
		fuzz_touch(err.msg, strlen(err.msg));
		return;
	}
	if (!rename_scan(&obj, ed, &loc, "fuzz") &&
	    !rename_assign(&obj, 1) && !rename_apply(&obj) &&
	    elf_edit_changed(ed) && elf_edit_write(ed, out, &err))
		fuzz_touch(err.msg, strlen(err.msg));
	rename_object_free(&obj);
	elf_edit_free(ed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out = STRBUF_INIT, again = STRBUF_INIT;
	struct blob b = { data, size };

	fuzz_quiet_begin();
	rename_blob(&b, &out);
	if (out.len) {
		b.data = (const unsigned char *)out.buf;
		b.size = out.len;
		rename_blob(&b, &again);
		fuzz_touch(again.buf, again.len);
	}
	strbuf_release(&out);
	strbuf_release(&again);
	fuzz_quiet_end();
	return 0;
}

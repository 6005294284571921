// SPDX-License-Identifier: GPL-2.0-only
/*
 * The linked-image reader: image_open() and the initcall tables that
 * image_initcalls_read() finds through it, rendered as dump does.  The
 * input is written to a file, since images are opened by path.
 */
#include <initcall/dump.h>
#include <initcall/image.h>
#include <symtab/elf.h>
#include <symtab/elf_image.h>

#include "fuzz.h"

static char image_path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	elf_init();
	snprintf(image_path, sizeof(image_path), "%s/vmlinux", fuzz_scratch());
	return 0;
}

static void query(const struct image *img)
{
	struct image_sym *const *at;
	const struct image_sym *s;
	unsigned char buf[16];
	size_t i, n;

	/* A few lookups with addresses and names taken from the image. */
	for (i = 0; i < img->nr_syms && i < 8; i++) {
		s = image_sym_by_name(img, img->syms[i].name);
		fuzz_touch(s->name, strlen(s->name));
		n = image_syms_at(img, img->syms[i].value, &at);
		fuzz_sink += n;
		s = image_sym_covering(img, img->syms[i].value + 1);
		fuzz_sink += s != NULL;
		fuzz_sink += image_section_at(img, img->syms[i].value) != NULL;
		if (!image_read(img, img->syms[i].value, buf, sizeof(buf)))
			fuzz_sink += image_uint(img, buf, 8);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum out_format fmts[] = {
		OUT_TEXT, OUT_TSV, OUT_JSON, OUT_C,
	};
	struct strbuf out = STRBUF_INIT;
	struct image_initcalls ic;
	struct image img;

	fuzz_write(image_path, data, size);
	fuzz_quiet_begin();
	if (!image_open(&img, image_path)) {
		query(&img);
		if (!image_initcalls_read(&img, &ic)) {
			dump_image_render(&ic, fmts[size % 4], &out);
			fuzz_touch(out.buf, out.len);
			image_initcalls_free(&ic);
		}
		image_close(&img);
	}
	strbuf_release(&out);
	fuzz_quiet_end();
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The reader of saved dumps (tsv and json) that diff and check compare,
 * on any bytes.
 */
#include <initcall/dump.h>
#include <initcall/order.h>

#include "fuzz.h"

static void touch_str(const char *s)
{
	if (s)
		fuzz_touch(s, strlen(s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct order o = { 0 };
	size_t i;

	fuzz_sink += dump_sniff(data, size);
	fuzz_quiet_begin();
	dump_parse("fuzz.dump", data, size, &o);
	for (i = 0; i < o.nr; i++) {
		touch_str(o.entries[i].level);
		touch_str(o.entries[i].module);
		touch_str(o.entries[i].function);
		touch_str(o.entries[i].id);
		touch_str(o.entries[i].where);
	}
	order_free(&o);
	fuzz_quiet_end();
	return 0;
}

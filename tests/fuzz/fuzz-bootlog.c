// SPDX-License-Identifier: GPL-2.0-only
/* The boot log reader that check uses, on any bytes. */
#include <initcall/bootlog.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bootlog log = { 0 };
	size_t i;

	fuzz_quiet_begin();
	bootlog_parse(&log, "fuzz.log", (const char *)data, size);
	for (i = 0; i < log.nr; i++) {
		if (log.calls[i].symbol)
			fuzz_touch(log.calls[i].symbol,
				   strlen(log.calls[i].symbol));
		if (log.calls[i].module)
			fuzz_touch(log.calls[i].module,
				   strlen(log.calls[i].module));
	}
	bootlog_free(&log);
	fuzz_quiet_end();
	return 0;
}

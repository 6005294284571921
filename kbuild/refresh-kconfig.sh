#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Rewrites the scripts/Kconfig.initcall-order part of the kbuild/ patch from
# Kconfig.fragment, so that the two stay identical (tests/kernel checks
# that they are).  Run from anywhere after editing Kconfig.fragment.

cd "$(dirname "$0")/.." || exit 1

for p in kbuild/*.patch; do
	grep -q '^+++ b/scripts/Kconfig.initcall-order$' "$p" || continue
	awk -v frag=Kconfig.fragment '
	function emit(    line, n, i, text) {
		while ((getline line < frag) > 0)
			text[++n] = line
		printf "@@ -0,0 +1,%d @@\n", n
		for (i = 1; i <= n; i++)
			print "+" text[i]
	}
	/^diff --git / { skip = 0 }
	skip { next }
	{ print }
	/^\+\+\+ b\/scripts\/Kconfig.initcall-order$/ { emit(); skip = 1 }
	' "$p" >"$p.tmp" && mv "$p.tmp" "$p" || exit 1
	echo "refreshed $p"
done

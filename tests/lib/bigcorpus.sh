# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced by tests that need a large link: big_object FILE N MOD writes an
# ELF object (through the assembler: one process whatever N) holding N
# initcall entries of module MOD with distinct ids, levels 0 to 7 in turn.

big_object() {
	local obj=$1 n=$2 mod=$3 i
	{
		for ((i = 0; i < n; i++)); do
			l=$((i % 8))
			id=${mod}__${i}_$((i + 1))_fn$i
			printf '.section ".initcall%s.init..%s","a"\n' "$l" "$id"
			printf '__initcall__%s%s:\n\t.long 0\n' "$id" "$l"
		done
	} >"$obj.s"
	as --64 -o "$obj" "$obj.s" && rm -f "$obj.s"
}

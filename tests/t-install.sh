#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make install: the binary, the public header and linker script, a man page
# per command that renders cleanly, and the bash completion.

. "$(dirname "$0")/lib/common.sh"

dest=$(scratch)
check "make install DESTDIR PREFIX" \
	make -s -C "$TOP_DIR" OUT="$ICO_BUILD" DESTDIR="$dest" PREFIX=/opt/ico \
	install
root=$dest/opt/ico
check "the binary is installed and runs" sh -c '"$1" --version >/dev/null' sh \
	"$root/bin/initcall-order"
check "the header is installed" test -f "$root/include/initcall_order.h"
check "the linker script is installed" \
	test -f "$root/include/initcall_order.lds"
check "the completion is installed" \
	test -f "$root/share/bash-completion/completions/initcall-order"
check "the completion is valid bash" \
	bash -n "$root/share/bash-completion/completions/initcall-order"

# Every command of the dispatch table has a page, and the main page names
# every command.
commands=$("$ICO" help | awk '/^Commands:/ { on = 1; next } on && !NF { exit } on { print $1 }')
check "help lists the commands" test -n "$commands"
for c in $commands; do
	case $c in help | version) continue ;; esac
	page=$root/share/man/man1/initcall-order-$c.1
	check "man page for $c" test -f "$page"
	check "initcall-order(1) names $c" \
		grep -q "initcall-order $c\|B initcall-order $c" \
		"$root/share/man/man1/initcall-order.1"
done
for page in "$root"/share/man/man1/*.1; do
	out=$(groff -man -ww -z "$page" 2>&1)
	check "$(basename "$page") renders without warnings" test -z "$out"
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
done

done_testing

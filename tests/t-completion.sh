#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The bash completion offers what each command's --help lists, no more and
# no less: the commands, every command's long options, and the formats
# that --format takes (as the message for a bad one lists them).  The
# completion is run in this shell with bash-completion's helpers stubbed.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# As bash-completion's: the words and the current one, from COMP_WORDS.
_init_completion() {
	words=("${COMP_WORDS[@]}")
	cword=$COMP_CWORD
	cur=${words[cword]}
	prev=${words[cword - 1]}
}
_filedir() {
	COMPREPLY=()
}
compopt() {
	:
}
# shellcheck source=/dev/null
. "$TOP_DIR/completion/initcall-order"

tmp=$(scratch)
cd "$tmp" || exit 1

# complete WORD...: what the completion offers for the last WORD, one per
# line, sorted, without a trailing '='.
complete_words() {
	local -a COMP_WORDS=(initcall-order "$@") COMPREPLY=()
	local COMP_CWORD=$#

	_initcall_order
	printf '%s\n' "${COMPREPLY[@]}" | sed 's/=$//' | LC_ALL=C sort -u
}

commands=$("$ICO" help |
	awk '/^Commands:/ { on = 1; next } on && !NF { exit } on { print $1 }' |
	LC_ALL=C sort -u)
check "help lists commands" test -n "$commands"
check "the completion offers the commands of 'initcall-order help'" \
	cmp -s <(echo "$commands") <(complete_words "" | grep -v '^-')

for c in $commands; do
	case $c in help | version) continue ;; esac
	"$ICO" "$c" --help >help.out 2>&1
	grep -oE -- '--[a-z][a-z-]*' help.out | LC_ALL=C sort -u >want
	complete_words "$c" -- >got
	check "$c: the completion's options are the ones --help lists" \
		cmp -s want got
	cmp -s want got || diff want got | sed 's/^/# /'
	grep -q -- '--format' help.out || continue
	"$ICO" "$c" --format=none-such >/dev/null 2>err
	sed -n "s/.*unknown format 'none-such' (\(.*\))$/\1/p" err |
		sed 's/,\{0,1\} or /, /; s/, /\n/g' | LC_ALL=C sort -u >want
	complete_words "$c" --format "" >got
	check "$c: the completion's formats are the ones $c takes" \
		eval 'test -s want && cmp -s want got'
	cmp -s want got || diff want got | sed 's/^/# /'
done

done_testing

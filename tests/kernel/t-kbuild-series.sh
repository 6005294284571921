#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The kbuild/ series on Linux 6.12:
#  - it is a git format-patch series with a cover letter, applies with git
#    am, and checkpatch.pl --strict says nothing but the Signed-off-by a
#    person has to add;
#  - scripts/initcall-order-version.sh prints the version as one integer,
#    and 0, never an error, for a missing or broken tool;
#  - Kconfig offers INITCALL_ORDER_TOOL only with initcall-order 0.2.0 or
#    later, the one INITCALL_ORDER names on the make command line;
#  - x86_64 tinyconfig ThinLTO built through it, with the tool found in
#    PATH: strace and the PATH spies show that no Perl or Python process
#    ran while the fragment was written; the same kernel relinked without
#    the tool falls back to the Perl script with no error, and that
#    script writes the same bytes but for the one rule --place-idless
#    adds for the tree's id-less stand-in (tests/kernel/idless/);
#  - the golden and verify hooks stop a build whose order is wrong;
#  - each patch builds on its own: the kernel relinked at every step of
#    the series (make check-kernel-all only: CI's time).

. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/lib.sh"

tmp=$(scratch)

# --- the series as files --------------------------------------------------

patches=$(kernel_patches)
cover=$(ls "$TOP_DIR"/kbuild/0000-cover-letter.patch 2>/dev/null)
n=$(echo "$patches" | grep -c .)
check "kbuild/ holds a cover letter and four patches" \
	test -n "$cover" -a "$n" -eq 4
i=0
for p in $patches; do
	i=$((i + 1))
	check "$(basename "$p") is patch $i/4 of a git format-patch series" \
		grep -q "^Subject: \[PATCH $i/4\] kbuild: " "$p"
done
check "the cover letter is [PATCH 0/4]" \
	grep -q '^Subject: \[PATCH 0/4\] ' "$cover"
check "no patch carries a Signed-off-by (a person adds it)" \
	not grep -qi '^Signed-off-by:' $patches
check "the cover letter says so" grep -qi 'Signed-off-by' "$cover"

# --- git am onto linux-source-6.12 ----------------------------------------

if src=$(kernel_src_patched 6.12); then
	pass "the series applies to linux-source-6.12 with git am"
else
	fail "the series applies to linux-source-6.12 with git am"
	done_testing
	exit
fi
check "... one commit per patch on top of the pristine files" \
	test "$(_kernel_git -C "$src" rev-list --count linux-source-6.12..HEAD)" \
	-eq 4
check "... and a clean tree" \
	test -z "$(_kernel_git -C "$src" status --porcelain -uno)"
check "scripts/initcall-order-version.sh is executable" \
	test -x "$src/scripts/initcall-order-version.sh"
check "the series' scripts/Kconfig.initcall-order is Kconfig.fragment" \
	cmp "$src/scripts/Kconfig.initcall-order" "$TOP_DIR/Kconfig.fragment"

# checkpatch.pl --strict from the tree, on each patch: exactly one
# complaint, the missing Signed-off-by, and with that one ignored, none.
# In a git tree it checks SPDX lines with scripts/spdxcheck.py, which
# needs Debian's python3 with python3-ply and python3-git.
checkpatch() {
	(cd "$src" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl "$@")
}
for p in $patches; do
	name=$(basename "$p")
	checkpatch --strict --no-summary --show-types -q "$p" \
		>"$tmp/cp.out" 2>&1
	if grep -q '^\(ERROR\|WARNING\|CHECK\):' "$tmp/cp.out" &&
	   ! grep '^\(ERROR\|WARNING\|CHECK\):' "$tmp/cp.out" |
		grep -qv '^ERROR:MISSING_SIGN_OFF:'; then
		pass "checkpatch --strict $name: only the missing Signed-off-by"
	else
		fail "checkpatch --strict $name: only the missing Signed-off-by"
		sed 's/^/# /' "$tmp/cp.out"
	fi
	checkpatch --strict -q --ignore MISSING_SIGN_OFF "$p" \
		>"$tmp/cp.out" 2>&1
	rc=$?
	check "checkpatch --strict --ignore MISSING_SIGN_OFF $name: quiet" \
		test "$rc" -eq 0 -a ! -s "$tmp/cp.out"
	[ -s "$tmp/cp.out" ] && sed 's/^/# /' "$tmp/cp.out"
done

# The SPDX check really runs: a made-up licence is caught.
sed -e 's/GPL-2\.0-only$/GPL-7.0-only/' \
	"$TOP_DIR/kbuild/0001-kbuild-detect-the-version-of-the-initcall-order-tool.patch" \
	>"$tmp/bad-spdx.patch"
checkpatch --strict -q --ignore MISSING_SIGN_OFF "$tmp/bad-spdx.patch" \
	>"$tmp/cp.out" 2>&1
check "checkpatch's SPDX check is live (GPL-7.0-only is refused)" \
	grep -q "GPL-7.0-only' is not supported in LICENSES" "$tmp/cp.out"

# --- the version script ---------------------------------------------------

vscript=$src/scripts/initcall-order-version.sh
line=$("$ICO" --version)
echo "# $ICO --version: $line"
check "--version prints one line 'initcall-order MAJOR.MINOR.PATCH'" \
	eval '[ "$(printf "%s\n" "$line" | grep -cxE \
		"initcall-order (0|[1-9][0-9]*)\.(0|[1-9][0-9]?)\.(0|[1-9][0-9]?)")" \
		-eq 1 ] && [ "$("$ICO" --version | wc -l)" -eq 1 ]'
check "--version does not depend on the program's name or folder" \
	eval '[ "$(cd / && env -i "$(readlink -f "$ICO")" --version)" = "$line" ]'
check "version is the Debian package's (debian/changelog)" test \
	"${line#initcall-order }" = "$(sed -n '1s/^initcall-order (\([^)]*\)).*/\1/p' \
	"$TOP_DIR/debian/changelog")"
want=$(echo "${line#initcall-order }" |
	awk -F. '{ print $1 * 10000 + $2 * 100 + $3 }')
expected_version=$want

# version_is WANT TOOL...: the script prints WANT, one line, and exits 0.
version_is() {
	local want=$1 out rc
	shift
	out=$("$vscript" "$@" 2>"$tmp/vs.err")
	rc=$?
	[ "$rc" -eq 0 ] && [ "$out" = "$want" ] && [ ! -s "$tmp/vs.err" ] ||
		{ echo "# got '$out', exit $rc, stderr: $(cat "$tmp/vs.err")"; false; }
}

# fake_tool NAME LINE...: a tool whose --version prints the LINEs.
fake_tool() {
	local f=$tmp/$1
	shift
	{
		echo '#!/bin/sh'
		printf 'printf "%%s\\n"'
		printf " '%s'" "$@"
		echo
	} >"$f"
	chmod +x "$f"
	echo "$f"
}

check "the tool under test: $want" version_is "$want" "$ICO"
check "0.2.0 is 200" version_is 200 "$(fake_tool v020 'initcall-order 0.2.0')"
check "1.12.3 is 11203" version_is 11203 \
	"$(fake_tool v1123 'initcall-order 1.12.3')"
check "0.1.9 is 109 (too old)" version_is 109 \
	"$(fake_tool v019 'initcall-order 0.1.9')"
check "no argument: 0" version_is 0
check "missing tool: 0" version_is 0 "$tmp/nonexistent"
check "not in PATH: 0" version_is 0 initcall-order-not-installed
printf '#!/bin/sh\necho initcall-order 0.2.0\n' >"$tmp/noexec"
check "not executable: 0" version_is 0 "$tmp/noexec"
mkdir "$tmp/folder"
check "a folder: 0" version_is 0 "$tmp/folder"
printf '#!/bin/sh\necho initcall-order 0.2.0\nkill -SEGV $$\n' >"$tmp/crash"
chmod +x "$tmp/crash"
check "a tool that crashes after printing: 0" version_is 0 "$tmp/crash"
printf '#!/bin/sh\necho initcall-order 0.2.0\nexit 3\n' >"$tmp/fails"
chmod +x "$tmp/fails"
check "a tool that fails after printing: 0" version_is 0 "$tmp/fails"
# Another architecture: the binary with e_machine set to AArch64 (183);
# the kernel refuses it (ENOEXEC).
cp "$(readlink -f "$ICO")" "$tmp/foreign"
printf '\267\000' | dd of="$tmp/foreign" bs=1 seek=18 conv=notrunc \
	status=none
check "... which really cannot run here" \
	eval 'not "$tmp/foreign" --version >/dev/null 2>&1'
check "a binary for another architecture: 0" version_is 0 "$tmp/foreign"
printf '\001\377\000garbage\n\002' >"$tmp/garbage"
chmod +x "$tmp/garbage"
check "an executable file of bytes that are no program: 0" \
	version_is 0 "$tmp/garbage"
for bad in 'initcall-order 0.2' 'initcall-order 0.2.0.1' \
	'initcall-order 0.02.0' 'initcall-order 0.2.0-rc1' \
	'initcall-order 0.100.0' 'initcall-order v0.2.0' \
	'pahole 0.2.0' 'initcall-order  0.2.0' 'initcall-order 0.2.0 x' ''; do
	check "answer '$bad': 0" version_is 0 "$(fake_tool bad "$bad")"
done
check "two lines: 0" version_is 0 \
	"$(fake_tool two 'initcall-order 0.2.0' 'initcall-order 0.2.0')"
# A name full of shell syntax is run as that file, never by a shell.
weird="$tmp/a b;\$(touch $tmp/pwned)'\`x\`"
mkdir -p "$weird"
cp "$(fake_tool v020 'initcall-order 0.2.0')" "$weird/tool"
check "a path with spaces and shell syntax is run as it is" \
	version_is 200 "$weird/tool"
check "... and nothing in it was run by a shell" test ! -e "$tmp/pwned"

# --- Kconfig --------------------------------------------------------------

kc=$tmp/kconfig
make -s -C "$src" O="$kc" LLVM=1 tinyconfig >"$kc.log" 2>&1 &&
	cp "$kc/.config" "$kc/tiny.config"
check "tinyconfig in the series tree" test -f "$kc/tiny.config"

# kconfig TOOL OPTS...: olddefconfig of tinyconfig plus OPTS, with
# INITCALL_ORDER=TOOL on the command line; fails on an error or warning.
kconfig() {
	local tool=$1
	shift
	cp "$kc/tiny.config" "$kc/.config" &&
	"$src/scripts/config" --file "$kc/.config" "$@" &&
	PATH=$(_kernel_path "$kc") make -C "$kc" LLVM=1 \
		INITCALL_ORDER="$tool" olddefconfig >"$kc.log" 2>&1 &&
	! grep -i 'warning\|error' "$kc.log"
}
has() {
	grep -qx "$1" "$kc/.config"
}
lacks() {
	! grep -q "^$1=" "$kc/.config"
}
opts_on="-e 64BIT -d LTO_NONE -e LTO_CLANG_THIN -e INITCALL_ORDER_TOOL
	-e INITCALL_ORDER_VERIFY --set-str INITCALL_ORDER_GOLDEN order.golden"

# shellcheck disable=SC2086
check "INITCALL_ORDER=\$ICO: olddefconfig runs cleanly" \
	kconfig "$ICO" $opts_on
check "... INITCALL_ORDER_VERSION is the tool's ($want)" \
	has "CONFIG_INITCALL_ORDER_VERSION=$want"
check "... and every option sticks" eval \
	'has CONFIG_INITCALL_ORDER_TOOL=y && has CONFIG_INITCALL_ORDER_VERIFY=y &&
	 has CONFIG_INITCALL_ORDER_GOLDEN=\"order.golden\"'
# shellcheck disable=SC2086
check "INITCALL_ORDER names a 0.3.1 binary: that one is asked" eval \
	'kconfig "$(fake_tool v031 "initcall-order 0.3.1")" $opts_on &&
	 has CONFIG_INITCALL_ORDER_VERSION=301 && has CONFIG_INITCALL_ORDER_TOOL=y'
for t in "$tmp/nonexistent:missing" "$tmp/crash:crashing" \
	"$tmp/foreign:foreign" "$(fake_tool v019 'initcall-order 0.1.9'):0.1.9"; do
	tool=${t%:*}
	# shellcheck disable=SC2086
	check "${t##*:} tool: olddefconfig runs cleanly" kconfig "$tool" $opts_on
	check "... the options are not offered" eval \
		'lacks CONFIG_INITCALL_ORDER_TOOL &&
		 lacks CONFIG_INITCALL_ORDER_VERIFY &&
		 lacks CONFIG_INITCALL_ORDER_GOLDEN'
done
check "... the 0.1.9 tool is seen as 109" has CONFIG_INITCALL_ORDER_VERSION=109
check "without LTO nothing of the series is in .config" eval \
	'kconfig "$ICO" -e 64BIT -e LTO_NONE -d LTO_CLANG_THIN \
		-e INITCALL_ORDER_TOOL && ! grep -q INITCALL_ORDER "$kc/.config"'

# --- the kernel, built through the series ---------------------------------

if ! b=$(kernel_build x86-thin); then
	fail "x86-thin builds through the series"
	done_testing
	exit
fi
pass "x86-thin builds through the series" \
	"($(kernel_seconds "$b") s)"
check "ThinLTO, the tool and the verify step on" eval \
	'grep -qx CONFIG_LTO_CLANG_THIN=y "$b/.config" &&
	 grep -qx CONFIG_INITCALL_ORDER_TOOL=y "$b/.config" &&
	 grep -qx CONFIG_INITCALL_ORDER_VERIFY=y "$b/.config"'
check "INITCALL_ORDER_VERSION is the tool's" \
	grep -qx "CONFIG_INITCALL_ORDER_VERSION=$expected_version" "$b/.config"

cmd=$(kernel_lds_cmd "$b" | tr -s ' ')
echo "# fragment command: $cmd"
case "$cmd" in
"initcall-order lds --place-idless -o .tmp_initcalls.lds vmlinux.a "*)
	pass "Kbuild ran 'initcall-order lds --place-idless', found in PATH" ;;
*)
	fail "Kbuild ran 'initcall-order lds --place-idless', found in PATH" ;;
esac
found=$(PATH=$(_kernel_path "$b") kernel_path_tool)
echo "# initcall-order in the build's PATH: $(PATH=$(_kernel_path "$b") \
	command -v initcall-order) -> $found"
check "... which is the tool under test (\$ICO)" \
	test "$found" = "$(readlink -f "$ICO")"

# What ran while the fragment was written, as strace saw it.
if kernel_fragment_execs "$b/.ico-execve.log" >"$tmp/frag.exec"; then
	pass "strace logged the fragment step"
else
	fail "strace logged the fragment step"
fi
sed 's/^/# execve: /' "$tmp/frag.exec" | cut -c1-200
check "strace: initcall-order lds ran for the fragment" \
	grep -qE 'execve\("[^"]*/initcall-order", \["initcall-order", "lds"' \
	"$tmp/frag.exec"
ran=$(sed -n 's/^[0-9]* *execve("\([^"]*\/initcall-order\)", \["initcall-order", "lds".*/\1/p' \
	"$tmp/frag.exec" | head -n 1)
check "strace: the initcall-order that ran is \$ICO ($ran)" \
	test -n "$ran" -a "$(readlink -f "$ran")" = "$(readlink -f "$ICO")"
check "strace: no Perl and no Python process ran for the fragment" \
	not grep -qE 'execve\("[^"]*/(perl|python)[^"/]*"' "$tmp/frag.exec"
check "strace: nothing in the whole build ran the kernel's script" \
	not grep -qE 'execve\(.*(generate_initcall_order\.pl|jobserver-exec)' \
	"$b/.ico-execve.log"
check "PATH spies: no perl or python3 ran for the fragment" \
	not grep -qE 'generate_initcall_order\.pl|jobserver-exec' \
	"$b/.ico-exec.log"
report=$b/.initcall-order-verify.tmp
check "the verify step ran and kept quiet" eval \
	'test -s "$report" &&
	 ! grep -qxF "$(head -n 1 "$report")" "$b.log"'
entries=$(grep -c '^		\*(' "$b/.tmp_initcalls.lds")
check "the fragment lists initcalls ($entries)" test "$entries" -gt 100

# The tree holds one object with an initcall without an id, the stand-in
# for a Rust built-in module: --place-idless adds one rule for it; the
# rest is the script's, byte for byte.
rule=$(printf '\t\tvmlinux.a:kernel/ico_idless.o(.initcall6.init) ;')
without_rules() {
	grep -v "$(printf '^\t\tvmlinux\\.a:')" "$1"
}
check "the fragment has the stand-in's rule, and no other" \
	test "$(grep -c "$(printf '^\t\tvmlinux\\.a:')" "$b/.tmp_initcalls.lds")" \
	-eq 1 -a "$(grep -F -- "$rule" "$b/.tmp_initcalls.lds")" = "$rule"
mapfile -t inputs < <(kernel_lds_inputs "$b")
(cd "$b" && "$ICO" lds --place-idless "${inputs[@]}") \
	>"$tmp/placed.lds" 2>"$tmp/placed.err"
check "initcall-order lds --place-idless now gives the built fragment" \
	cmp "$tmp/placed.lds" "$b/.tmp_initcalls.lds"
check "... silently" test ! -s "$tmp/placed.err"
(cd "$b" && "$ICO" lds "${inputs[@]}") >"$tmp/plain.lds" 2>"$tmp/plain.err"
check "without --place-idless: the same but the rule" \
	cmp "$tmp/plain.lds" <(without_rules "$b/.tmp_initcalls.lds")
check "... and a warning about the stand-in alone" \
	test "$(cat "$tmp/plain.err")" = "initcall-order: vmlinux.a(kernel/ico_idless.o): warning: initcalls without an id in .initcall6.init: left to the linker, which puts them after every initcall of their level in the fragment (--place-idless keeps link order)"

# --- the golden and verify hooks stop a build out of order ---------------

kernel_check_hooks x86-thin "$b" "$tmp"

# --- without the tool: the Perl script, and the same bytes ----------------

if nt=$(kernel_variant_relink x86-thin no-tool "$KERNEL_NO_TOOL"); then
	pass "relinked with INITCALL_ORDER naming no tool: no error" \
		"($(kernel_seconds "$nt") s)"
else
	fail "relinked with INITCALL_ORDER naming no tool: no error"
	nt=/nonexistent
fi
check "... INITCALL_ORDER_VERSION is 0 and the options are gone" eval \
	'grep -qx CONFIG_INITCALL_ORDER_VERSION=0 "$nt/.config" &&
	 ! grep -q "^CONFIG_INITCALL_ORDER_TOOL=" "$nt/.config" &&
	 ! grep -q "^CONFIG_INITCALL_ORDER_VERIFY=" "$nt/.config"'
cmd=$(kernel_lds_cmd "$nt" | tr -s ' ')
echo "# fragment command: $cmd"
case "$cmd" in
"python3 "*"/scripts/jobserver-exec perl "*"/scripts/generate_initcall_order.pl vmlinux.a "*)
	pass "... the fragment was written by the kernel's Perl script" ;;
*)
	fail "... the fragment was written by the kernel's Perl script" ;;
esac
kernel_fragment_execs "$nt/.ico-execve.log" >"$tmp/frag-perl.exec"
check "strace sees perl and python3 run for that fragment" eval \
	'grep -qE "execve\(\"[^\"]*/perl\"" "$tmp/frag-perl.exec" &&
	 grep -qE "execve\(\"[^\"]*/python3\"" "$tmp/frag-perl.exec"'
check "the Perl script's fragment and initcall-order's are byte-identical, the rule aside" \
	cmp "$nt/.tmp_initcalls.lds" <(without_rules "$b/.tmp_initcalls.lds")
"$ICO" diff "$b/vmlinux" "$nt/vmlinux" >"$tmp/diff.out" 2>&1
rc=$?
sed 's/^/# /' "$tmp/diff.out"
check "the linked images order their initcalls the same but the stand-in" \
	test "$rc" -eq 1 -a "$(grep -c '^  moved ' "$tmp/diff.out")" -eq 1 -a \
	-n "$(grep '^  moved    __ico_idless_init (no id): ' "$tmp/diff.out")"

# --- bisectable: the kernel relinked at each step of the series -----------

if ! kernel_all; then
	echo "# the series built patch by patch: make check-kernel-all"
	done_testing
	exit
fi

# At each step the series tree is checked out there (the source folder
# must stay where the build was made) and a copy of the build is made
# again; Kconfig runs, and whatever the step changes is rebuilt.
bis=$tmp/bisect
if [ -d "$nt" ]; then
	cp -a "$nt" "$bis" && rm -f "$bis/.initcall-order-verify.tmp" &&
		_kernel_exec_spies "$bis/.ico-spies" "$bis/.ico-exec.log"
fi
kernel_recipe x86-thin
# step N CHECK...: HEAD~(4-N) of the series checked out, the options
# switched on again (Kconfig dropped the ones the step before lacked),
# make vmlinux; then CHECK.
step() {
	local n=$1 rc

	_kernel_git -C "$src" checkout -q --detach "linux~$((4 - n))" &&
	"$src/scripts/config" --file "$bis/.config" -e INITCALL_ORDER_TOOL \
		-e INITCALL_ORDER_VERIFY &&
	_kernel_make "$bis" -j"$KERNEL_JOBS" vmlinux >"$bis.log-$n" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || tail -n 20 "$bis.log-$n" | sed 's/^/# /'
	echo "# step $n: $(grep -cE '^  (CC|AR|LD|GEN|LINK) ' "$bis.log-$n")" \
		"build lines, $(grep -E '^  (LD|GEN) ' "$bis.log-$n" |
		tr -s ' ' | tr '\n' ',')"
	return "$rc"
}
bisect() {
	local rc=0

	step 1 && cp "$bis/.config" "$tmp/config-1" &&
		kernel_lds_cmd "$bis" >"$tmp/cmd-1" &&
	step 2 && kernel_lds_cmd "$bis" >"$tmp/cmd-2" &&
		test ! -e "$bis/.initcall-order-verify.tmp" &&
	step 3 && kernel_lds_cmd "$bis" >"$tmp/cmd-3" &&
		test -s "$bis/.initcall-order-verify.tmp" || rc=1
	_kernel_git -C "$src" checkout -q linux || rc=1
	return "$rc"
}
start=$(date +%s)
check "patches 1, 1-2 and 1-3 each build (make vmlinux at each step)" \
	_kernel_locked "src-6.12-series" bisect
echo "# bisect steps: $(($(date +%s) - start)) s"
check "... the tree is back at the series' tip" eval \
	'[ "$(_kernel_git -C "$src" rev-parse HEAD)" = \
	   "$(_kernel_git -C "$src" rev-parse linux)" ] &&
	 [ -z "$(_kernel_git -C "$src" status --porcelain -uno)" ]'
check "step 1: the version is known, the Perl script writes the fragment" \
	eval 'grep -qx "CONFIG_INITCALL_ORDER_VERSION=$expected_version" \
		"$tmp/config-1" && grep -q generate_initcall_order.pl "$tmp/cmd-1"'
check "step 2: initcall-order writes it" \
	grep -q '^initcall-order lds ' "$tmp/cmd-2"
check "step 3: ... and the verify step checks the image" \
	grep -q '^initcall-order lds ' "$tmp/cmd-3"
check "every step kept the fragment's bytes" \
	cmp "$bis/.tmp_initcalls.lds" "$b/.tmp_initcalls.lds"

done_testing

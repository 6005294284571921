#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The GNU make jobserver client, from the outside: under a real make -j3
# (pipe fds, make 4.3), under a jobserver pipe of our own with a known
# number of tokens, and under a make 4.4 style fifo.  The tool must take
# free tokens while it scans, and give every one back: on success, on bad
# input, and when killed by SIGTERM, SIGHUP or SIGPIPE in the middle of a
# scan.  The output must not depend on any of it.
#
# To catch the tool in the middle of a scan, one bitcode member has no
# symbol table (llvm-dis | llvm-as), so the tool runs $NM on it, and $NM is
# a script that waits for us.

. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$TESTS_DIR/fixtures/lib.sh"

tmp=$(scratch)
PROBE=$ICO_TOOLS/jobserver-probe
ARGS=(vmlinux.a lib/lib.a arch/x86/lib/lib.a)
CPUS=$(getconf _NPROCESSORS_ONLN)

require_fixtures
if [ ! -x "$PROBE" ]; then
	fail "build $PROBE (make check builds tests/tools)"
	done_testing
	exit
fi

cd "$tmp" || exit 1
fixtures_copy_set "$fx" kernel-llvm .
llvm-dis init/main.o -o main.ll && llvm-as main.ll -o init/main.o ||
	fail "rebuild init/main.o without a symbol table"
rm -f main.ll

# The fake nm: says it started, waits for "go", then is llvm-nm.
cat >fake-nm <<EOF
#!/bin/sh
echo \$\$ >"$tmp/nm.pid"
: >"$tmp/started"
while [ ! -e "$tmp/go" ]; do sleep 0.05; done
exec llvm-nm "\$@"
EOF
chmod +x fake-nm
export NM=$tmp/fake-nm

: >go
env -u MAKEFLAGS "$ICO" lds "${ARGS[@]}" >want.lds 2>want.err
check "no jobserver: the tool runs (through the fake nm)" \
	test -s want.lds
check "no jobserver: init/main.o went through \$NM" \
	grep -q "init/main.o.*fake-nm" want.err
rm -f go

# A copy with a corrupt member: a bad input found while scanning.
mkdir bad && cp -a vmlinux.a lib arch init kernel mm fs drivers bad/
head -c 200 kernel/core.o >bad/kernel/core.o

# Tokens the tool takes when N are free: it wants one job per CPU, one
# of them the implicit slot.
taken() {
	local free=$1 want=$((CPUS - 1))

	echo $((want < free ? want : free))
}

# wait_started: waits (10 s at most) until the fake nm runs.
wait_started() {
	local i

	for ((i = 0; i < 200; i++)); do
		[ -e started ] && return 0
		sleep 0.05
	done
	return 1
}

# stop_fake_nm: the fake nm of a killed tool must not linger.
stop_fake_nm() {
	: >go
	[ -s nm.pid ] && kill "$(cat nm.pid)" 2>/dev/null
	rm -f nm.pid started go
}

# --- A jobserver of our own: a fifo opened on fd 3, five tokens --------

mkfifo js.fifo
exec 3<>js.fifo
printf '+++++' >&3

# in_jobserver WHAT MAKEFLAGS: the scenarios below under one jobserver.
in_jobserver() {
	local what=$1 rc during sig
	export MAKEFLAGS=$2

	check "$what: five tokens to start with" \
		test "$("$PROBE" count)" = 5
	: >go
	"$ICO" lds "${ARGS[@]}" >got.lds 2>/dev/null
	rc=$?
	check "$what: exit 0 (got $rc)" test $rc -eq 0
	check "$what: same output as without a jobserver" cmp -s want.lds got.lds
	check "$what: all tokens back after success" \
		test "$("$PROBE" count)" = 5
	rm -f go

	: >go
	(cd bad && "$ICO" lds "${ARGS[@]}" >/dev/null 2>../bad.err)
	rc=$?
	check "$what: bad input: exit 2 (got $rc)" test $rc -eq 2
	check "$what: bad input: named" grep -q 'kernel/core.o' bad.err
	check "$what: all tokens back after bad input" \
		test "$("$PROBE" count)" = 5
	rm -f go

	for sig in TERM HUP PIPE; do
		stop_fake_nm
		"$ICO" lds -o out.lds "${ARGS[@]}" 2>/dev/null &
		pid=$!
		if ! wait_started; then
			fail "$what: SIG$sig: the tool reached the fake nm"
			kill -KILL $pid
			wait $pid
			stop_fake_nm
			continue
		fi
		during=$("$PROBE" count)
		check "$what: SIG$sig: $(taken 5) token(s) held while scanning" \
			test "$during" = $((5 - $(taken 5)))
		kill -"$sig" $pid
		wait $pid
		rc=$?
		check "$what: SIG$sig: died of it (status $rc)" \
			test $rc -eq $((128 + $(kill -l "$sig")))
		check "$what: SIG$sig: all tokens back" \
			test "$("$PROBE" count)" = 5
		check "$what: SIG$sig: no output or temporary file left" \
			test -z "$(ls out.lds* 2>/dev/null)"
		stop_fake_nm
	done
	unset MAKEFLAGS
}

in_jobserver "pipe fds" " -j6 --jobserver-auth=3,3"
in_jobserver "older --jobserver-fds" "-j6 --jobserver-fds=3,3"
in_jobserver "fifo (make 4.4)" "-j6 --jobserver-auth=fifo:$tmp/js.fifo"

# Announced, but the fds are not open in the tool: runs as if no make.
: >go
MAKEFLAGS=" -j6 --jobserver-auth=8,9" "$ICO" lds "${ARGS[@]}" >got.lds \
	2>/dev/null
check "closed jobserver fds: same output" cmp -s want.lds got.lds
MAKEFLAGS=" -j6 --jobserver-auth=-2,-2" "$ICO" lds "${ARGS[@]}" >got.lds \
	2>/dev/null
check "jobserver -2,-2: same output" cmp -s want.lds got.lds
rm -f go
exec 3>&-

# --- Under GNU make -j3 (make 4.3: pipe fds, only to '+' recipes) ------

cat >Makefile <<'EOF'
.PHONY: ok bad term noplus
ARGS := vmlinux.a lib/lib.a arch/x86/lib/lib.a
# a token count from inside make, before and after the tool
count = $(PROBE) count >$(1)

ok:
	+@$(call count,ok.before)
	+@touch go; $(ICO) lds $(ARGS) >ok.lds 2>/dev/null; echo $$? >ok.rc
	+@$(call count,ok.after)

bad:
	+@$(call count,bad.before)
	+@touch go; cd bad && $(ICO) lds $(ARGS) >/dev/null 2>&1; \
		echo $$? >../bad.rc
	+@$(call count,bad.after)

term:
	+@$(call count,term.before)
	+@rm -f go started; \
	$(ICO) lds $(ARGS) >/dev/null 2>&1 & pid=$$!; \
	for i in $$(seq 200); do [ -e started ] && break; sleep 0.05; done; \
	$(PROBE) count >term.during; kill -TERM $$pid; wait $$pid; \
	echo $$? >term.rc; touch go; kill $$(cat nm.pid) 2>/dev/null; true
	+@$(call count,term.after)

# without '+', make 4.3 closes the pipe to the recipe
noplus:
	@touch go; $(ICO) lds $(ARGS) >noplus.lds 2>/dev/null; echo $$? >noplus.rc
EOF

# make_run TARGET: make -j3 TARGET; its stderr must not report lost tokens.
make_run() {
	rm -f go started nm.pid
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -j3 --no-print-directory \
		PROBE="$PROBE" ICO="$ICO" "$1" >make.out 2>make.err
	check "make -j3 $1: make ends well" test $? -eq 0
	check "make -j3 $1: make reports no lost token" \
		sh -c '! grep -q "jobserver tokens" make.err'
}

make_run ok
check "make -j3: two free tokens before the tool" test "$(cat ok.before)" = 2
check "make -j3: tool exit 0" test "$(cat ok.rc)" = 0
check "make -j3: same output" cmp -s want.lds ok.lds
check "make -j3: two free tokens after the tool" test "$(cat ok.after)" = 2

make_run bad
check "make -j3 bad input: exit 2" test "$(cat bad.rc)" = 2
check "make -j3 bad input: tokens back" test "$(cat bad.after)" = 2

make_run term
check "make -j3 SIGTERM: $(taken 2) token(s) held while scanning" \
	test "$(cat term.during)" = $((2 - $(taken 2)))
check "make -j3 SIGTERM: died of it" test "$(cat term.rc)" = 143
check "make -j3 SIGTERM: tokens back" test "$(cat term.after)" = 2
stop_fake_nm

make_run noplus
check "make -j3, recipe without '+': exit 0" test "$(cat noplus.rc)" = 0
check "make -j3, recipe without '+': same output" cmp -s want.lds noplus.lds

# The check on make's report can fail: a recipe that keeps a token.
cat >Makefile.steal <<'EOF'
steal:
	+@$(PROBE) steal
EOF
env -u MAKEFLAGS -u MAKELEVEL make -j3 -f Makefile.steal PROBE="$PROBE" \
	>/dev/null 2>make.err
check "make 4.3 reports a lost token (the check above can fail)" \
	grep -q "jobserver tokens" make.err

done_testing

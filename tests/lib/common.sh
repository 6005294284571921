# SPDX-License-Identifier: GPL-2.0-only
#
# Shared helpers for the shell tests: TAP lines, temporary folders, the
# tool under test ($ICO, set by the Makefile) and the kernel's own script.

set -u

: "${ICO:?run the tests through make}"
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOP_DIR=$(cd "$TESTS_DIR/.." && pwd)
: "${KERNEL_CACHE:=$TOP_DIR/.cache/kernels}"

tap_n=0
tap_failed=0

pass() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

fail() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $*"
}

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# check_status DESCRIPTION STATUS COMMAND...: the command exits with STATUS.
check_status() {
	local what=$1 want=$2 rc
	shift 2
	"$@"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass "$what"
	else
		fail "$what (exit $rc, wanted $want)"
	fi
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

# A scratch folder removed at exit: d=$(scratch).  A trap set inside the
# $(...) subshell would fire as soon as it returns, so the folder is
# listed in a file that the main shell's EXIT trap reads.
_scratch_list=$(mktemp "${TMPDIR:-/tmp}/ico-scratch.XXXXXX")
_scratch_pid=$BASHPID
_scratch_cleanup() {
	local d
	# Not in a forked copy of the shell killed before it exec'ed a program.
	[ "$BASHPID" = "$_scratch_pid" ] || return 0
	while read -r d; do
		rm -rf "$d"
	done <"$_scratch_list"
	rm -f "$_scratch_list"
}
trap _scratch_cleanup EXIT

scratch() {
	local d
	d=$(mktemp -d "${TMPDIR:-/tmp}/ico-test.XXXXXX") || return 1
	echo "$d" >>"$_scratch_list"
	echo "$d"
}

# The kernel tree's generate_initcall_order.pl, unpacked once from
# Debian's linux-source-6.12 into the cache; prints its path.
kernel_script() {
	local dir=$KERNEL_CACHE/script-6.12
	local script=$dir/scripts/generate_initcall_order.pl
	if [ ! -f "$script" ]; then
		mkdir -p "$dir"
		tar xJf /usr/src/linux-source-6.12.tar.xz -C "$dir" \
			--strip-components=1 \
			linux-source-6.12/scripts/generate_initcall_order.pl \
			>&2 || return 1
	fi
	echo "$script"
}

# fragment_moves OLD NEW: how many initcalls a diff of two .tmp_initcalls.lds
# fragments must report moved, computed independently of the tool.
# Initcalls are told apart by module and function (a rule for the id-less
# sections of an object by its object), twins by order of appearance; the
# moves are what a longest common subsequence of those names
# leaves out in each level (the plain quadratic recurrence: levels are
# small).
fragment_moves() {
	local f
	for f in "$1" "$2"; do
		sed -n -E -e 's/^\t\t\*\((\.[a-z0-9_]+\.init)\.\.(.*)__[0-9]+_[0-9]+_(.*)\) ;$/\1 \2:\3/p' \
			-e 's/^\t\t([^*].*)\((\.[a-z0-9_]+\.init)\) ;$/\2 \1/p' \
			"$f" | awk '{ print $1, $2 "#" ++seen[$0] }'
		echo "--"
	done | awk '
	$0 == "--" { side++; next }
	side == 0 { a[$1, ++na[$1]] = $2; secs[$1]; next }
	{ b[$1, ++nb[$1]] = $2 }
	END {
		for (s in secs) {
			delete L
			for (i = 1; i <= na[s]; i++)
				for (j = 1; j <= nb[s]; j++) {
					if (a[s, i] == b[s, j])
						L[i, j] = L[i - 1, j - 1] + 1
					else if (L[i - 1, j] > L[i, j - 1])
						L[i, j] = L[i - 1, j]
					else
						L[i, j] = L[i, j - 1]
				}
			moves += na[s] - L[na[s], nb[s]]
		}
		print moves + 0
	}'
}

# thin_archive OUT NAME...: a thin archive written by hand, listing NAMEs
# (short names, relative to OUT's folder) as they are, archives included;
# ar itself would flatten archives into their members.
thin_archive() {
	local out=$1 name dir
	shift
	dir=$(dirname "$out")
	printf '!<thin>\n' >"$out"
	for name in "$@"; do
		printf '%-16s%-12s%-6s%-6s%-8s%-10s`\n' "$name/" 0 0 0 644 \
			"$(stat -c %s "$dir/$name" 2>/dev/null || echo 0)" >>"$out"
	done
}

# tiny_image_lds: a linker script laying out a small image the way the
# kernel's INIT_CALLS does, with the level-6 entries only.
tiny_image_lds() {
	cat <<'EOF'
ENTRY(start_kernel)
SECTIONS {
	. = 0xffffffff81000000;
	.text : { *(.text .text.*) }
	.init.data : {
		__initcall_start = .;
		__initcall0_start = .; __initcall1_start = .;
		__initcall2_start = .; __initcall3_start = .;
		__initcall4_start = .; __initcall5_start = .;
		__initcallrootfs_start = .; __initcall6_start = .;
		KEEP(*(.initcall6.init))
		__initcall7_start = .;
		__initcall_end = .;
		__con_initcall_start = .;
		__con_initcall_end = .;
	}
}
EOF
}

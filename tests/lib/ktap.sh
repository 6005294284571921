# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# ktap_valid FILE: true when FILE is well-formed KTAP version 1 output
# without subtests (Documentation/dev-tools/ktap.rst): the version line
# first, one plan line "1..N" before any result, N result lines
# "ok|not ok <n> [description][ # directive...]" numbered 1 to N, and
# nothing else but "#" diagnostic lines.  Says what is wrong on stderr.

ktap_valid() {
	awk '
	function bad(why) {
		printf "ktap: line %d: %s: %s\n", NR, why, $0 > "/dev/stderr"
		err = 1
		exit 1
	}
	NR == 1 {
		if ($0 != "KTAP version 1")
			bad("the first line is not the version line")
		next
	}
	/^1\.\.[0-9]+$/ {
		if (plan != "")
			bad("a second plan line")
		if (n)
			bad("the plan comes after results")
		plan = substr($0, 4) + 0
		next
	}
	/^(not )?ok / {
		if (plan == "")
			bad("a result before the plan")
		line = $0
		sub(/^(not )?ok /, "", line)
		if (line !~ /^[0-9]+( |$)/)
			bad("a result without a number")
		num = line
		sub(/ .*/, "", num)
		if (num + 0 != n + 1)
			bad("result " num " where " (n + 1) " was due")
		desc = line
		sub(/^[0-9]+ ?/, "", desc)
		hash = index(desc, "#")
		if (hash && substr(desc, hash - 1, 2) != " #")
			bad("a description holding \"#\"")
		n++
		next
	}
	/^#/ { next }
	{ bad("neither a result, a plan nor a diagnostic") }
	END {
		if (err)
			exit 1
		if (NR == 0) {
			print "ktap: empty output" > "/dev/stderr"
			exit 1
		}
		if (plan == "" || n != plan) {
			printf "ktap: %d results for a plan of %s\n", n, \
				plan == "" ? "none" : plan > "/dev/stderr"
			exit 1
		}
	}' "$1"
}

# ktap_result FILE DESCRIPTION: prints "ok" or "not ok" for the test with
# that description (directives ignored), nothing when there is none.
ktap_result() {
	awk -v want="$2" '
	/^(not )?ok [0-9]+ / {
		res = /^not / ? "not ok" : "ok"
		desc = $0
		sub(/^(not )?ok [0-9]+ /, "", desc)
		sub(/ # .*/, "", desc)
		if (desc == want)
			print res
	}' "$1"
}

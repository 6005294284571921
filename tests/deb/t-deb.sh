#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Debian package ("make check-deb", as root): dpkg-buildpackage -us -uc
# -b builds initcall-order_VERSION_ARCH.deb from a copy of the tree;
# lintian finds no error and no warning in it; dpkg -i installs it; the
# installed files are the binary (found in PATH, with the changelog's
# version), the man pages, the bash completion, the public header and
# linker script and the kbuild series; the binary's dependencies come
# from shlibs.  CI then runs the kernel tests with that binary.

. "$(dirname "$0")/../lib/common.sh"

# not COMMAND...: succeeds when COMMAND fails (for check).
not() {
	! "$@"
}

tmp=$(scratch)
deb_dir=$TOP_DIR/build/deb
version=$(sed -n '1s/^initcall-order (\([^)]*\)).*/\1/p' \
	"$TOP_DIR/debian/changelog")
arch=$(dpkg --print-architecture)
deb=$deb_dir/initcall-order_${version}_$arch.deb
echo "# version $version, architecture $arch"

start=$(date +%s)
make -C "$TOP_DIR" deb >"$tmp/build.log" 2>&1
rc=$?
echo "# dpkg-buildpackage: $(($(date +%s) - start)) s"
if [ "$rc" -ne 0 ] || [ ! -f "$deb" ]; then
	fail "dpkg-buildpackage -us -uc -b builds $(basename "$deb")"
	tail -n 30 "$tmp/build.log" | sed 's/^/# /'
	done_testing
	exit
fi
pass "dpkg-buildpackage -us -uc -b builds $(basename "$deb")"
check "the build ran the unit tests" \
	grep -qE '^[0-9]+ passed, 0 failed$' "$tmp/build.log"
check "the build used dpkg-buildflags (hardening)" \
	grep -q -- '-fstack-protector-strong.*-c -o build/cmd/main.o' \
	"$tmp/build.log"

# lintian on the .changes: the binary package, its debug symbols and
# the build information.  Every tag at every level is shown.
lintian -I -E --pedantic "$deb_dir"/initcall-order_"${version}"_"$arch".changes \
	>"$tmp/lintian" 2>"$tmp/lintian.err"
rc=$?
sed 's/^/# lintian: /' "$tmp/lintian"
check "lintian ran" test "$rc" -eq 0 -o "$rc" -eq 2
check "lintian: no error" not grep -q '^E: ' "$tmp/lintian"
check "lintian: no warning" not grep -q '^W: ' "$tmp/lintian"

contents=$(dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|')
for f in /usr/bin/initcall-order /usr/include/initcall_order.h \
	/usr/include/initcall_order.lds \
	/usr/share/bash-completion/completions/initcall-order \
	/usr/share/man/man1/initcall-order.1.gz \
	/usr/share/doc/initcall-order/copyright \
	/usr/share/doc/initcall-order/kbuild-integration.md.gz; do
	check "the package holds $f" grep -qx "$f" <<<"$contents"
done
for p in "$TOP_DIR"/kbuild/*.patch; do
	f=/usr/share/initcall-order/kbuild/$(basename "$p")
	check "the package holds $f" grep -qx "$f" <<<"$contents"
done
for page in "$TOP_DIR"/Documentation/*.1; do
	f=/usr/share/man/man1/$(basename "$page").gz
	check "the package holds $f" grep -qx "$f" <<<"$contents"
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "# Depends: $depends"
check "Depends (from shlibs) names libelf1 and libc6" eval \
	'grep -q "libelf1 (>= " <<<"$depends" && grep -q "libc6 (>= " <<<"$depends"'

# Install it.
if [ "$(id -u)" -ne 0 ]; then
	fail "dpkg -i needs root"
	done_testing
	exit
fi
check "dpkg -i installs it" dpkg -i "$deb"
check "dpkg knows /usr/bin/initcall-order as the package's" eval \
	'dpkg -S /usr/bin/initcall-order | grep -q "^initcall-order: "'
check "the installed version is $version" eval \
	'[ "$(dpkg-query -W -f "\${Version}" initcall-order)" = "$version" ]'
check "initcall-order in PATH is the installed one" \
	test "$(command -v initcall-order)" = /usr/bin/initcall-order
check "it says it is initcall-order $version" \
	test "$(initcall-order --version)" = "initcall-order $version"
check "its dependencies resolve" not eval \
	'ldd /usr/bin/initcall-order | grep -q "not found"'
check "man finds initcall-order-lds(1)" \
	test "$(man -w initcall-order-lds 2>/dev/null)" = \
	/usr/share/man/man1/initcall-order-lds.1.gz
for p in "$TOP_DIR"/kbuild/*.patch; do
	check "installed $(basename "$p") is the tree's" \
		cmp "$p" "/usr/share/initcall-order/kbuild/$(basename "$p")"
done
check "the installed completion loads in bash" bash -c \
	'. /usr/share/bash-completion/completions/initcall-order &&
	 complete -p initcall-order >/dev/null'

printf '#include <initcall_order.h>\nint main(void) { return 0; }\n' \
	>"$tmp/hdr.c"
check "the installed header compiles" cc -DINITCALL_ORDER_MODNAME=deb_test \
	-c -o "$tmp/hdr.o" "$tmp/hdr.c"

done_testing

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# make demo: builds the tiny tree under examples/tree the way a ThinLTO
# kernel is built (clang -flto=thin, the kernel's initcall macros from
# tests/fixtures/kinit.h, a thin built-in.a per folder flattened into a
# thin vmlinux.a by llvm-ar) and shows what initcall-order makes of it.
#
# Environment: ICO (the tool; default build/initcall-order), CLANG and
# LLVM_AR, DEMO_OUT (keep the build there instead of a temporary folder).

set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
: "${ICO:=$top/build/initcall-order}"
: "${CLANG:=clang}"
: "${LLVM_AR:=llvm-ar}"

if [ -n "${DEMO_OUT:-}" ]; then
	out=$DEMO_OUT
	mkdir -p "$out"
else
	out=$(mktemp -d "${TMPDIR:-/tmp}/ico-demo.XXXXXX")
	trap 'rm -rf "$out"' EXIT
fi

# Link order, as the Makefiles of a kernel tree would give it.
sources="init/main.c drivers/tty/serial.c drivers/rtc.c fs/ramfs.c"

for src in $sources; do
	obj=$out/${src%.c}.o
	# Kbuild: __KBUILD_MODNAME is kmod_ + the object's name, - and , as _.
	mod=kmod_$(basename "$src" .c | tr -- '-,' '__')
	mkdir -p "$(dirname "$obj")"
	"$CLANG" -O2 -flto=thin -DMODNAME="$mod" -I"$top/tests/fixtures" \
		-c -o "$obj" "$top/examples/tree/$src"
done

cd "$out"
rm -f init/built-in.a drivers/tty/built-in.a drivers/built-in.a \
	fs/built-in.a vmlinux.a
"$LLVM_AR" cDPrST init/built-in.a init/main.o
"$LLVM_AR" cDPrST drivers/tty/built-in.a drivers/tty/serial.o
"$LLVM_AR" cDPrST drivers/built-in.a drivers/tty/built-in.a drivers/rtc.o
"$LLVM_AR" cDPrST fs/built-in.a fs/ramfs.o
"$LLVM_AR" cDPrST vmlinux.a init/built-in.a drivers/built-in.a \
	fs/built-in.a

echo "\$ $LLVM_AR t vmlinux.a"
"$LLVM_AR" t vmlinux.a
echo
echo "\$ initcall-order dump vmlinux.a"
"$ICO" dump vmlinux.a
echo
echo "\$ initcall-order lds vmlinux.a"
"$ICO" lds vmlinux.a

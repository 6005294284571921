#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs everything initcall-order needs to build and to run all of its
# tests on Debian 12 (bookworm), as root; run by another user, it runs
# itself again through sudo.
set -eu

if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		exec sudo sh "$0" "$@"
	fi
	echo "$0: run this as root (no sudo here)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# arm64 package lists, for busybox-static:arm64 below.  (Debian 12 has no
# riscv64 packages: the riscv64 kernel is checked without a userland.)
dpkg --add-architecture arm64
apt-get update -q
apt-get install -y -q --no-install-recommends \
	build-essential pkg-config libelf-dev \
	clang lld llvm libclang-rt-14-dev lld-16 lld-22 clang-16 \
	gcc-multilib binutils perl valgrind time jq \
	linux-source-6.12 linux-source-6.1 \
	flex bison bc libssl-dev cpio kmod xz-utils patch \
	qemu-system-x86 qemu-system-arm qemu-system-misc opensbi \
	busybox-static \
	elfutils man-db groff-base \
	git strace python3 python3-ply python3-git \
	debhelper dpkg-dev lintian

# busybox-static is not Multi-Arch: same, so the arm64 one cannot be
# installed beside the amd64 one; its static binary is unpacked where
# tests/kernel/t-arch-boot.sh looks for it (BUSYBOX_ARM64).
BUSYBOX_ARM64=/usr/local/lib/aarch64-linux-gnu/busybox-static/busybox
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# apt downloads as its own user where it may write.
chown _apt "$tmp" 2>/dev/null || true
(cd "$tmp" && apt-get download -q busybox-static:arm64)
mkdir -p "${BUSYBOX_ARM64%/*}"
dpkg-deb --fsys-tarfile "$tmp"/busybox-static_*_arm64.deb |
	tar -xOf - ./bin/busybox >"$BUSYBOX_ARM64.tmp"
chmod 755 "$BUSYBOX_ARM64.tmp"
mv "$BUSYBOX_ARM64.tmp" "$BUSYBOX_ARM64"

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs everything initcall-order needs to build and to run all of its
# tests on Debian 12 (bookworm).  Run as root.
set -eu

export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
	build-essential pkg-config libelf-dev \
	clang lld llvm libclang-rt-14-dev \
	gcc-multilib binutils perl valgrind time jq \
	linux-source-6.12 linux-source-6.1 \
	flex bison bc libssl-dev cpio kmod xz-utils patch \
	qemu-system-x86 busybox-static \
	elfutils man-db groff-base

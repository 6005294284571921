# SPDX-License-Identifier: GPL-2.0-only
#
# initcall-order: build, test, install.
#
#   make                 build build/initcall-order
#   make demo            run it on the example tree under examples/
#   make check           unit and fixture tests
#   make check-unit      unit tests only (what the Debian package build runs)
#   make check-kernel    tests on real kernels (built once into KERNEL_CACHE)
#   make ci              everything CI runs
#   make install         PREFIX=/usr/local DESTDIR=
#   make deb             the Debian package, in build/deb (dpkg-buildpackage)
#   make check-deb       build it, lintian, install it (root), check it

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
INCLUDEDIR	?= $(PREFIX)/include
MANDIR		?= $(PREFIX)/share/man
COMPLETIONDIR	?= $(PREFIX)/share/bash-completion/completions

CC		?= cc
PKG_CONFIG	?= pkg-config
AR		?= ar

LIBELF_CFLAGS	:= $(shell $(PKG_CONFIG) --cflags libelf 2>/dev/null)
LIBELF_LIBS	:= $(shell $(PKG_CONFIG) --libs libelf 2>/dev/null || echo -lelf)

CFLAGS		?= -O2 -g
WARNINGS	:= -Wall -Wextra -Wno-unused-parameter -Wshadow \
		   -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
		   -Wno-format-nonliteral -Wvla
override CPPFLAGS += -Iinclude -D_GNU_SOURCE $(LIBELF_CFLAGS)
override CFLAGS += -std=gnu11 $(WARNINGS) -pthread
LDLIBS		+= $(LIBELF_LIBS) -pthread

# SAN=1: AddressSanitizer and UndefinedBehaviorSanitizer, separate tree.
ifeq ($(SAN),1)
OUT		?= build-san
override CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
		   -fno-sanitize-recover=all
override LDFLAGS += -fsanitize=address,undefined
else
OUT		?= build
endif

LIB_SRCS	:= $(sort $(wildcard symtab/*.c initcall/*.c util/*.c))
CMD_SRCS	:= $(sort $(wildcard cmd/*.c))
UNIT_SRCS	:= $(sort $(wildcard tests/unit/test-*.c))
TOOL_SRCS	:= $(sort $(wildcard tests/tools/*.c))

FUZZ_SRCS	:= $(sort $(wildcard tests/fuzz/fuzz-*.c))

LIB_OBJS	:= $(LIB_SRCS:%.c=$(OUT)/%.o)
CMD_OBJS	:= $(CMD_SRCS:%.c=$(OUT)/%.o)
UNIT_BINS	:= $(UNIT_SRCS:%.c=$(OUT)/%)
TOOL_BINS	:= $(TOOL_SRCS:%.c=$(OUT)/%) \
		   $(FUZZ_SRCS:tests/fuzz/%.c=$(OUT)/tests/replay/%)
FUZZERS		:= $(FUZZ_SRCS:tests/fuzz/%.c=$(OUT)/fuzz/%)
LIB		:= $(OUT)/libinitcall-order.a
BIN		:= $(OUT)/initcall-order

export ICO := $(abspath $(BIN))
export ICO_BUILD := $(abspath $(OUT))
export ICO_TOOLS := $(abspath $(OUT))/tests/tools
KERNEL_CACHE	?= $(CURDIR)/.cache/kernels
export KERNEL_CACHE

# Kernel-style quiet lines ("  CC      cmd/options.o"); V=1 shows the
# commands, make -s neither.
ifeq ($(V),1)
say		=
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
say		= @
else
say		= @printf '  %-7s %s\n' '$(1)' '$(@:$(OUT)/%=%)';
endif

all: $(BIN)

$(OUT)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIB): $(LIB_OBJS)
	@rm -f $@
	$(call say,AR)$(AR) rcs $@ $^

$(BIN): $(CMD_OBJS) $(LIB)
	$(call say,LD)$(CC) $(LDFLAGS) -o $@ $(CMD_OBJS) $(LIB) $(LDLIBS)

$(OUT)/tests/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(LDFLAGS) \
		-o $@ $< $(LIB) $(LDLIBS)

$(OUT)/tests/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -MMD -MP \
		-o $@ $< $(LIB) $(LDLIBS)

# Each fuzz target, tests/fuzz/fuzz-*.c, is built twice: with replay.c
# into $(OUT)/tests/replay/, a program that replays saved inputs
# (t-regress.sh), and with
# libFuzzer into $(OUT)/fuzz/, for make fuzz (tests/fuzz/run.sh builds
# those with OUT=build-fuzz and the fuzzing flags).
$(OUT)/tests/replay/%: tests/fuzz/%.c $(OUT)/tests/fuzz/replay.o $(LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(LDFLAGS) \
		-MMD -MP -o $@ $< $(OUT)/tests/fuzz/replay.o $(LIB) $(LDLIBS)

.SECONDARY: $(OUT)/tests/fuzz/replay.o

$(OUT)/fuzz/%: tests/fuzz/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(call say,CC)$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) $(LDFLAGS) \
		-fsanitize=fuzzer -MMD -MP -o $@ $< $(LIB) $(LDLIBS)

-include $(LIB_OBJS:.o=.d) $(CMD_OBJS:.o=.d) $(TOOL_BINS:=.d) \
	$(FUZZERS:=.d) $(OUT)/tests/fuzz/replay.d

# Small kernel-like images linked by ld.lld from real aarch64 (PREL32
# entries) and riscv64 (64-bit pointers) objects of tests/unit/arch/, for
# test-image-arch: "good" holds initcalls.o alone, the others one more
# object each.
CLANG		?= clang
LD_LLD		?= ld.lld
ARCH_DIR	:= $(OUT)/tests/unit/arch
ARCH_NAMES	:= aarch64 riscv64
ARCH_EXTRAS	:= nosym data short
ARCH_IMAGES	:= $(foreach a,$(ARCH_NAMES),$(ARCH_DIR)/$(a)/good.elf \
		   $(ARCH_EXTRAS:%=$(ARCH_DIR)/$(a)/%.elf))
ARCH_CFLAGS	:= -O2 -ffreestanding -fno-pic -fno-asynchronous-unwind-tables \
		   -Wall -Wextra -Werror -Itests/fixtures
ARCH_CFLAGS_aarch64 := -DKI_SHAPE_PREL32
ARCH_CFLAGS_riscv64 := -DKI_SHAPE_PLAIN -mcmodel=medany -mno-relax
ARCH_LDS	:= tests/unit/arch/initcalls.lds

define arch_rules
$(ARCH_DIR)/$(1)/%.o: tests/unit/arch/%.c tests/unit/arch/entry.h \
		tests/fixtures/kinit.h
	@mkdir -p $$(dir $$@)
	$$(call say,CLANG)$(CLANG) --target=$(1)-linux-gnu $(ARCH_CFLAGS) \
		$(ARCH_CFLAGS_$(1)) -DMODNAME=kmod_$$* -c -o $$@ $$<

$(ARCH_DIR)/$(1)/good.elf: $(ARCH_DIR)/$(1)/initcalls.o $(ARCH_LDS)
	$$(call say,LD)$(LD_LLD) -T $(ARCH_LDS) -o $$@ $$<

$(ARCH_DIR)/$(1)/%.elf: $(ARCH_DIR)/$(1)/initcalls.o $(ARCH_DIR)/$(1)/%.o \
		$(ARCH_LDS)
	$$(call say,LD)$(LD_LLD) -T $(ARCH_LDS) -o $$@ $$(filter %.o,$$^)
endef
$(foreach a,$(ARCH_NAMES),$(eval $(call arch_rules,$(a))))

$(OUT)/tests/unit/test-image-arch: $(ARCH_IMAGES)

demo: $(BIN)
	@sh examples/demo.sh

check: $(BIN) $(UNIT_BINS) $(TOOL_BINS)
	@sh tests/run.sh $(UNIT_BINS) tests/t-*.sh

check-unit: $(UNIT_BINS)
	@sh tests/run.sh $(UNIT_BINS)

check-kernel: $(BIN)
	@sh tests/run.sh tests/kernel/t-*.sh

check-kernel-all: $(BIN)
	@KERNEL_ALL=1 sh tests/run.sh tests/kernel/t-*.sh

bench: $(BIN)
	@sh bench/run.sh

fuzz:
	@sh tests/run.sh tests/fuzz/run.sh

check-valgrind: $(BIN) $(UNIT_BINS) $(TOOL_BINS)
	@sh tests/run.sh tests/valgrind.sh

checkpatch:
	@sh tests/checkpatch.sh

ci:
	@sh .ci/all-tests.sh

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPLETIONDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/initcall-order
	install -m 644 include/initcall_order.h include/initcall_order.lds \
		$(DESTDIR)$(INCLUDEDIR)/
	install -m 644 Documentation/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 completion/initcall-order \
		$(DESTDIR)$(COMPLETIONDIR)/initcall-order

# The package is built from a copy of the tree in build/deb/src (the
# .deb files land in build/deb), so that nothing is written beside it.
DEB_DIR		:= build/deb

deb:
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)/src
	tar -c --exclude=./build --exclude=./build-san --exclude=./build-fuzz \
		--exclude=./.cache --exclude=./.git . | tar -x -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && dpkg-buildpackage -us -uc -b

check-deb:
	@sh tests/run.sh tests/deb/t-deb.sh

clean:
	rm -rf build build-san build-fuzz

.PHONY: all demo check check-unit check-kernel check-kernel-all bench fuzz \
	check-valgrind checkpatch ci install deb check-deb clean
.DELETE_ON_ERROR:

# SPDX-License-Identifier: GPL-2.0
# tquic: kernel module, iproute2 plugin, tools, tests.
#
#   make                      module (for KVER) and userspace tools
#   make KVER=6.1.0-56-amd64  module for that kernel's headers
#   make W=1 C=1              extra warnings and sparse
#   make module KUNIT=1 KDIR=...  with the KUnit suites (kernels with KUnit)
#   make check-unit           host unit tests
#   make checkpatch           scripts/checkpatch.pl --strict on kernel sources
#   make kselftest [T=test] [KVER=ver]   the full test run (README)
#   make bench [KVER=ver]     single-path throughput: veth, WireGuard, tquic
#   make install              module (+depmod), plugin, tools, man pages

# Default kernel: the running one if its headers are here, else the newest
# Debian headers installed.
KVER ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then uname -r; \
	  else ls -d /lib/modules/*/build 2>/dev/null | sort -V | tail -n1 | \
	  cut -d/ -f4; fi)
KDIR ?= /lib/modules/$(KVER)/build
BUILD := build/$(KVER)
MODSRC := drivers/net/tquic
USER_DIRS := iproute2-plugin tools/keygen tools/tquic selftests/tools
DESTDIR ?=
PREFIX ?= /usr/local
MAN8DIR ?= $(PREFIX)/share/man/man8

.PHONY: all module userspace check-unit checkpatch kselftest bench deps install \
	install-module install-userspace clean $(USER_DIRS)

all: module userspace

deps:
	@scripts/deps.sh

# Kbuild writes objects next to the sources: build each kernel in its own
# copy of the tree so builds for 6.1 and 6.12 do not trample each other.
module:
	@test -n "$(KVER)" -a -d "$(KDIR)" || \
		{ echo "no kernel headers for '$(KVER)'; run scripts/deps.sh" >&2; exit 1; }
	@mkdir -p $(BUILD)/$(MODSRC)/core $(BUILD)/include/uapi/linux
	@cp -u $(MODSRC)/Kbuild $(MODSRC)/*.[ch] $(BUILD)/$(MODSRC)/
	@cp -u $(MODSRC)/core/*.[ch] $(BUILD)/$(MODSRC)/core/
	@cp -u include/uapi/linux/tquic.h $(BUILD)/include/uapi/linux/
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(BUILD)/$(MODSRC) CONFIG_TQUIC=m \
		$(if $(filter 1,$(KUNIT)),CONFIG_TQUIC_KUNIT_TEST=y) modules

userspace: $(USER_DIRS)
$(USER_DIRS):
	$(MAKE) -C $@

check-unit:
	@scripts/check-unit.sh

checkpatch:
	@scripts/checkpatch.sh

kselftest:
	@scripts/kselftest.sh $(if $(T),-t $(T)) $(if $(filter command line,$(origin KVER)),-k $(KVER))

# Not part of kselftest: numbers to compare, no pass/fail bar.
bench:
	@scripts/kselftest.sh -b $(if $(filter command line,$(origin KVER)),-k $(KVER))

install: install-module install-userspace

install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(BUILD)/$(MODSRC) INSTALL_MOD_DIR=updates \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))

install-userspace: userspace
	$(MAKE) -C iproute2-plugin install DESTDIR=$(DESTDIR)
	$(MAKE) -C tools/keygen install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) -C tools/tquic install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	install -d $(DESTDIR)$(MAN8DIR)
	install -m 0644 man/*.8 $(DESTDIR)$(MAN8DIR)/

clean:
	rm -rf build
	for d in $(USER_DIRS); do $(MAKE) -C $$d clean; done

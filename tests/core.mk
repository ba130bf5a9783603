# SPDX-License-Identifier: GPL-2.0
# The protocol core (drivers/net/tquic/core) as the host builds it: included
# by every Makefile under tests/ and by selftests/tools/Makefile. The core
# includes kernel headers (core/proto.h); tests/include/linux/ stands in for
# them in userspace.
#
#   CORE_DIR        the core's sources and headers
#   CORE_CPPFLAGS   include flags: the core, then the stand-in headers
#   CORE_HDRS       header dependencies: every core header and stand-in
#   CORE_SANITIZE   AddressSanitizer and UndefinedBehaviorSanitizer
#   CORE_CFLAGS     what every host test and fuzzer compiles with
#   TAP_H           tests/unit/tap.h, the TAP 13 helpers, and
#   TAP_CPPFLAGS    the flag that finds it
#   OPENSSL_CFLAGS  libcrypto, the crypto backend of tests/crypto and
#   OPENSSL_LIBS    tests/noise
#   $(call core,a.c b.c)   core sources by name, with their path
#   CORE_SRCS       every core source; CORE_FRAME, ... groups (below)

CORE_TESTS := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
CORE_DIR := $(abspath $(CORE_TESTS)/../drivers/net/tquic/core)
CORE_STANDIN := $(CORE_TESTS)/include
CORE_CPPFLAGS := -I$(CORE_DIR) -I$(CORE_STANDIN)
CORE_HDRS := $(wildcard $(CORE_DIR)/*.h $(CORE_STANDIN)/linux/*.h)
CORE_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all \
		 -fno-omit-frame-pointer
CORE_CFLAGS := -O1 -g -Wall -Wextra -Werror $(CORE_SANITIZE) $(CORE_CPPFLAGS)
TAP_H := $(CORE_TESTS)/unit/tap.h
TAP_CPPFLAGS := -I$(CORE_TESTS)/unit

PKG_CONFIG ?= pkg-config
OPENSSL_CFLAGS = $(shell $(PKG_CONFIG) --cflags libcrypto)
OPENSSL_LIBS = $(shell $(PKG_CONFIG) --libs libcrypto)

core = $(addprefix $(CORE_DIR)/,$(1))

# Every core source, and the ones that only link together: frame.c and
# ackranges.c call each other, noise.c builds and parses its long headers
# with packet.c, and sched.c weighs paths by RTT, window, loss and reorder.
CORE_SRCS := $(wildcard $(CORE_DIR)/*.c)
CORE_FRAME := $(call core,frame.c ackranges.c)
CORE_NOISE := $(call core,noise.c packet.c)
CORE_PATH := $(call core,sched.c cc.c loss.c reorder.c rtt.c)

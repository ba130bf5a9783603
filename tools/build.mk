# SPDX-License-Identifier: GPL-2.0
# Included by the tools' Makefiles: install paths and the two build flavours
# (release, and the ASan+UBSan one `make check` tests).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
PKG_CONFIG ?= pkg-config

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Werror
SANITIZE := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer

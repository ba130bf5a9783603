/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small TAP 13 harness for the protocol core's host unit tests.
 *
 * A test is a void function; CHECK*() record failures (with a "#" line
 * saying where) and let the test go on, so one run shows every broken
 * assertion. tap_main() prints the plan and one "ok"/"not ok" per test and
 * gives the exit status.
 */
#ifndef TQUIC_TAP_H
#define TQUIC_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Failures in the running test, and how many of them were printed. */
static unsigned int tap_fails;

#define TAP_MAX_DIAG	20

static inline void tap_diag_fail(const char *file, int line, const char *what)
{
	if (tap_fails++ < TAP_MAX_DIAG)
		printf("#   %s:%d: %s\n", file, line, what);
}

#define CHECK(cond) do {						\
	if (!(cond))							\
		tap_diag_fail(__FILE__, __LINE__, "CHECK(" #cond ")");	\
} while (0)

/* Integers of any type, compared as 64-bit patterns. */
#define CHECK_EQ(a, b) do {						\
	unsigned long long a_ = (unsigned long long)(a);		\
	unsigned long long b_ = (unsigned long long)(b);		\
	if (a_ != b_) {							\
		char m_[512];						\
		snprintf(m_, sizeof(m_),				\
			 "%s == %s: got %lld (%#llx), want %lld (%#llx)", \
			 #a, #b, (long long)a_, a_, (long long)b_, b_);	\
		tap_diag_fail(__FILE__, __LINE__, m_);			\
	}								\
} while (0)

#define CHECK_MEM(a, b, n) do {						\
	if (memcmp((a), (b), (n)))					\
		tap_diag_fail(__FILE__, __LINE__,			\
			      "memcmp(" #a ", " #b ", " #n ") != 0");	\
} while (0)

/* Negative errno, whichever one. */
#define CHECK_ERR(x) do {						\
	long long x_ = (long long)(x);					\
	if (x_ >= 0) {							\
		char m_[256];						\
		snprintf(m_, sizeof(m_), "%s: got %lld, want an error",	\
			 #x, x_);					\
		tap_diag_fail(__FILE__, __LINE__, m_);			\
	}								\
} while (0)

struct tap_test {
	const char *name;
	void (*fn)(void);
};

#define TAP_TEST(fn)	{ #fn, fn }
#define TAP_COUNT(a)	(sizeof(a) / sizeof((a)[0]))

static inline int tap_main(const struct tap_test *t, size_t n)
{
	unsigned int failed = 0;
	size_t i;

	printf("TAP version 13\n1..%zu\n", n);
	for (i = 0; i < n; i++) {
		tap_fails = 0;
		t[i].fn();
		if (tap_fails > TAP_MAX_DIAG)
			printf("#   ... %u failures in all\n", tap_fails);
		printf("%sok %zu - %s\n", tap_fails ? "not " : "", i + 1,
		       t[i].name);
		failed += !!tap_fails;
		fflush(stdout);
	}
	return failed ? 1 : 0;
}

/*
 * A heap copy of exactly @n bytes: any read or write past the end is caught
 * by AddressSanitizer, which a stack buffer with slack would hide.
 */
static inline unsigned char *tap_alloc(size_t n)
{
	unsigned char *p = calloc(1, n ? n : 1);

	if (!p)
		abort();
	return n ? p : p + 1;	/* n == 0: a pointer to no byte at all */
}

static inline unsigned char *tap_dup(const void *src, size_t n)
{
	unsigned char *p = tap_alloc(n);

	if (n)
		memcpy(p, src, n);
	return p;
}

static inline void tap_free(void *p, size_t n)
{
	free(n ? p : (unsigned char *)p - 1);
}

/* Deterministic pseudo-random numbers (xorshift64*), same every run. */
static unsigned long long tap_rng_state = 0x9e3779b97f4a7c15ULL;

static inline unsigned long long tap_rand(void)
{
	unsigned long long x = tap_rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	tap_rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

#endif /* TQUIC_TAP_H */

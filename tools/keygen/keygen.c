// SPDX-License-Identifier: GPL-2.0
/*
 * tquic-keygen: X25519 keys and preshared keys for tquic, in the text format
 * of WireGuard's `wg genkey`/`wg pubkey`/`wg genpsk` (base64 of 32 raw bytes)
 * so keys can move between the two tools unchanged.
 *
 * Secrets are written with write(2) from our own buffers rather than stdio,
 * whose internal buffers we could not wipe afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "base64.h"

#define PROG		"tquic-keygen"
#define KEY_LEN		32
/* A key line is 45 bytes; anything far longer is not worth decoding. */
#define INPUT_MAX	4096

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define __printf(a, b)	__attribute__((format(printf, a, b)))

static __printf(1, 2) int fail(const char *fmt, ...);

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int crypto_fail(const char *what)
{
	unsigned long e = ERR_get_error();

	ERR_clear_error();
	if (!e)
		return fail("%s", what);
	return fail("%s: %s", what, ERR_reason_error_string(e));
}

static void usage(FILE *f)
{
	fputs("Usage: " PROG " <command> [options]\n"
	      "\n"
	      "Commands:\n"
	      "  genkey [-o FILE]  new X25519 private key\n"
	      "  pubkey [-i FILE]  its public key; private key from stdin\n"
	      "  psk [-o FILE]     new 32-byte preshared key\n"
	      "  help              this text\n"
	      "\n"
	      "A key is one line of base64 of 32 bytes.\n"
	      "Files written with -o get mode 0600.\n", f);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * O_EXCL would refuse to replace a key, so an existing file is reused and
 * forced to 0600: its old mode may be wider, and the mode passed to open()
 * applies only to new files.  It is still empty when fchmod() runs, so
 * nothing secret is exposed in between.
 */
static int open_secret(const char *path)
{
	struct stat st;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY,
		  0600);
	if (fd < 0) {
		fail("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		fail("%s: %s", path, strerror(errno));
		goto err;
	}
	/* fchmod on a tty or device node would change it for everyone. */
	if (!S_ISREG(st.st_mode)) {
		fail("%s: not a regular file", path);
		goto err;
	}
	if (fchmod(fd, 0600) < 0) {
		fail("%s: %s", path, strerror(errno));
		goto err;
	}
	return fd;
err:
	close(fd);
	return -1;
}

/* Prints @key as a base64 line to @path, or to stdout when @path is NULL. */
static int emit_key(const uint8_t key[KEY_LEN], const char *path)
{
	char line[b64_encoded_len(KEY_LEN) + 2];
	size_t len = b64_encoded_len(KEY_LEN) + 1;
	int fd = STDOUT_FILENO, ret = 0;

	b64_encode(line, key, KEY_LEN);
	line[len - 1] = '\n';

	if (path) {
		fd = open_secret(path);
		if (fd < 0) {
			ret = 1;
			goto out;
		}
	}
	if (write_all(fd, line, len) < 0)
		ret = fail("%s: %s", path ? path : "stdout", strerror(errno));
	if (path && close(fd) < 0 && !ret)
		ret = fail("%s: %s", path, strerror(errno));
out:
	OPENSSL_cleanse(line, sizeof(line));
	return ret;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/*
 * Group or world access to a private key is worth a word, not a refusal:
 * the key may already be deployed.
 */
static void check_key_mode(int fd, const char *path)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return;
	if (st.st_mode & 0004)
		fprintf(stderr, PROG ": warning: %s is world-readable\n", path);
	else if (st.st_mode & 0040)
		fprintf(stderr, PROG ": warning: %s is group-readable\n", path);
}

/* Reads up to INPUT_MAX bytes; returns the length, or -1 after a message. */
static ssize_t read_input(int fd, const char *name, char *buf)
{
	size_t len = 0;
	ssize_t n;

	/* One byte of slack tells a full buffer from an overlong input. */
	while (len <= INPUT_MAX) {
		n = read(fd, buf + len, INPUT_MAX + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fail("%s: %s", name, strerror(errno));
			return -1;
		}
		if (n == 0)
			return (ssize_t)len;
		len += (size_t)n;
	}
	fail("%s: input too long", name);
	return -1;
}

/* Finds the one base64 word in @buf, allowing whitespace around it. */
static int parse_key(const char *buf, size_t len, uint8_t key[KEY_LEN])
{
	uint8_t raw[b64_max_decoded_len(INPUT_MAX)];
	size_t start = 0, end, i, n = 0;
	int err, ret = 0;

	while (start < len && is_space(buf[start]))
		start++;
	end = start;
	while (end < len && !is_space(buf[end]))
		end++;
	if (start == end)
		return fail("empty input");
	for (i = end; i < len; i++)
		if (!is_space(buf[i]))
			return fail("trailing garbage after key");

	err = b64_decode(raw, sizeof(raw), buf + start, end - start, &n);
	if (err)
		ret = fail("invalid base64: %s", b64_strerror(err));
	else if (n != KEY_LEN)
		ret = fail("invalid key: expected %d bytes, got %zu",
			   KEY_LEN, n);
	else
		memcpy(key, raw, KEY_LEN);
	OPENSSL_cleanse(raw, sizeof(raw));
	return ret;
}

static int read_key(const char *path, uint8_t key[KEY_LEN])
{
	char buf[INPUT_MAX + 1];
	const char *name = path ? path : "stdin";
	int fd = STDIN_FILENO, ret = 1;
	ssize_t len;

	if (path) {
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			return fail("%s: %s", path, strerror(errno));
		check_key_mode(fd, path);
	}
	len = read_input(fd, name, buf);
	if (len >= 0)
		ret = parse_key(buf, (size_t)len, key);
	if (path)
		close(fd);
	OPENSSL_cleanse(buf, sizeof(buf));
	return ret;
}

/* Prints the private or the public half of @pkey, and frees @pkey. */
static int emit_half(EVP_PKEY *pkey,
		     int (*get)(const EVP_PKEY *, unsigned char *, size_t *),
		     const char *path)
{
	uint8_t key[KEY_LEN];
	size_t len = sizeof(key);
	int ret;

	if (get(pkey, key, &len) != 1 || len != KEY_LEN)
		ret = crypto_fail("cannot export X25519 key");
	else
		ret = emit_key(key, path);
	EVP_PKEY_free(pkey);
	OPENSSL_cleanse(key, sizeof(key));
	return ret;
}

static int cmd_genkey(const char *path)
{
	EVP_PKEY *pkey;

	/* OpenSSL clamps the scalar, exactly like `wg genkey` does. */
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	if (!pkey)
		return crypto_fail("X25519 key generation failed");
	return emit_half(pkey, EVP_PKEY_get_raw_private_key, path);
}

static int cmd_pubkey(const char *path)
{
	uint8_t priv[KEY_LEN];
	EVP_PKEY *pkey;

	if (read_key(path, priv))
		return 1;
	pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv,
					    KEY_LEN);
	OPENSSL_cleanse(priv, sizeof(priv));
	if (!pkey)
		return crypto_fail("cannot load X25519 private key");
	return emit_half(pkey, EVP_PKEY_get_raw_public_key, NULL);
}

static int cmd_psk(const char *path)
{
	uint8_t psk[KEY_LEN];
	int ret;

	if (RAND_priv_bytes(psk, sizeof(psk)) != 1)
		ret = crypto_fail("random number generator failed");
	else
		ret = emit_key(psk, path);
	OPENSSL_cleanse(psk, sizeof(psk));
	return ret;
}

struct command {
	const char *name;
	const char *opt;	/* the one option, taking a FILE */
	int (*run)(const char *path);
};

static const struct command commands[] = {
	{ "genkey", "-o", cmd_genkey },
	{ "pubkey", "-i", cmd_pubkey },
	{ "psk", "-o", cmd_psk },
};

static int run_command(const struct command *cmd, int argc, char **argv)
{
	const char *path = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], cmd->opt))
			return fail("%s: unexpected argument '%s'",
				    cmd->name, argv[i]);
		if (path)
			return fail("%s: option '%s' given twice",
				    cmd->name, cmd->opt);
		if (++i == argc)
			return fail("%s: option '%s' requires an argument",
				    cmd->name, cmd->opt);
		path = argv[i];
	}
	return cmd->run(path);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return run_command(&commands[i], argc - 2, argv + 2);

	fail("unknown command '%s'", argv[1]);
	usage(stderr);
	return 1;
}

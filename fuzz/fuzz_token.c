/* fuzz_token.c - libFuzzer target: any bytes as a token response, CLI output or discovery document.
 * The first byte picks the parser; the rest is its input. */
#include "ws/authparse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(int rc, struct auth_tok *t)
{
	if (rc == 0) {
		/* The contracts: a token inside the alphabet, a lifetime inside the window. */
		if (!auth_token_chars_ok(t->access_token, strlen(t->access_token))) abort();
		if (t->lifetime < AUTH_MIN_LIFETIME || t->lifetime > AUTH_MAX_LIFETIME) abort();
	}
	auth_tok_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1) return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	struct auth_tok t = { 0 };
	char err[300], v[64];
	char *e = NULL;
	time_t when = 1700000000;
	switch (data[0] % 8) {
	case 0: check(auth_parse_oauth(s, n, "application/json", &t, err, sizeof err), &t); break;
	case 1: check(auth_parse_oauth(s, n, "application/x-www-form-urlencoded", &t, err, sizeof err), &t); break;
	case 2: check(auth_parse_cli_token(s, n, when, &t, err, sizeof err), &t); break;
	case 3: check(auth_parse_az_token(s, n, when, &t, err, sizeof err), &t); break;
	case 4: check(auth_parse_metadata(s, n, when, &t, err, sizeof err), &t); break;
	case 5: {
		int sp, msi;
		auth_parse_az_account(s, n, &sp, &msi);
		if (auth_parse_discovery(s, n, &e, err, sizeof err) == 0 && !e) abort();
		free(e);
		break;
	}
	case 6:
		if (auth_parse_cli_version(s, n, v, sizeof v) == 0 && auth_semver_cmp(v, v) != 0) abort();
		break;
	default: {
		char *z = strndup(s, n); /* the C-string parsers */
		if (!z) return 0;
		time_t x;
		char tenant[128];
		auth_parse_expiry(z, &x);
		auth_tenant_from_location(z, tenant, sizeof tenant);
		const char *half = z + strlen(z) / 2;
		int a = auth_semver_cmp(z, half), b = auth_semver_cmp(half, z);
		if ((a > 0) != (b < 0) || (a == 0) != (b == 0)) abort(); /* antisymmetric */
		free(z);
	}
	}
	return 0;
}

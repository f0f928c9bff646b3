/* test_auth.c - the pure credential parsers: .databrickscfg (go-ini), token responses, times, versions. */
#include "ws/authparse.h"
#include "core/buf.h"
#include "ws/dbcfg.h"
#include "ws/http.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- the config file dialect (gopkg.in/ini.v1 v1.67 with SpaceBeforeInlineComment) ------------- */

static struct dbcfg f;

static void parse_ok(const char *text)
{
	int rc = dbcfg_parse(&f, text, strlen(text));
	int line;
	const char *why = dbcfg_errmsg(&f, &line);
	cr_assert_eq(rc, 0, "line %d: %s", line, why);
}

static const char *get(const char *sec, const char *key)
{
	return dbcfg_get(dbcfg_section(&f, sec), key);
}

static void fini(void)
{
	dbcfg_free(&f);
}

TestSuite(dbcfg, .fini = fini);

Test(dbcfg, values_comments_and_quotes)
{
	parse_ok("top = 1\n"
		 "[p]\n"
		 "host = https://h.example.com  \n"
		 "token = dapi#not-a-comment\n"          /* config_file.go: passwords may hold '#' */
		 "password = abc # a comment\n"
		 "client_secret = x ;y\n"
		 "q1 = \"double quoted\"\n"
		 "q2 = 'single'\n"
		 "q3 = \"a\"b\"\n"                          /* not surrounded: kept */
		 "colon: value\n"
		 "  spaced key   =   v  \n"
		 "empty =\n"
		 "dup = first\n"
		 "dup = second\n"
		 "; comment\n# comment\n");
	cr_assert_str_eq(get("DEFAULT", "top"), "1");
	cr_assert_str_eq(get("p", "host"), "https://h.example.com");
	cr_assert_str_eq(get("p", "token"), "dapi#not-a-comment");
	cr_assert_str_eq(get("p", "password"), "abc");
	cr_assert_str_eq(get("p", "client_secret"), "x");
	cr_assert_str_eq(get("p", "q1"), "double quoted");
	cr_assert_str_eq(get("p", "q2"), "single");
	cr_assert_str_eq(get("p", "q3"), "\"a\"b\"");
	cr_assert_str_eq(get("p", "colon"), "value");
	cr_assert_str_eq(get("p", "spaced key"), "v");
	cr_assert_str_eq(get("p", "empty"), "");
	cr_assert_str_eq(get("p", "dup"), "second");
	cr_assert_eq(dbcfg_section(&f, "p")->n, 11, "a repeated key keeps one place");
}

Test(dbcfg, multiline_continuation_bom_crlf)
{
	parse_ok("\xEF\xBB\xBF[a]\r\n"
		 "k1 = `line one\r\nline two` trailing\r\n"
		 "k2 = \"\"\"x\ny\"\"\"\n"
		 "k3 = part1 \\\n   part2\\\n part3\n"
		 "k4 = after\n");
	cr_assert_str_eq(get("a", "k1"), "line one\r\nline two");
	cr_assert_str_eq(get("a", "k2"), "x\ny");
	cr_assert_str_eq(get("a", "k3"), "part1 part2part3");
	cr_assert_str_eq(get("a", "k4"), "after");
}

Test(dbcfg, sections_as_written)
{
	parse_ok("[ dev ]\na = 1\n[x]y]\nb = 2\n[dev]\nc = 3\n[ dev ]\nd = 4\n");
	cr_assert_not_null(dbcfg_section(&f, " dev "), "go-ini does not trim section names");
	cr_assert_str_eq(get(" dev ", "d"), "4", "a repeated section is merged");
	cr_assert_str_eq(get("x]y", "b"), "2", "the name runs to the last ']'");
	cr_assert_str_eq(get("dev", "c"), "3");
	cr_assert_null(dbcfg_section(&f, "nope"));
}

Test(dbcfg, errors_name_the_line)
{
	static const struct { const char *text; int line; const char *what; } bad[] = {
		{ "[a]\nhost = x\nno delimiter here\n", 3, "expected [profile] or key = value" },
		{ "[a\n", 1, "unclosed section" },
		{ "[]\n", 1, "empty section name" },
		{ "[a]\n = v\n", 2, "empty key name" },
		{ "[a]\n\"k = v\n", 2, "missing closing key quote" },
		{ "[a]\nk = `open\nnever closed\n", 2, "missing closing quote" },
		{ "[a]\nk = v\x00\n", 2, "NUL" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = i == 6 ? 11 : strlen(bad[i].text);
		cr_assert_eq(dbcfg_parse(&f, bad[i].text, n), -1, "case %zu", i);
		int line;
		const char *why = dbcfg_errmsg(&f, &line);
		cr_assert_eq(line, bad[i].line, "case %zu: line %d", i, line);
		cr_assert(strstr(why, bad[i].what), "case %zu: %s", i, why);
		dbcfg_free(&f);
	}
}

/* --- tokens ----------------------------------------------------------------------------------- */

Test(authparse, token_alphabet)
{
	cr_assert(auth_token_chars_ok("dapi0123-_.~+/=", 15));
	cr_assert(auth_token_chars_ok("eyJhbGciOi.eyJzdWIi.sig", 23));
	const char *bad[] = { "a\r\nX-Injected: yes", "a b", "a\tb", "\xc3\xa9", "a\x7f", "a\x01" };
	for (int i = 0; i < 6; i++) cr_assert_not(auth_token_chars_ok(bad[i], strlen(bad[i])), "%d", i);
	cr_assert_not(auth_token_chars_ok("", 0));
	cr_assert_not(auth_token_chars_ok("a\0b", 3), "a NUL inside");
}

Test(authparse, lifetimes_are_clamped)
{
	cr_assert_eq(auth_clamp_lifetime(1e300), AUTH_MAX_LIFETIME);
	cr_assert_eq(auth_clamp_lifetime(-1), AUTH_MIN_LIFETIME);
	cr_assert_eq(auth_clamp_lifetime(0.5), AUTH_MIN_LIFETIME);
	cr_assert_eq(auth_clamp_lifetime(NAN), AUTH_MIN_LIFETIME);
	cr_assert_eq(auth_clamp_lifetime(-INFINITY), AUTH_MIN_LIFETIME);
	cr_assert_eq(auth_clamp_lifetime(3599.9), 3599);
	cr_assert_eq(auth_refresh_margin(60), 30, "a 60 s token is reused for 30 s");
	cr_assert_eq(auth_refresh_margin(3600), 300);
}

static long oauth_life(const char *body, int *ok)
{
	struct auth_tok t;
	char err[300];
	*ok = auth_parse_oauth(body, strlen(body), "application/json", &t, err, sizeof err) == 0;
	long l = t.lifetime;
	auth_tok_free(&t);
	return l;
}

Test(authparse, oauth_responses)
{
	int ok;
	cr_assert_eq(oauth_life("{\"access_token\":\"a\",\"expires_in\":3600}", &ok), 3600);
	cr_assert(ok);
	cr_assert_eq(oauth_life("{\"access_token\":\"a\",\"expires_in\":\"3599\"}", &ok), 3599, "Entra ID v1");
	cr_assert_eq(oauth_life("{\"access_token\":\"a\",\"expires_in\":1e300}", &ok), AUTH_MAX_LIFETIME);
	cr_assert_eq(oauth_life("{\"access_token\":\"a\",\"expires_in\":0.5}", &ok), AUTH_MIN_LIFETIME);
	cr_assert_eq(oauth_life("{\"access_token\":\"a\",\"expires_in\":-1}", &ok), AUTH_MIN_LIFETIME);
	cr_assert_eq(oauth_life("{\"access_token\":\"a\"}", &ok), AUTH_DEFAULT_LIFETIME);
	cr_assert_eq(oauth_life("{\"access_token\":\"a\",\"expires_in\":null}", &ok), AUTH_DEFAULT_LIFETIME);
	oauth_life("{\"access_token\":\"a\",\"expires_in\":\"soon\"}", &ok);
	cr_assert_not(ok);
	oauth_life("{\"access_token\":\"a\",\"expires_in\":true}", &ok);
	cr_assert_not(ok);
	oauth_life("{\"access_token\":\"a\",\"expires_in\":\"1e\"}", &ok);
	cr_assert_not(ok);
	oauth_life("{\"expires_in\":60}", &ok);
	cr_assert_not(ok, "no access_token");
	oauth_life("{\"access_token\":42}", &ok);
	cr_assert_not(ok);
	oauth_life("[1]", &ok);
	cr_assert_not(ok);

	struct auth_tok t;
	char err[300];
	const char *evil = "{\"access_token\":\"x\\r\\nX-Injected: yes\"}";
	cr_assert_eq(auth_parse_oauth(evil, strlen(evil), "application/json", &t, err, sizeof err), -1);
	cr_assert(strstr(err, "cannot be in a token"), "%s", err);
	cr_assert_null(strstr(err, "Injected"), "the token is not printed: %s", err);
	const char *form = "access_token=ab%2Bc&expires_in=120&token_type=bearer";
	cr_assert_eq(auth_parse_oauth(form, strlen(form), "application/x-www-form-urlencoded; charset=utf-8", &t, err,
				      sizeof err), 0, "%s", err);
	cr_assert_str_eq(t.access_token, "ab+c");
	cr_assert_eq(t.lifetime, 120);
	auth_tok_free(&t);
}

Test(authparse, cli_expiry_formats)
{
	time_t t;
	cr_assert_eq(auth_parse_expiry("2024-03-20T10:30:00.123456789Z", &t), 0);
	cr_assert_eq(t, 1710930600);
	cr_assert_eq(auth_parse_expiry("2024-03-20T10:30:00Z", &t), 0);
	cr_assert_eq(t, 1710930600);
	cr_assert_eq(auth_parse_expiry("2024-03-20T11:30:00+01:00", &t), 0);
	cr_assert_eq(t, 1710930600);
	cr_assert_eq(auth_parse_expiry("2024-03-20 10:30:00", &t), 0, "UTC, as Go's time.Parse");
	cr_assert_eq(t, 1710930600);
	cr_assert_eq(auth_parse_expiry("2024-03-20 10:30:00.123", &t), 0);
	cr_assert_eq(t, 1710930600);
	const char *bad[] = { "", "2024-03-20", "2024-13-20T10:30:00Z", "2024-02-30T10:30:00Z", "2024-03-20T10:30:00",
			      "2024-03-20T10:30:00Zjunk", "tomorrow", "2024-03-20 10:30:00 +01:00" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) cr_assert_eq(auth_parse_expiry(bad[i], &t), -1, "%s", bad[i]);

	struct auth_tok tok;
	char err[200];
	const char *out = "{\"access_token\":\"tok\",\"token_type\":\"Bearer\",\"expiry\":\"2024-03-20T10:40:00Z\"}";
	cr_assert_eq(auth_parse_cli_token(out, strlen(out), 1710930600, &tok, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(tok.access_token, "tok");
	cr_assert_eq(tok.lifetime, 600);
	auth_tok_free(&tok);
	out = "{\"access_token\":\"tok\"}";
	cr_assert_eq(auth_parse_cli_token(out, strlen(out), 0, &tok, err, sizeof err), -1, "no expiry: as the SDK, an error");
	cr_assert(strstr(err, "cannot parse token expiry"), "%s", err);
}

Test(authparse, azure_cli_output)
{
	setenv("TZ", "UTC", 1);
	tzset();
	struct auth_tok t;
	char err[200];
	const char *out = "{\"accessToken\":\"az-tok\",\"expiresOn\":\"2024-03-20 10:40:00.000000\",\"tokenType\":\"Bearer\"}";
	cr_assert_eq(auth_parse_az_token(out, strlen(out), 1710930600, &t, err, sizeof err), 0, "%s", err);
	cr_assert_str_eq(t.access_token, "az-tok");
	cr_assert_eq(t.lifetime, 600);
	auth_tok_free(&t);
	out = "{\"accessToken\":\"az-tok\",\"expiresOn\":\"2024-03-20T10:40:00Z\"}";
	cr_assert_eq(auth_parse_az_token(out, strlen(out), 0, &t, err, sizeof err), -1);
	int sp, msi;
	out = "{\"user\":{\"name\":\"systemAssignedIdentity\",\"type\":\"servicePrincipal\"}}";
	cr_assert_eq(auth_parse_az_account(out, strlen(out), &sp, &msi), 0);
	cr_assert(sp && msi);
	out = "{\"user\":{\"name\":\"me@example.com\",\"type\":\"user\"}}";
	cr_assert_eq(auth_parse_az_account(out, strlen(out), &sp, &msi), 0);
	cr_assert(!sp && !msi);
	unsetenv("TZ");
	tzset();
}

Test(authparse, metadata_service_answers)
{
	struct auth_tok t;
	char err[200];
	const char *ok[] = { "{\"access_token\":\"m\",\"token_type\":\"Bearer\",\"expires_on\":1000600}",
			     "{\"access_token\":\"m\",\"expires_on\":\"1000600\"}" };
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(auth_parse_metadata(ok[i], strlen(ok[i]), 1000000, &t, err, sizeof err), 0, "%s", err);
		cr_assert_eq(t.lifetime, 600);
		auth_tok_free(&t);
	}
	const char *bad[] = { "{\"access_token\":\"m\",\"expires_on\":1.5}", "{\"access_token\":\"m\",\"expires_on\":\"x\"}",
			      "{\"access_token\":\"m\"}", "{\"access_token\":\"m\",\"expires_on\":1e300}",
			      "{\"expires_on\":1}", "nope" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(auth_parse_metadata(bad[i], strlen(bad[i]), 0, &t, err, sizeof err), -1, "%s", bad[i]);
}

Test(authparse, discovery)
{
	char *e = NULL, err[200];
	const char *d = "{\"issuer\":\"x\",\"token_endpoint\":\"https://h/oidc/v1/token\"}";
	cr_assert_eq(auth_parse_discovery(d, strlen(d), &e, err, sizeof err), 0);
	cr_assert_str_eq(e, "https://h/oidc/v1/token");
	free(e);
	cr_assert_eq(auth_parse_discovery("{}", 2, &e, err, sizeof err), -1);
	cr_assert_null(e);
}

/* config/cli_token_source.go uses golang.org/x/mod/semver */
Test(authparse, cli_versions)
{
	char v[64];
	cr_assert_eq(auth_parse_cli_version("Databricks CLI v0.207.1\n", 24, v, sizeof v), 0);
	cr_assert_str_eq(v, "v0.207.1");
	cr_assert_eq(auth_parse_cli_version("garbage", 7, v, sizeof v), -1);
	cr_assert_str_eq(v, "");
	cr_assert_lt(auth_semver_cmp("v0.207.0", "v0.207.1"), 0);
	cr_assert_eq(auth_semver_cmp("v0.207.1", "v0.207.1"), 0);
	cr_assert_gt(auth_semver_cmp("v0.296.0", "v0.207.1"), 0);
	cr_assert_gt(auth_semver_cmp("v1", "v0.999.0"), 0);
	cr_assert_lt(auth_semver_cmp("v0.296.0-rc.1", "v0.296.0"), 0, "a pre-release comes first");
	cr_assert_lt(auth_semver_cmp("v0.0.0-dev+abc", "v0.207.1"), 0, "dev builds are conservative");
	cr_assert_lt(auth_semver_cmp("v1.0.0-alpha.2", "v1.0.0-alpha.10"), 0);
	cr_assert_lt(auth_semver_cmp("v1.0.0-2", "v1.0.0-alpha"), 0);
	cr_assert_lt(auth_semver_cmp("", "v0.1.0"), 0, "an unknown version is less than any");
	cr_assert_lt(auth_semver_cmp("v01.2.3", "v0.0.1"), 0, "leading zeros are invalid");
	cr_assert_eq(auth_semver_cmp("0.207.1", "bogus"), 0);
}

Test(authparse, tenant_from_login_url)
{
	char t[64];
	cr_assert_eq(auth_tenant_from_location("https://login.microsoftonline.com/abc-123/oauth2/authorize?x=1", t, sizeof t), 0);
	cr_assert_str_eq(t, "abc-123");
	cr_assert_eq(auth_tenant_from_location("/contoso.onmicrosoft.com/oauth2", t, sizeof t), 0);
	cr_assert_str_eq(t, "contoso.onmicrosoft.com");
	cr_assert_eq(auth_tenant_from_location("", t, sizeof t), -1);
	cr_assert_eq(auth_tenant_from_location("https://login.microsoftonline.com", t, sizeof t), -1);
	cr_assert_eq(auth_tenant_from_location("https://x/a%0d%0a/b", t, sizeof t), -1);
}

/* RFC 6749 2.3.1 / Go's url.QueryEscape, before the Basic header */
Test(authparse, form_escape_and_base64)
{
	char *e = http_form_escape("id:with+plus%20 sp&=~._-");
	cr_assert_str_eq(e, "id%3Awith%2Bplus%2520+sp%26%3D~._-");
	free(e);
	e = http_form_escape("\xc3\xa9");
	cr_assert_str_eq(e, "%C3%A9");
	free(e);
	e = http_base64((const unsigned char *)"a:b", 3);
	cr_assert_str_eq(e, "YTpi");
	free(e);
	e = http_base64((const unsigned char *)"ab", 2);
	cr_assert_str_eq(e, "YWI=");
	free(e);
	e = http_base64((const unsigned char *)"a", 1);
	cr_assert_str_eq(e, "YQ==");
	free(e);
}

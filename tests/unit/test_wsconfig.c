/* test_wsconfig.c - credential precedence, profiles, conflicts, host rules, warnings, no secrets. */
#include "buf.h"
#include "testutil.h"
#include "wsconfig.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;
static char cfgpath[512];
static struct ws_config c;
static char err[1024];

static const char *const envs[] = { "DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID",
				    "DATABRICKS_CLIENT_SECRET", "DATABRICKS_AUTH_TYPE", "DATABRICKS_CONFIG_PROFILE",
				    "DATABRICKS_CONFIG_FILE", "DATABRICKS_CLI_PATH", NULL };

static void setup(void)
{
	for (int i = 0; envs[i]; i++) unsetenv(envs[i]);
	dir = tu_tmpdir();
	setenv("HOME", dir, 1); /* no ~/.databrickscfg unless a test writes one */
	snprintf(cfgpath, sizeof cfgpath, "%s/.databrickscfg", dir);
	memset(&c, 0, sizeof c);
	err[0] = 0;
}

static void teardown(void)
{
	wsconfig_free(&c);
	tu_rmrf(dir);
	free(dir);
}

static void write_cfg(const char *text, mode_t mode)
{
	FILE *f = fopen(cfgpath, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	chmod(cfgpath, mode);
}

static int resolve(const char *profile, const char *host)
{
	struct ws_config_flags fl = { profile, host };
	wsconfig_free(&c);
	return wsconfig_resolve(&fl, &c, err, sizeof err);
}

static const char file3[] =
	"[DEFAULT]\nhost = https://default.cloud.databricks.com\ntoken = dapiDEFAULTSECRET\n\n"
	"[dev]\nhost = https://dev.cloud.databricks.com/\ntoken = dapiDEVSECRET\n\n"
	"; a comment\n[sp]\nhost = adb-1.azuredatabricks.net\nclient_id = abc\nclient_secret = SPSECRET\n";

TestSuite(wsconfig, .init = setup, .fini = teardown);

Test(wsconfig, default_profile_is_used)
{
	write_cfg(file3, 0600);
	cr_assert_eq(resolve(NULL, NULL), 0, "%s", err);
	cr_assert_str_eq(c.host, "https://default.cloud.databricks.com");
	cr_assert_eq(c.auth, WS_AUTH_PAT);
	cr_assert_str_eq(c.token, "dapiDEFAULTSECRET");
	cr_assert_str_eq(c.profile, "DEFAULT");
	cr_assert_str_eq(c.warning, "");
}

Test(wsconfig, named_profile_and_host_normalised)
{
	write_cfg(file3, 0600);
	cr_assert_eq(resolve("dev", NULL), 0, "%s", err);
	cr_assert_str_eq(c.host, "https://dev.cloud.databricks.com");
	cr_assert_str_eq(c.token, "dapiDEVSECRET");
	cr_assert_eq(resolve("sp", NULL), 0, "%s", err);
	cr_assert_str_eq(c.host, "https://adb-1.azuredatabricks.net");
	cr_assert_eq(c.auth, WS_AUTH_OAUTH_M2M);
	cr_assert_str_eq(c.client_id, "abc");
}

Test(wsconfig, env_profile_and_flag_precedence)
{
	write_cfg(file3, 0600);
	setenv("DATABRICKS_CONFIG_PROFILE", "dev", 1);
	cr_assert_eq(resolve(NULL, NULL), 0, "%s", err);
	cr_assert_str_eq(c.profile, "dev");
	cr_assert_eq(resolve("DEFAULT", NULL), 0, "%s", err); /* --profile beats the variable */
	cr_assert_str_eq(c.profile, "DEFAULT");
}

Test(wsconfig, flags_beat_env_beat_file)
{
	write_cfg(file3, 0600);
	setenv("DATABRICKS_HOST", "https://env.example.com", 1);
	setenv("DATABRICKS_TOKEN", "dapiENVSECRET", 1);
	cr_assert_eq(resolve(NULL, NULL), 0, "%s", err);
	cr_assert_str_eq(c.host, "https://env.example.com");
	cr_assert_str_eq(c.token, "dapiENVSECRET");
	cr_assert_eq(resolve(NULL, "https://flag.example.com"), 0, "%s", err);
	cr_assert_str_eq(c.host, "https://flag.example.com");
	cr_assert_str_eq(c.token, "dapiENVSECRET");
}

Test(wsconfig, settings_default_profile)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "[__settings__]\ndefault_profile = dev\n\n%s", file3);
	write_cfg(buf_str(&b), 0600);
	buf_free(&b);
	cr_assert_eq(resolve(NULL, NULL), 0, "%s", err);
	cr_assert_str_eq(c.profile, "dev");
}

Test(wsconfig, missing_profile_lists_the_others)
{
	write_cfg(file3, 0600);
	cr_assert_eq(resolve("prod", NULL), -1);
	cr_assert(strstr(err, "no profile 'prod'"), "%s", err);
	cr_assert(strstr(err, "DEFAULT, dev, sp"), "%s", err);
	cr_assert_null(strstr(err, "__settings__"));
}

Test(wsconfig, missing_profile_without_file)
{
	cr_assert_eq(resolve("prod", NULL), -1);
	cr_assert(strstr(err, "prod"), "%s", err);
}

Test(wsconfig, two_auth_methods_conflict)
{
	setenv("DATABRICKS_HOST", "https://h.example.com", 1);
	setenv("DATABRICKS_TOKEN", "dapiCONFLICTSECRET", 1);
	setenv("DATABRICKS_CLIENT_ID", "id", 1);
	setenv("DATABRICKS_CLIENT_SECRET", "CLIENTSECRETVALUE", 1);
	cr_assert_eq(resolve(NULL, NULL), -1);
	cr_assert(strstr(err, "more than one authentication method"), "%s", err);
	cr_assert_null(strstr(err, "dapiCONFLICTSECRET"));
	cr_assert_null(strstr(err, "CLIENTSECRETVALUE"));
	setenv("DATABRICKS_AUTH_TYPE", "oauth-m2m", 1); /* an explicit auth type settles it */
	cr_assert_eq(resolve(NULL, NULL), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_OAUTH_M2M);
}

Test(wsconfig, no_host_no_credentials_bad_auth_type)
{
	setenv("DATABRICKS_TOKEN", "x", 1);
	cr_assert_eq(resolve(NULL, NULL), -1);
	cr_assert(strstr(err, "no workspace host"), "%s", err);
	unsetenv("DATABRICKS_TOKEN");
	setenv("PATH", "/nonexistent", 1);   /* no Databricks CLI to fall back on */
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1);
	cr_assert(strstr(err, "no credentials"), "%s", err);
	setenv("DATABRICKS_AUTH_TYPE", "azure-cli", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1);
	cr_assert(strstr(err, "not supported"), "%s", err);
	setenv("DATABRICKS_AUTH_TYPE", "databricks-cli", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_CLI);
	cr_assert_str_eq(c.cli_path, "databricks");
}

Test(wsconfig, plain_http_only_to_loopback)
{
	setenv("DATABRICKS_TOKEN", "x", 1);
	cr_assert_eq(resolve(NULL, "http://example.com"), -1);
	cr_assert(strstr(err, "refusing plain http"), "%s", err);
	cr_assert_eq(resolve(NULL, "http://10.0.0.1:80"), -1);
	cr_assert_eq(resolve(NULL, "http://127.0.0.1:8080/"), 0, "%s", err);
	cr_assert_str_eq(c.host, "http://127.0.0.1:8080");
	cr_assert_eq(resolve(NULL, "http://127.3.4.5"), 0, "%s", err);
	cr_assert_eq(resolve(NULL, "http://localhost:1"), 0, "%s", err);
	cr_assert_eq(resolve(NULL, "http://[::1]:9"), 0, "%s", err);
	cr_assert_eq(resolve(NULL, "http://127.0.0.1.evil.com"), -1);
	cr_assert_eq(resolve(NULL, "https://user:pw@h.example.com"), -1);
	cr_assert_eq(resolve(NULL, "ftp://h.example.com"), -1);
	cr_assert(wsconfig_is_loopback("::1"));
	cr_assert_not(wsconfig_is_loopback("128.0.0.1"));
}

Test(wsconfig, permission_warning_names_file_and_fix)
{
	write_cfg(file3, 0644);
	cr_assert_eq(resolve(NULL, NULL), 0, "%s", err);
	cr_assert(strstr(c.warning, cfgpath), "%s", c.warning);
	cr_assert(strstr(c.warning, "chmod 600"), "%s", c.warning);
	cr_assert_null(strstr(c.warning, "SECRET"));
	write_cfg("[DEFAULT]\nhost = https://h.example.com\nauth_type = databricks-cli\n", 0644);
	cr_assert_eq(resolve(NULL, NULL), 0, "%s", err);
	cr_assert_str_eq(c.warning, "", "no secret in the file: no warning");
}

Test(wsconfig, config_file_from_env_and_parse_error)
{
	char other[600];
	snprintf(other, sizeof other, "%s/other.cfg", dir);
	FILE *f = fopen(other, "w");
	fputs("[x]\nhost = https://x.example.com\ntoken = dapiXSECRET\nthis line is broken\n", f);
	fclose(f);
	setenv("DATABRICKS_CONFIG_FILE", other, 1);
	cr_assert_eq(resolve("x", NULL), -1);
	cr_assert(strstr(err, ":4:"), "%s", err);
	cr_assert_null(strstr(err, "dapiXSECRET"));
}

Test(wsconfig, no_message_carries_a_secret)
{
	/* every failure path above, with secrets set everywhere */
	write_cfg("[DEFAULT]\nhost = http://example.com\ntoken = dapiFILESECRET\nclient_id = i\nclient_secret = FILECLIENTSECRET\n", 0644);
	setenv("DATABRICKS_TOKEN", "dapiENVSECRET2", 1);
	const char *hosts[] = { NULL, "http://example.com", "https://u:dapiENVSECRET2@x.com", "https://ok.example.com" };
	for (int i = 0; i < 4; i++) {
		resolve(NULL, hosts[i]);
		cr_assert_null(strstr(err, "SECRET"), "%s", err);
		cr_assert_null(strstr(c.warning, "SECRET"), "%s", c.warning);
	}
	resolve("nope", NULL);
	cr_assert_null(strstr(err, "SECRET"), "%s", err);
}

Test(wsconfig, a_signed_in_cli_is_the_last_resort)
{
	char bindir[] = "/tmp/pwaf-cli-XXXXXX";
	cr_assert_not_null(mkdtemp(bindir));
	char prog[256];
	snprintf(prog, sizeof prog, "%s/databricks", bindir);
	FILE *f = fopen(prog, "w");
	fputs("#!/bin/sh\necho '{}'\n", f);
	fclose(f);
	chmod(prog, 0755);
	setenv("PATH", bindir, 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_CLI);
	cr_assert_str_eq(c.cli_path, "databricks");
	unlink(prog);
	rmdir(bindir);
}

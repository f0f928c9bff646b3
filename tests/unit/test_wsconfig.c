/* test_wsconfig.c - credential precedence, profiles, conflicts, host rules, warnings, no secrets. */
#include "core/buf.h"
#include "testutil.h"
#include "ws/wsconfig.h"

#include <criterion/criterion.h>
#include <errno.h>
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
				    "DATABRICKS_CONFIG_FILE", "DATABRICKS_CLI_PATH", "DATABRICKS_USERNAME",
				    "DATABRICKS_PASSWORD", "DATABRICKS_METADATA_SERVICE_URL", "DATABRICKS_OIDC_TOKEN",
				    "DATABRICKS_OIDC_TOKEN_ENV", "DATABRICKS_OIDC_TOKEN_FILEPATH", "DATABRICKS_AZURE_RESOURCE_ID",
				    "DATABRICKS_CLOUD", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_TENANT_ID", "ARM_USE_MSI",
				    "ARM_ENVIRONMENT", "GOOGLE_CREDENTIALS", "DATABRICKS_GOOGLE_SERVICE_ACCOUNT",
				    "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "PWAF_TEST_AZURE_LOGIN_URL",
				    NULL };

static void setup(void)
{
	for (int i = 0; envs[i]; i++) unsetenv(envs[i]);
	dir = tu_tmpdir();
	setenv("HOME", dir, 1); /* no ~/.databrickscfg unless a test writes one */
	setenv("PATH", "/nonexistent", 1); /* no databricks or az CLI unless a test puts one there */
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
	struct ws_config_flags fl = { .profile = profile, .host = host };
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
	cr_assert(strstr(err, "no credentials for https://h.example.com"), "%s", err);
	setenv("DATABRICKS_AUTH_TYPE", "azure-cli", 1); /* config/auth_azure_cli.go: only for Azure hosts */
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1);
	cr_assert(strstr(err, "works only with Azure Databricks"), "%s", err);
	setenv("DATABRICKS_AUTH_TYPE", "azure-msi", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1);
	cr_assert(strstr(err, "auth_type azure-msi (from DATABRICKS_AUTH_TYPE) is not supported by pwaf; supported: pat,"),
		  "%s", err);
	setenv("DATABRICKS_AUTH_TYPE", "bogus", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1);
	cr_assert(strstr(err, "not an auth type of the Databricks SDKs"), "%s", err);
	setenv("DATABRICKS_AUTH_TYPE", "databricks-cli", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_CLI);
	cr_assert_null(c.cli_path);
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

/* A fake CLI of size bytes (the SDK takes files under 1 MiB for the legacy Python CLI). */
static char *fake_program(const char *name, long size)
{
	static char bindir[64];
	snprintf(bindir, sizeof bindir, "%s/bin", dir);
	mkdir(bindir, 0755);
	char *prog = NULL;
	if (asprintf(&prog, "%s/%s", bindir, name) < 0) return NULL;
	FILE *f = fopen(prog, "w");
	fputs("#!/bin/sh\necho '{}'\n", f);
	for (long i = 20; i < size; i++) fputc('#', f);
	fclose(f);
	chmod(prog, 0755);
	setenv("PATH", bindir, 1);
	return prog;
}

/* config/auth_default.go: the CLI is a candidate of the chain, picked only by auth_token's dry run */
Test(wsconfig, a_cli_on_path_is_a_candidate_not_a_choice)
{
	char *prog = fake_program("databricks", 100);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1, "a small file is the legacy CLI: no candidate");
	cr_assert(strstr(err, "legacy Databricks CLI"), "%s", err);
	free(prog);
	prog = fake_program("databricks", WS_CLI_MIN_SIZE + 10);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_CLI, "the only candidate");
	setenv("DATABRICKS_CLIENT_ID", "id", 1);
	setenv("DATABRICKS_CLIENT_SECRET", "secret", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_DEFAULT, "two candidates: decided by dry runs");
	cr_assert_eq(c.nchain, 2);
	cr_assert_eq(c.chain[0], WS_AUTH_OAUTH_M2M, "the SDK's order: oauth-m2m before databricks-cli");
	cr_assert_eq(c.chain[1], WS_AUTH_CLI);
	cr_assert_str_eq(wsconfig_auth_name(c.auth), "default");
	setenv("DATABRICKS_TOKEN", "dapiT", 1);
	setenv("DATABRICKS_AUTH_TYPE", "pat", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_PAT);
	unlink(prog);
	free(prog);
}

/* config/config_file.go configFileLoader.Configure: no profile named and a host or an auth
 * attribute from flags/env: the config file is not read (its [DEFAULT] may be another workspace) */
Test(wsconfig, no_config_file_when_host_or_auth_comes_from_flags_or_env)
{
	write_cfg(file3, 0600);
	setenv("PATH", "/nonexistent", 1);
	cr_assert_eq(resolve(NULL, "https://flag.example.com"), -1);
	cr_assert(strstr(err, "no credentials for https://flag.example.com"), "%s", err);
	cr_assert(strstr(err, "no config file was read"), "%s", err);
	cr_assert_null(strstr(err, "dapiDEFAULTSECRET"));
	cr_assert_null(c.profile);
	setenv("DATABRICKS_HOST", "https://env.example.com", 1);
	cr_assert_eq(resolve(NULL, NULL), -1);
	cr_assert(strstr(err, "no credentials for https://env.example.com"), "%s", err);
	unsetenv("DATABRICKS_HOST");
	setenv("ARM_CLIENT_ID", "x", 1); /* an auth attribute alone: no file, hence no host */
	cr_assert_eq(resolve(NULL, NULL), -1);
	cr_assert(strstr(err, "no workspace host"), "%s", err);
	unsetenv("ARM_CLIENT_ID");
	cr_assert_eq(resolve("dev", "https://flag.example.com"), 0, "%s", err); /* a named profile is read */
	cr_assert_str_eq(c.host, "https://flag.example.com");
	cr_assert_str_eq(c.token, "dapiDEVSECRET");
	cr_assert_eq(resolve(NULL, NULL), 0, "%s", err); /* nothing from flags/env: [DEFAULT], pinned */
	cr_assert_str_eq(c.profile, "DEFAULT");
}

Test(wsconfig, special_files_are_refused_without_blocking)
{
	char fifo[600];
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	const char *paths[] = { fifo, dir, "/dev/zero", "/dev/null" };
	for (int i = 0; i < 4; i++) {
		setenv("DATABRICKS_CONFIG_FILE", paths[i], 1);
		cr_assert_eq(resolve("x", NULL), -1, "%s", paths[i]);
		cr_assert(strstr(err, "not a regular file"), "%s: %s", paths[i], err);
	}
	size_t n;
	errno = 0;
	cr_assert_null(wsconfig_read_regular(fifo, 100, &n, NULL));
	cr_assert_eq(errno, EINVAL);
	write_cfg("[a]\nhost = https://h.example.com\n", 0600);
	cr_assert_null(wsconfig_read_regular(cfgpath, 10, &n, NULL), "over the size cap");
	cr_assert_eq(errno, EFBIG);
}

Test(wsconfig, user_text_in_messages_is_sanitised)
{
	write_cfg("[DEFAULT]\nhost = https://h.example.com\n[\033]0;title\007x]\ntoken = a\n", 0600);
	cr_assert_eq(resolve("\033[31mred\033[0m", NULL), -1);
	cr_assert(strstr(err, "no profile"), "%s", err);
	cr_assert_null(strchr(err, '\033'), "%s", err);
	cr_assert_null(strchr(err, '\007'), "%s", err);
	setenv("DATABRICKS_AUTH_TYPE", "x\033[2J\r\n", 1);
	cr_assert_eq(resolve(NULL, NULL), -1);
	cr_assert_null(strchr(err, '\033'), "%s", err);
	cr_assert_null(strchr(err, '\n'), "%s", err);
	setenv("DATABRICKS_AUTH_TYPE", "pat", 1);
	setenv("ARM_USE_MSI", "maybe\033[1m", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1);
	cr_assert(strstr(err, "azure_use_msi"), "%s", err);
	cr_assert_null(strchr(err, '\033'), "%s", err);
}

Test(wsconfig, a_token_outside_the_token_alphabet_is_refused_unprinted)
{
	const char *bad[] = { "dapi\r\nX-Injected: yes", "dapi with space", "dapi\tx", "dapié", "dapi\x7f" };
	for (int i = 0; i < 5; i++) {
		setenv("DATABRICKS_TOKEN", bad[i], 1);
		cr_assert_eq(resolve(NULL, "https://h.example.com"), -1, "%d", i);
		cr_assert(strstr(err, "holds a character that cannot be in a token"), "%s", err);
		cr_assert_null(strstr(err, "dapi"), "%s", err);
	}
	setenv("DATABRICKS_TOKEN", "dapi0123abcdef-_.~+/=", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
}

/* config/config.go: the Azure attributes and their ARM_* variables; azure.go: the cloud's endpoints */
Test(wsconfig, azure_client_secret_from_arm_variables)
{
	setenv("PATH", "/nonexistent", 1);
	setenv("ARM_CLIENT_ID", "az-id", 1);
	setenv("ARM_CLIENT_SECRET", "az-secret", 1);
	setenv("ARM_TENANT_ID", "tenant-1", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1, "not an Azure host: no candidate");
	cr_assert_eq(resolve(NULL, "adb-123.4.azuredatabricks.net"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_AZURE_SECRET);
	cr_assert(c.is_azure);
	cr_assert_str_eq(c.azure_login, "https://login.microsoftonline.com/");
	cr_assert_str_eq(c.azure_app_id, "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d");
	cr_assert_str_eq(c.azure_management, "https://management.core.windows.net/");
	cr_assert_eq(resolve(NULL, "adb-1.databricks.azure.us"), 0, "%s", err);
	cr_assert_str_eq(c.azure_login, "https://login.microsoftonline.us/");
	cr_assert_eq(resolve(NULL, "adb-1.databricks.azure.cn"), 0, "%s", err);
	cr_assert_str_eq(c.azure_management, "https://management.core.chinacloudapi.cn/");
	setenv("PWAF_TEST_AZURE_LOGIN_URL", "https://login.example.com/", 1);
	cr_assert_eq(resolve(NULL, "http://127.0.0.1:9"), -1, "a test override must be loopback");
	setenv("PWAF_TEST_AZURE_LOGIN_URL", "http://127.0.0.1:8", 1);
	cr_assert_eq(resolve(NULL, "https://adb-1.azuredatabricks.net"), -1, "and only for a loopback workspace");
	cr_assert_eq(resolve(NULL, "http://127.0.0.1:9"), 0, "%s", err);
	cr_assert_str_eq(c.azure_login, "http://127.0.0.1:8/");
	unsetenv("PWAF_TEST_AZURE_LOGIN_URL");
	setenv("DATABRICKS_CLIENT_ID", "dbx", 1);
	cr_assert_eq(resolve(NULL, "adb-1.azuredatabricks.net"), -1, "azure and oauth attributes at once");
	cr_assert(strstr(err, "azure (azure_client_secret from ARM_CLIENT_SECRET)"), "%s", err);
	cr_assert(strstr(err, "oauth (client_id from DATABRICKS_CLIENT_ID)"), "%s", err);
}

Test(wsconfig, oidc_and_metadata_types)
{
	setenv("PATH", "/nonexistent", 1);
	setenv("DATABRICKS_OIDC_TOKEN", "jwt", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_ENV_OIDC);
	cr_assert_str_eq(c.oidc_token_env, "DATABRICKS_OIDC_TOKEN");
	setenv("DATABRICKS_OIDC_TOKEN_FILEPATH", "/some/file", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_DEFAULT, "env-oidc, then file-oidc");
	cr_assert_eq(c.chain[0], WS_AUTH_ENV_OIDC);
	cr_assert_eq(c.chain[1], WS_AUTH_FILE_OIDC);
	unsetenv("DATABRICKS_OIDC_TOKEN");
	unsetenv("DATABRICKS_OIDC_TOKEN_FILEPATH");
	setenv("DATABRICKS_AUTH_TYPE", "env-oidc", 1);
	setenv("DATABRICKS_OIDC_TOKEN_ENV", "MY_VAR", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1);
	cr_assert(strstr(err, "the variable MY_VAR holds no OIDC token"), "%s", err);
	setenv("MY_VAR", "jwt", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_str_eq(c.oidc_token_env, "MY_VAR");
	unsetenv("MY_VAR");
	unsetenv("DATABRICKS_OIDC_TOKEN_ENV");
	setenv("DATABRICKS_AUTH_TYPE", "metadata-service", 1);
	const char *bad[] = { "http://example.com/t", "http://127.0.0.2:1/t", "http://u@127.0.0.1:1/t", "http://localhost.evil/t" };
	for (int i = 0; i < 4; i++) {
		setenv("DATABRICKS_METADATA_SERVICE_URL", bad[i], 1);
		cr_assert_eq(resolve(NULL, "https://h.example.com"), -1, "%s", bad[i]);
		cr_assert(strstr(err, "only localhost URLs are allowed"), "%s", err);
	}
	setenv("DATABRICKS_METADATA_SERVICE_URL", "http://localhost:1234/token", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
	cr_assert_eq(c.auth, WS_AUTH_METADATA);
}

Test(wsconfig, basic_credentials_are_honestly_unsupported)
{
	setenv("DATABRICKS_USERNAME", "u", 1);
	setenv("DATABRICKS_PASSWORD", "PASSWORDSECRET", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), -1);
	cr_assert(strstr(err, "auth type basic, which is not supported by pwaf"), "%s", err);
	cr_assert_null(strstr(err, "PASSWORDSECRET"));
	unsetenv("DATABRICKS_USERNAME");
	unsetenv("DATABRICKS_PASSWORD");
	setenv("ARM_USE_MSI", "false", 1); /* a false bool is unset, as in Go */
	setenv("DATABRICKS_TOKEN", "t", 1);
	cr_assert_eq(resolve(NULL, "https://h.example.com"), 0, "%s", err);
}

Test(wsconfig, scopes_from_the_file_sorted_and_unique)
{
	write_cfg("[s]\nhost = https://h.example.com\ntoken = t\nscopes = sql, all-apis,sql , offline_access\n", 0600);
	cr_assert_eq(resolve("s", NULL), 0, "%s", err);
	cr_assert_str_eq(c.scopes, "all-apis offline_access sql");
	write_cfg("[s]\nhost = https://h.example.com\ntoken = t\n", 0600);
	cr_assert_eq(resolve("s", NULL), 0, "%s", err);
	cr_assert_str_eq(c.scopes, "all-apis");
}

Test(wsconfig, copy_is_deep)
{
	setenv("PATH", "/nonexistent", 1);
	setenv("ARM_CLIENT_ID", "az-id", 1);
	setenv("ARM_CLIENT_SECRET", "az-secret", 1);
	setenv("ARM_TENANT_ID", "tenant-1", 1);
	setenv("DATABRICKS_AZURE_RESOURCE_ID", "/subscriptions/s/x", 1);
	cr_assert_eq(resolve(NULL, "adb-1.azuredatabricks.net"), 0, "%s", err);
	struct ws_config d;
	wsconfig_copy(&d, &c);
	cr_assert_str_eq(d.host, c.host);
	cr_assert_neq(d.host, c.host);
	cr_assert_str_eq(d.azure_client_secret, "az-secret");
	cr_assert_neq(d.azure_client_secret, c.azure_client_secret);
	cr_assert_str_eq(d.azure_resource_id, "/subscriptions/s/x");
	cr_assert_str_eq(d.azure_login, c.azure_login);
	cr_assert_eq(d.auth, c.auth);
	wsconfig_free(&d);
	cr_assert_str_eq(c.azure_client_secret, "az-secret", "the original is untouched");
}

Test(wsconfig, same_origin)
{
	cr_assert(wsconfig_same_origin("https://h.example.com/oidc/v1/token", "https://h.example.com"));
	cr_assert(wsconfig_same_origin("https://H.Example.com:443/oidc/v1/token", "https://h.example.com"));
	cr_assert(wsconfig_same_origin("http://127.0.0.1:8080/oidc", "http://127.0.0.1:8080"));
	cr_assert_not(wsconfig_same_origin("https://evil.com/oidc/v1/token", "https://h.example.com"));
	cr_assert_not(wsconfig_same_origin("http://h.example.com/oidc/v1/token", "https://h.example.com"));
	cr_assert_not(wsconfig_same_origin("https://h.example.com:8443/x", "https://h.example.com"));
	cr_assert_not(wsconfig_same_origin("https://h.example.com@evil.com/x", "https://h.example.com"));
	cr_assert_not(wsconfig_same_origin("https://h.example.com.evil.com/x", "https://h.example.com"));
	cr_assert_not(wsconfig_same_origin("http://127.0.0.1:8081/x", "http://127.0.0.1:8080"));
	cr_assert_not(wsconfig_same_origin("//h.example.com/x", "https://h.example.com"));
	cr_assert_not(wsconfig_same_origin("https://h.example.com:0/x", "https://h.example.com"));
}

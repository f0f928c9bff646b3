/* wsconfig.h - resolve workspace credentials like the Databricks SDKs and CLI do. */
#ifndef PWAF_WSCONFIG_H
#define PWAF_WSCONFIG_H

#include <stddef.h>

enum ws_auth {
	WS_AUTH_PAT,            /* a personal access token: Authorization: Bearer */
	WS_AUTH_OAUTH_M2M,      /* client credentials of a service principal, token from /oidc */
	WS_AUTH_CLI,            /* `databricks auth token --host H` prints the token */
};

struct ws_config {
	char *host;             /* "https://h[:port]" (or http for loopback), no path, no trailing slash */
	enum ws_auth auth;
	char *token;            /* pat: the token (secret) */
	char *client_id;        /* oauth-m2m */
	char *client_secret;    /* oauth-m2m (secret) */
	char *cli_path;         /* databricks-cli: the program ("databricks" unless DATABRICKS_CLI_PATH) */
	char *profile;          /* the profile that was read, or NULL */
	char *config_file;      /* the config file that was read, or NULL */
	char warning[512];      /* "" or a warning for stderr (file permissions); never holds a secret */
};

/* What the command line said; NULL fields were not given. */
struct ws_config_flags {
	const char *profile;    /* --profile */
	const char *host;       /* --host */
};

/*
 * Resolve the configuration, attribute by attribute: flags, then DATABRICKS_HOST, DATABRICKS_TOKEN,
 * DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET, DATABRICKS_AUTH_TYPE, DATABRICKS_CLI_PATH, then
 * one profile of the config file (DATABRICKS_CONFIG_FILE or ~/.databrickscfg): --profile, else
 * DATABRICKS_CONFIG_PROFILE, else [__settings__] default_profile, else [DEFAULT] (when present).
 *
 * Returns 0, or -1 with a message in err (for exit code 2) when: a profile that was asked for does
 * not exist (the message lists the ones that do), the file cannot be parsed, there is no host, the
 * host is plain http and not loopback (127.0.0.0/8, ::1, localhost), two auth methods are set at
 * once, the auth type is unknown, or no credentials are set. No message ever contains a secret.
 * Free with wsconfig_free (also after a failure).
 */
int wsconfig_resolve(const struct ws_config_flags *flags, struct ws_config *out, char *err, size_t errlen);
void wsconfig_free(struct ws_config *c);

/* "pat", "oauth-m2m", "databricks-cli". */
const char *wsconfig_auth_name(enum ws_auth a);

/*
 * Normalise a host ("adb-1.azuredatabricks.net", "https://h/", "http://127.0.0.1:8080"):
 * adds https:// when there is no scheme, drops a trailing slash or path. Returns a malloc'd
 * string, or NULL with a message in err (bad URL, user info in the URL, http to a non-loopback host).
 */
char *wsconfig_normalize_host(const char *host, char *err, size_t errlen);

/* 1 when the host part of a URL or bare host is loopback. */
int wsconfig_is_loopback(const char *host);

#endif

/* wsconfig.h - resolve workspace credentials as the Databricks Go SDK's config/ package does. */
#ifndef PWAF_WSCONFIG_H
#define PWAF_WSCONFIG_H

#include <stddef.h>
#include <sys/stat.h>

/* The auth types pwaf implements, named as the SDK's credential strategies (config/auth_*.go). */
enum ws_auth {
	WS_AUTH_PAT,            /* "pat": a personal access token */
	WS_AUTH_OAUTH_M2M,      /* "oauth-m2m": client credentials at the workspace's /oidc token endpoint */
	WS_AUTH_CLI,            /* "databricks-cli": `databricks auth token` */
	WS_AUTH_METADATA,       /* "metadata-service": a token from a local metadata service */
	WS_AUTH_ENV_OIDC,       /* "env-oidc": an OIDC token from a variable, exchanged at the workspace */
	WS_AUTH_FILE_OIDC,      /* "file-oidc": an OIDC token from a file, exchanged at the workspace */
	WS_AUTH_AZURE_SECRET,   /* "azure-client-secret": Entra ID client credentials */
	WS_AUTH_AZURE_CLI,      /* "azure-cli": `az account get-access-token` */
	WS_AUTH_DEFAULT,        /* no auth_type and several candidates: auth_token() tries cfg->chain */
	WS_AUTH_N
};

#define WS_CHAIN_MAX 8

struct ws_config {
	char *host;             /* "https://h[:port]" (or http for loopback), no path, no trailing slash */
	enum ws_auth auth;
	enum ws_auth chain[WS_CHAIN_MAX]; /* WS_AUTH_DEFAULT: the candidates, in the SDK's chain order */
	int nchain;
	char *chain_stop;       /* WS_AUTH_DEFAULT: a type pwaf lacks that the SDK would try after them, or NULL */
	char *token;            /* pat (secret) */
	char *client_id;        /* oauth-m2m; env-oidc and file-oidc (optional: workload identity federation) */
	char *client_secret;    /* oauth-m2m (secret) */
	char *cli_path;         /* databricks_cli_path, or NULL: "databricks" on PATH */
	char *profile;          /* the profile that was read (also the [DEFAULT] fallback), or NULL */
	char *config_file;      /* the config file that was read, or NULL */
	char *metadata_service_url; /* metadata-service (secret: it grants tokens) */
	char *oidc_token_env;   /* env-oidc: the variable ("DATABRICKS_OIDC_TOKEN" unless oidc_token_env) */
	char *oidc_token_file;  /* file-oidc: databricks_id_token_filepath */
	char *azure_client_id, *azure_client_secret, *azure_tenant_id, *azure_resource_id;
	char *azure_login;      /* Entra ID login endpoint of the host's cloud, ending in '/' */
	char *azure_app_id;     /* Azure Databricks' application id (the token resource) */
	char *azure_management; /* the service management endpoint (the second token's resource) */
	int is_azure;           /* Config.IsAzure() */
	char *scopes;           /* OAuth scopes, space-separated, sorted, unique ("all-apis" by default) */
	char *account_id;       /* account_id: needed by an account host, optional on a workspace */
	char *warehouse_id;     /* warehouse_id: the SQL warehouse for system-table queries, or NULL */
	int is_account;         /* the host is an account console (config.go HostType AccountHost) */
	char warning[512];      /* "" or a warning for stderr (file permissions); never holds a secret */
};

/* What the command line said; NULL fields were not given. */
struct ws_config_flags {
	const char *profile;    /* --profile */
	const char *host;       /* --host */
	int profile_only;       /* only the named profile, no environment: a second identity (an account
	                           profile) must not borrow the workspace's DATABRICKS_* variables */
};

/*
 * Resolve the configuration as the SDK's Config.EnsureResolved: attributes from the flags, then
 * the environment (DATABRICKS_HOST, DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID, ARM_CLIENT_ID, ... as
 * config/config.go names them), then one profile of the config file (DATABRICKS_CONFIG_FILE or
 * ~/.databrickscfg): --profile, else DATABRICKS_CONFIG_PROFILE, else [__settings__] default_profile,
 * else [DEFAULT]. As configFileLoader.Configure, the file is not read at all when no profile is
 * named and a host, an azure_workspace_resource_id or any auth attribute already came from the
 * flags or the environment: credentials written for another workspace never go to this one.
 *
 * Then the auth type: auth_type when set (one pwaf lacks gets "is not supported by pwaf"), else the
 * SDK's default chain (config/auth_default.go) as far as it can be decided without the network or
 * a child process; several candidates give WS_AUTH_DEFAULT and auth_token() dry-runs them in order.
 * Neither does I/O beyond reading the config file and looking for programs on PATH.
 *
 * Returns 0, or -1 with a one-line message in err (exit code 2): a named profile is missing, the
 * file is not a regular file or cannot be parsed (file:line), no host, plain http to a host that
 * is not loopback, auth attributes of two methods without auth_type, an unknown or unsupported
 * auth type, missing attributes of the chosen type, a token with characters outside the token
 * alphabet, no credentials at all. Messages never hold a secret; user text in them is sanitised.
 * Free with wsconfig_free (also after a failure).
 */
int wsconfig_resolve(const struct ws_config_flags *flags, struct ws_config *out, char *err, size_t errlen);
void wsconfig_free(struct ws_config *c);

/* 1 when host (a URL) is an account console: https://accounts.* or https://accounts-dod.* */
int wsconfig_is_account_host(const char *host);

/*
 * The workspace profiles of the config file (DATABRICKS_CONFIG_FILE or ~/.databrickscfg): every
 * section with keys except [__settings__], in file order ([DEFAULT] first when it has keys).
 * Returns the count with *names a NULL-terminated malloc'd list (free with wsconfig_free_names)
 * and *path the file read (malloc'd), or -1 with err (no file, not a regular file, file:line of a
 * parse error).
 */
int wsconfig_profiles(char ***names, char **path, char *err, size_t errlen);
void wsconfig_free_names(char **names);

/*
 * The host of an account's workspace, as the SDK's AccountClient.GetWorkspaceClient
 * (account_functions.go workspaceHost, common/environment/environments.go): an account host in a
 * known DNS zone (accounts.cloud.databricks.com, accounts.azuredatabricks.net, ...) gives
 * https://<deployment_name><zone>. For loopback tests, http://accounts.localhost:PORT gives
 * http://<deployment_name>.localhost:PORT. deployment_name must be DNS labels (a-z 0-9 - .).
 * Returns a malloc'd URL, or NULL with err: a bad deployment name, or an account host outside the
 * known zones (a unified host, which pwaf does not address per workspace yet).
 */
char *wsconfig_workspace_host(const char *account_host, const char *deployment_name, char *err, size_t errlen);

/* A deep copy of src into dst (every field). */
void wsconfig_copy(struct ws_config *dst, const struct ws_config *src);

/* "pat", "oauth-m2m", "databricks-cli", ..., "default". */
const char *wsconfig_auth_name(enum ws_auth a);

/*
 * Normalise a host ("adb-1.azuredatabricks.net", "https://h/", "http://127.0.0.1:8080"):
 * adds https:// when there is no scheme, drops a trailing slash or path. Returns a malloc'd
 * string, or NULL with a message in err (bad URL, user info in the URL, http to a non-loopback host).
 */
char *wsconfig_normalize_host(const char *host, char *err, size_t errlen);

/* 1 when the host part of a URL or bare host is loopback. */
int wsconfig_is_loopback(const char *host);

/*
 * 1 when url (http or https) has the same scheme, host and port as origin (a normalised host);
 * an absent port is the scheme's default. 0 otherwise, also for user info or a malformed URL.
 */
int wsconfig_same_origin(const char *url, const char *origin);

/*
 * Read a whole regular file without blocking on FIFOs or devices: opened O_NONBLOCK, checked with
 * fstat (regular files only, at most max bytes). Returns a malloc'd NUL-terminated copy (length in
 * *len, metadata in *st when st is not NULL), or NULL with errno set (ENOENT, EACCES, EINVAL for not
 * a regular file, EFBIG for too large, ...).
 */
char *wsconfig_read_regular(const char *path, size_t max, size_t *len, struct stat *st);

/*
 * Find a program as the SDK does (findDatabricksCli, exec.LookPath): a name with '/' is taken as
 * is, else looked up on PATH. min_size > 0: smaller files do not count (the SDK's test for the
 * legacy Python CLI, 1 MiB). Returns 0 with a malloc'd path in *path, -1 when not found, -2 when
 * only files smaller than min_size were found.
 */
int wsconfig_find_program(const char *name, long min_size, char **path);

#define WS_CLI_MIN_SIZE (1024L * 1024)

#endif

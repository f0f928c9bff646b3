/* authint.h - what auth.c and authcmd.c share: the private state and the helpers between them. */
#ifndef PWAF_AUTHINT_H
#define PWAF_AUTHINT_H

#include "ws/auth.h"
#include "core/buf.h"

struct auth_priv {
	char *token;            /* the bearer token (secret) */
	time_t refresh_at;      /* fetch a new one from then on */
	char *mgmt;             /* Azure: the service management token (secret), or NULL */
	char *token_endpoint;   /* the workspace's OAuth token endpoint, once discovered */
	char **cli_argv;        /* databricks-cli: `databricks auth token ...`, decided once */
	char *tenant;           /* azure-cli: the tenant (configured or discovered), "" for none */
	int az_known, az_sp, az_msi; /* azure-cli: `az account show` */
	char *ua;               /* the User-Agent naming the auth type in use */
	const char *orig_ua;    /* the caller's, put back by auth_free */
	const char *const *orig_headers;
	char *hdr[3];           /* extra header lines (secret: the management token) */
	const char *headers[3];
	unsigned seed;          /* backoff jitter */
};

/* Run argv (argv[0] looked up on PATH) with stdin from /dev/null, collecting stdout and stderr
 * (1 MB each at most) for timeout_ms. Returns the exit status (128 and up for a signal), or -1
 * when it could not run (*enoent set when the program was not found) or timed out (err set). */
int auth_run(const char *const argv[], struct buf *out, struct buf *errout, int timeout_ms, int *enoent, char *err,
	     size_t errlen);

/* GET url without credentials and without following a redirect; the Location header of a 3xx
 * answer into loc. Returns 0, or -1 with err. */
int auth_get_location(struct auth *a, const char *url, char *loc, size_t n, char *err, size_t errlen);

/* databricks-cli (config/cli_token_source.go). Returns 0 with *t, or -1 with err and *status. */
int auth_cli_fetch(struct auth *a, struct auth_tok *t, char *err, size_t errlen, long *status);

/* azure-cli (config/auth_azure_cli.go): the token for Azure Databricks in *t, the management
 * token in *mgmt (NULL when the CLI gives none: the header is then left out). */
int auth_az_fetch(struct auth *a, struct auth_tok *t, char **mgmt, char *err, size_t errlen, long *status);

/* A one-line, sanitised rendering of program or server text (malloc'd). */
char *auth_safe(const char *s, size_t n, size_t max);

#endif

/* auth.h - bearer tokens for a workspace from every auth type pwaf knows, fetched, checked and cached. */
#ifndef PWAF_AUTH_H
#define PWAF_AUTH_H

#include "ws/authparse.h"
#include "ws/http.h"
#include "ws/wsconfig.h"

#include <stddef.h>
#include <time.h>

struct auth_priv;

struct auth {
	const struct ws_config *cfg;    /* borrowed */
	struct http_opts http;          /* for the token requests: the caller's options, no extra headers */
	struct http_opts *conn;         /* the caller's options for workspace requests (see auth_init) */
	enum ws_auth used;              /* the type in use: cfg->auth, or the one the default chain chose */
	struct auth_priv *p;            /* tokens, endpoints, headers */
};

/*
 * Bind a to the workspace cfg (borrowed: it must outlive a). http: the options the caller uses for
 * every request to the workspace (must outlive a). auth keeps two of its fields current: once the
 * auth type is known, http->user_agent names it ("... auth/azure-cli"), and http->headers carries
 * the credential's extra headers (Azure: X-Databricks-Azure-SP-Management-Token and
 * X-Databricks-Azure-Workspace-Resource-Id). auth_free puts the caller's own values back.
 */
void auth_init(struct auth *a, const struct ws_config *cfg, struct http_opts *http);
void auth_free(struct auth *a);

/*
 * A valid bearer token (owned by a; valid until the next call), fetching it when there is none or
 * it is near its end (lifetimes are clamped to 60 s .. 24 h and renewed a little before the end:
 * half the lifetime, at most 5 min). With WS_AUTH_DEFAULT the candidates of cfg->chain are tried in
 * the SDK's order and the first that produces a token is kept (the SDK's dry run).
 * Blocks (network or a child process); call it from the thread that makes the requests.
 * On failure returns NULL, writes a one-line message to err (never a secret; text from servers and
 * programs sanitised) and sets *status: 401 when credentials were refused, 0 when the token service
 * could not be reached or a program could not be run.
 */
const char *auth_token(struct auth *a, char *err, size_t errlen, long *status);

/* The name of the auth type in use ("default" until the chain chose). */
const char *auth_name(const struct auth *a);

/* Parse an RFC 3339 or "2006-01-02 15:04:05" time to a time_t; 0 if it is not one. */
time_t auth_parse_time(const char *s);

#endif

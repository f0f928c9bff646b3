/* auth.h - bearer tokens for a workspace: PAT as is, OAuth M2M and databricks-cli fetched and cached. */
#ifndef PWAF_AUTH_H
#define PWAF_AUTH_H

#include "http.h"
#include "wsconfig.h"

#include <stddef.h>
#include <time.h>

struct auth {
	const struct ws_config *cfg;    /* borrowed */
	struct http_opts http;          /* for the token requests */
	char *token;                    /* the current bearer token (secret) */
	time_t expires;                 /* 0: does not expire */
	char *token_endpoint;           /* OAuth M2M, from discovery */
};

void auth_init(struct auth *a, const struct ws_config *cfg, const struct http_opts *http);
void auth_free(struct auth *a);

/*
 * A valid bearer token (owned by a; valid until the next call), fetching or refreshing it when it
 * is missing or expires within a minute. On failure returns NULL, writes a message (no secret) to
 * err and sets *status: 401 when the credentials were refused, 0 when the token service could not
 * be reached or the databricks CLI could not be run.
 */
const char *auth_token(struct auth *a, char *err, size_t errlen, long *status);

/* Parse an RFC 3339 time ("2025-01-31T12:00:00.5+01:00", "...Z") to a time_t; 0 if it is not one. */
time_t auth_parse_time(const char *s);

#endif

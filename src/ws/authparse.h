/* authparse.h - pure parsers for credential sources: token responses, CLI output, versions, times. */
#ifndef PWAF_AUTHPARSE_H
#define PWAF_AUTHPARSE_H

#include <stddef.h>
#include <time.h>

/* Token lifetimes are clamped to this window whatever a server says (1e300, -1, 0.5, ...). */
#define AUTH_MIN_LIFETIME 60L
#define AUTH_MAX_LIFETIME 86400L
#define AUTH_DEFAULT_LIFETIME 3600L /* when the response gives none (Go's oauth2 would keep it forever) */

/* A token taken from a response. */
struct auth_tok {
	char *access_token;     /* malloc'd; within the token alphabet */
	long lifetime;          /* seconds from now, AUTH_MIN_LIFETIME..AUTH_MAX_LIFETIME */
};

void auth_tok_free(struct auth_tok *t);

/* 1 when t[0..n) is a usable bearer token: 1 to 16384 bytes of visible ASCII (0x21..0x7e; RFC
 * 6750's b64token is a subset). A CR, LF, space, control or non-ASCII byte makes it 0. */
int auth_token_chars_ok(const char *t, size_t n);

/* Clamp a lifetime in seconds (any double, NaN too) to AUTH_MIN_LIFETIME..AUTH_MAX_LIFETIME. */
long auth_clamp_lifetime(double seconds);

/* Seconds before the end of a lifetime at which the token is renewed: half of it, at most 5 min. */
long auth_refresh_margin(long lifetime);

/*
 * An OAuth token endpoint's 2xx response (Go's golang.org/x/oauth2 internal.RetrieveToken):
 * JSON, or a form when content_type is application/x-www-form-urlencoded or text/plain.
 * access_token is required; expires_in may be a number or a numeric string (Entra ID v1 sends
 * "3599"); missing, null or 0 gives AUTH_DEFAULT_LIFETIME, the rest is clamped.
 * Returns 0 with *t filled (free with auth_tok_free), or -1 with a message (never the token) in err.
 */
int auth_parse_oauth(const char *body, size_t len, const char *content_type, struct auth_tok *t, char *err,
		     size_t errlen);

/* `databricks auth token` output (config/cli_token_source.go): {"access_token", "token_type",
 * "expiry"}; expiry as parseExpiry accepts it. now: the current time. Returns 0 or -1 with err. */
int auth_parse_cli_token(const char *out, size_t len, time_t now, struct auth_tok *t, char *err, size_t errlen);

/* `az account get-access-token --output json` (config/auth_azure_cli.go): "accessToken" and
 * "expiresOn" ("2006-01-02 15:04:05.999999", local time). Returns 0 or -1 with err. */
int auth_parse_az_token(const char *out, size_t len, time_t now, struct auth_tok *t, char *err, size_t errlen);

/* `az account show --output json`: *sp = user.type is servicePrincipal, *msi = it is a managed
 * identity (user.name systemAssignedIdentity or userAssignedIdentity). Returns 0 or -1. */
int auth_parse_az_account(const char *out, size_t len, int *sp, int *msi);

/* A metadata service's answer (config/auth_metadata_service.go, msiToken): "access_token" and
 * "expires_on" (Unix seconds, an integer or an integer string). Returns 0 or -1 with err. */
int auth_parse_metadata(const char *body, size_t len, time_t now, struct auth_tok *t, char *err, size_t errlen);

/* OIDC discovery (/oidc/.well-known/oauth-authorization-server): token_endpoint, malloc'd into
 * *endpoint. Returns 0 or -1 with err. */
int auth_parse_discovery(const char *body, size_t len, char **endpoint, char *err, size_t errlen);

/* The CLI's expiry formats (parseExpiry): RFC 3339 with or without fractions and offsets, or
 * "2006-01-02 15:04:05[.fraction]" (UTC, as Go's time.Parse). Returns 0 with *t, or -1. */
int auth_parse_expiry(const char *s, time_t *t);

/* `databricks version` output "Databricks CLI v0.207.1": the semantic version into ver ("v0.207.1").
 * Returns 0, or -1 when it is not a valid semantic version (ver is then ""). */
int auth_parse_cli_version(const char *out, size_t len, char *ver, size_t n);

/* golang.org/x/mod/semver Compare: <0, 0, >0; an invalid version is less than every valid one. */
int auth_semver_cmp(const char *a, const char *b);

/* The tenant id in an Entra ID login URL, the first segment of its path
 * ("https://login.microsoftonline.com/<tenant>/oauth2/authorize?..."). Returns 0 or -1. */
int auth_tenant_from_location(const char *location, char *tenant, size_t n);

#endif

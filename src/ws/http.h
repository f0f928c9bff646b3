/* http.h - one HTTPS request with libcurl: safe defaults, bounded bodies, clear error messages. */
#ifndef PWAF_HTTP_H
#define PWAF_HTTP_H

#include "core/buf.h"

#include <stdatomic.h>

#include "ws/curl_lazy.h"

struct cJSON;

struct http_opts {
	long connect_timeout_ms;    /* 0: 10 s */
	long timeout_ms;            /* whole request; 0: 60 s */
	const char *user_agent;     /* http_user_agent() */
	const char *const *headers; /* NULL, or more "Name: value" lines for every request (NULL-terminated,
				     * borrowed): the credential's extra headers, kept by auth_init() */
	const atomic_int *cancel;   /* NULL, or a flag that aborts a transfer under way when it turns
				     * non-zero (CURLE_ABORTED_BY_CALLBACK), also waits between retries */
};

/* A request and, once done, its response. TLS peer and host verification are always on;
 * redirects are not followed (a token must not travel to another host). */
struct http_xfer {
	CURL *easy;
	struct curl_slist *headers;
	struct buf body;
	int too_big;                /* the body passed HTTP_MAX_BODY */
	long status;                /* HTTP status, 0 when none was received */
	char retry_after[64];       /* the Retry-After header, "" if none */
	char error_code[64];        /* an error answer's error_code (or SCIM detail code), "" if none */
	char location[1024];        /* the Location header (cut at 1023 bytes), "" if none */
	char content_type[128];     /* the Content-Type header, "" if none */
	char org_id[32];            /* the x-databricks-org-id header (the workspace id), "" if none */
	char errbuf[CURL_ERROR_SIZE];
	/* set by http_xfer_result after a transport error (no HTTP answer): */
	int os_errno;               /* the socket's errno (CURLINFO_OS_ERRNO: ECONNREFUSED, ECONNRESET), 0 if none */
	int connected;              /* the connection was made (TCP, and TLS for https) before the failure */
	char brief[160];            /* "cannot connect to host:port (connection refused)": short enough for a
	                               header, naming the host without scheme or path; "" if none */
	char *post;                 /* form body of a POST, or NULL */
	int accept_array;           /* set after http_xfer_init: a JSON array is a valid answer too (the
	                               account's workspace list, service/provisioning/impl.go) */
	long timeout_ms;
};

#define HTTP_MAX_BODY (64L * 1024 * 1024)

/*
 * Prepare a GET (post == NULL) or a form POST (application/x-www-form-urlencoded) of url, with
 * o->headers. bearer: the token for an Authorization header, or NULL. basic_user/basic_pass: OAuth
 * client credentials for an HTTP Basic header, or NULL; as RFC 6749 section 2.3.1 (and Go's
 * oauth2 AuthStyleInHeader) both are form-encoded (http_form_escape) before "user:pass" is base64'd.
 * Returns 0, or -1 (libcurl missing, or a bearer token or header holding a control character).
 */
int http_xfer_init(struct http_xfer *x, const struct http_opts *o, const char *url, const char *bearer,
		   const char *post, const char *basic_user, const char *basic_pass);

/* Make a prepared request a POST of json (copied) with Content-Type: application/json. 0 or -1. */
int http_xfer_set_json(struct http_xfer *x, const char *json);

/* Add a request header "name: value" to a prepared request. Returns 0, or -1 when the value holds
 * a character other than visible ASCII and spaces (no header can be smuggled in). */
int http_xfer_add_header(struct http_xfer *x, const char *name, const char *value);

/* Go's url.QueryEscape: form-encode s (unreserved A-Z a-z 0-9 - _ . ~ kept, space as '+', the rest
 * %XX). Returns a malloc'd string. */
char *http_form_escape(const char *s);

/* Standard base64 of n bytes (malloc'd). */
char *http_base64(const unsigned char *s, size_t n);
void http_xfer_cleanup(struct http_xfer *x);

/* Run a prepared request to the end (blocking; used for tokens). Returns the curl code. */
CURLcode http_xfer_perform(struct http_xfer *x);

/*
 * After the request finished with curl code rc: the parsed JSON body of a 2xx response (an object;
 * an array too when x->accept_array), or NULL
 * with *msg (malloc'd, sanitized, one line) saying what went wrong: could not connect, timed out,
 * cut short, not JSON, or an HTTP error as "403 PERMISSION_DENIED: <message>". x->status is the
 * HTTP status (0 for transport errors). host is named in connection errors.
 */
struct cJSON *http_xfer_result(struct http_xfer *x, CURLcode rc, const char *host, char **msg);

/*
 * 1 when an idempotent request may be retried. HTTP answers: 429, 500, 502, 503, 504 and a
 * REQUEST_LIMIT_EXCEEDED answer. Transport errors exactly as databricks-sdk-go retries them
 * (httpclient/errors.go urlErrorTransientErrorMessages): a refused connection ("connection
 * refused"), a reset one ("connection reset by peer"), a connect or TLS handshake that timed out
 * ("i/o timeout", "TLS handshake timeout"). Not retried, as there: a host that does not resolve, a
 * TLS or certificate failure, an unreachable network, a connection closed without an answer or
 * mid-answer (Go's "EOF"), a server that stopped answering once connected (the SDK's "timed out
 * after 60s of inactivity"). Call after http_xfer_result.
 */
int http_retryable(const struct http_xfer *x, CURLcode rc);

/*
 * How long to wait before retry number attempt (1, 2, ...): Retry-After (seconds or an HTTP date)
 * when given (at most an hour), else the SDKs' backoff: attempt seconds (at most 10) plus 50-750 ms of
 * random jitter. seed: rand_r state.
 */
long http_retry_delay_ms(int attempt, const char *retry_after, unsigned *seed);

/* "pwaf/0.1.0 os/linux auth/pat" (malloc'd). extra: more "key/value" pairs, or NULL. */
char *http_user_agent(const char *auth, const char *extra);

/* A sanitized single line of at most max bytes (malloc'd): for server text in messages. */
char *http_safe_text(const char *s, size_t len, size_t max);

#endif

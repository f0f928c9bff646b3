/* auth.c - bearer tokens: the SDK's default chain, OAuth (M2M, OIDC exchange, Entra ID), metadata service. */
#include "ws/auth.h"
#include "core/errlen.h"

#include "ws/authint.h"
#include "core/buf.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TOKEN_RETRY_MS 60000L    /* retry.go: NewRetryingTokenSource's timeout, 1 minute */
#define TOKEN_RETRY_MAX 10       /* and never more attempts than this */
#define METADATA_TIMEOUT_MS 10000L /* auth_metadata_service.go: metadataServiceTimeout */

char *auth_safe(const char *s, size_t n, size_t max)
{
	return http_safe_text(s ? s : "", s ? n : 0, max);
}

/* --- the caller's options: User-Agent and extra headers ------------------------------------ */

/* The caller's User-Agent with its auth/ part naming the type in use. */
static void set_user_agent(struct auth *a)
{
	struct auth_priv *p = a->p;
	if (!p->orig_ua) return;
	struct buf b = BUF_INIT;
	const char *at = strstr(p->orig_ua, " auth/");
	const char *name = auth_name(a);
	if (at) {
		buf_add(&b, p->orig_ua, (size_t)(at - p->orig_ua));
		buf_addf(&b, " auth/%s", name);
		const char *rest = strchr(at + 1, ' ');
		if (rest) buf_adds(&b, rest);
	} else {
		buf_addf(&b, "%s auth/%s", p->orig_ua, name);
	}
	free(p->ua);
	p->ua = buf_take(&b);
	a->conn->user_agent = p->ua;
	a->http.user_agent = p->ua;
}

static void drop_headers(struct auth_priv *p)
{
	for (int i = 0; i < 3; i++) {
		if (p->hdr[i]) memset(p->hdr[i], 0, strlen(p->hdr[i]));
		free(p->hdr[i]);
		p->hdr[i] = NULL;
		p->headers[i] = NULL;
	}
}

/* config/oauth_visitors.go azureVisitor + serviceToServiceVisitor: the management token and the
 * workspace resource id go along with every request. */
static void set_headers(struct auth *a)
{
	struct auth_priv *p = a->p;
	drop_headers(p);
	int n = 0;
	if (a->used == WS_AUTH_AZURE_SECRET || a->used == WS_AUTH_AZURE_CLI) {
		struct buf b = BUF_INIT;
		if (p->mgmt) {
			buf_addf(&b, "X-Databricks-Azure-SP-Management-Token: %s", p->mgmt);
			p->hdr[n++] = buf_take(&b);
		}
		if (a->cfg->azure_resource_id) {
			buf_addf(&b, "X-Databricks-Azure-Workspace-Resource-Id: %s", a->cfg->azure_resource_id);
			p->hdr[n++] = buf_take(&b);
		}
	}
	for (int i = 0; i < n; i++) p->headers[i] = p->hdr[i];
	a->conn->headers = p->headers;
}

/* Wait ms between token attempts, in short steps that notice a cancelled run. -1 when cancelled. */
static int nap(const struct auth *a, long ms)
{
	while (ms > 0) {
		if (a->http.cancel && atomic_load(a->http.cancel)) return -1;
		long step = ms < 50 ? ms : 50;
		struct timespec ts = { 0, step * 1000000L };
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
		ms -= step;
	}
	return a->http.cancel && atomic_load(a->http.cancel) ? -1 : 0;
}

void auth_init(struct auth *a, const struct ws_config *cfg, struct http_opts *http)
{
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->conn = http;
	a->http = *http;
	a->http.headers = NULL; /* the workspace's extra headers never go to a token service */
	a->used = cfg->auth;
	a->p = xcalloc(1, sizeof *a->p);
	a->p->orig_ua = http->user_agent;
	a->p->orig_headers = http->headers;
	a->p->seed = (unsigned)time(NULL) ^ (unsigned)getpid() ^ (unsigned)(size_t)a;
	set_user_agent(a);
	set_headers(a);
}

static void drop_token(struct auth_priv *p)
{
	if (p->token) memset(p->token, 0, strlen(p->token));
	free(p->token);
	p->token = NULL;
	if (p->mgmt) memset(p->mgmt, 0, strlen(p->mgmt));
	free(p->mgmt);
	p->mgmt = NULL;
	p->refresh_at = 0;
}

void auth_free(struct auth *a)
{
	struct auth_priv *p = a->p;
	if (!p) return;
	a->conn->user_agent = p->orig_ua;
	a->conn->headers = p->orig_headers;
	drop_token(p);
	drop_headers(p);
	free(p->token_endpoint);
	for (char **v = p->cli_argv; v && *v; v++) free(*v);
	free(p->cli_argv);
	free(p->tenant);
	free(p->ua);
	free(p);
	memset(a, 0, sizeof *a);
}

const char *auth_name(const struct auth *a)
{
	return wsconfig_auth_name(a->used);
}

time_t auth_parse_time(const char *s)
{
	time_t t;
	return auth_parse_expiry(s, &t) == 0 ? t : 0;
}

/* --- token requests with the SDK's retry policy (config/experimental/auth/retry.go) ------------ */

enum retry { R_NONE, R_TOKEN, R_DISCOVERY };

struct treq {
	const char *url, *post, *user, *pass;
	const char *hdr[3];     /* "Name: value" lines */
	enum retry retry;
	long timeout_ms;        /* 0: the caller's */
	int want_redirect;      /* a 3xx answer is the result (its Location) */
};

struct tres {
	struct buf body;
	char ctype[128];
	char location[1024];
	long status;
};

static void tres_free(struct tres *r)
{
	if (r->body.data) memset(r->body.data, 0, r->body.len);
	buf_free(&r->body);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* "scheme://host[:port]" of a URL, for messages. */
static char *origin_of(const char *url)
{
	const char *p = strstr(url, "://");
	size_t n = p ? (size_t)(p + 3 - url) + strcspn(p + 3, "/?#") : strlen(url);
	return auth_safe(url, n, 200);
}

/* 1 when the failed attempt may be retried; *ra: the server's Retry-After in ms, or -1. */
static int retryable(enum retry pol, CURLcode rc, long status, const char *retry_after, long *ra)
{
	*ra = -1;
	if (retry_after[0]) {
		char *end;
		long s = strtol(retry_after, &end, 10);
		if (end != retry_after && !*end && s >= 0) *ra = (s > 3600 ? 3600 : s) * 1000;
		else {
			time_t when = curl_getdate(retry_after, NULL);
			if (when > 0) *ra = when > time(NULL) ? (long)(when - time(NULL)) * 1000 : -1;
		}
	}
	if (pol == R_NONE) return 0;
	if (rc == CURLE_OK)
		return status == 429 || status == 503 || (pol == R_TOKEN && (status == 502 || status == 504));
	return pol == R_TOKEN && (rc == CURLE_COULDNT_CONNECT || rc == CURLE_OPERATION_TIMEDOUT ||
				  rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR);
}

/* One request. Returns 0 (2xx, or 3xx when wanted), or -1 with err; *rc, res->status and
 * *retry_after say what happened. */
static int treq_once(struct auth *a, const struct treq *q, long timeout_ms, struct tres *res, CURLcode *rc,
		     char *retry_after, char *err, size_t errlen)
{
	struct http_opts o = a->http;
	if (timeout_ms > 0) o.timeout_ms = timeout_ms;
	if (o.connect_timeout_ms <= 0 || o.connect_timeout_ms > o.timeout_ms) o.connect_timeout_ms = o.timeout_ms;
	struct http_xfer x;
	*rc = CURLE_FAILED_INIT;
	retry_after[0] = 0;
	if (http_xfer_init(&x, &o, q->url, NULL, q->post, q->user, q->pass) < 0) {
		msg_set(err, errlen, "cannot start a request (libcurl missing, or a header that is not plain text)");
		return -1;
	}
	for (int i = 0; i < 3 && q->hdr[i]; i++) {
		const char *c = strchr(q->hdr[i], ':');
		char name[64];
		size_t nn = c && (size_t)(c - q->hdr[i]) < sizeof name ? (size_t)(c - q->hdr[i]) : 0;
		memcpy(name, q->hdr[i], nn);
		name[nn] = 0;
		if (!nn || http_xfer_add_header(&x, name, c + 1 + (c[1] == ' ')) < 0) {
			http_xfer_cleanup(&x);
			msg_set(err, errlen, "a request header holds a character that is not plain text");
			return -1;
		}
	}
	*rc = http_xfer_perform(&x);
	char *msg = NULL, *host = origin_of(q->url);
	cJSON_Delete(http_xfer_result(&x, *rc, host, &msg));
	free(host);
	res->status = x.status;
	snprintf(retry_after, 64, "%s", x.retry_after);
	int ok = *rc == CURLE_OK && ((x.status >= 200 && x.status < 300) ||
				     (q->want_redirect && x.status >= 300 && x.status < 400));
	if (ok) {
		buf_reset(&res->body);
		if (x.body.len) buf_add(&res->body, x.body.data, x.body.len);
		snprintf(res->ctype, sizeof res->ctype, "%s", x.content_type);
		snprintf(res->location, sizeof res->location, "%s", x.location);
	} else {
		msg_set(err, errlen, "%s", msg ? msg : "the request failed");
	}
	if (x.body.data) memset(x.body.data, 0, x.body.len);
	free(msg);
	http_xfer_cleanup(&x);
	return ok ? 0 : -1;
}

/* A request, retried as the SDK's httpRetrier: 429, 502, 503, 504 and transient network errors,
 * waiting max(backoff, Retry-After) with backoff drawn from [0, 1 s * 2^n] (capped at 60 s), for
 * one minute at most. *status: 401 when credentials were refused, else 0. */
static int treq_run(struct auth *a, const struct treq *q, struct tres *res, char *err, size_t errlen, long *status)
{
	long deadline = now_ms() + TOKEN_RETRY_MS, cur = 1000;
	long base = q->timeout_ms > 0 ? q->timeout_ms : (a->http.timeout_ms > 0 ? a->http.timeout_ms : 60000);
	for (int attempt = 1;; attempt++) {
		CURLcode rc;
		char ra_text[64];
		long left = deadline - now_ms();
		long t = q->retry == R_TOKEN && left < base ? (left > 1000 ? left : 1000) : base;
		if (treq_once(a, q, t, res, &rc, ra_text, err, errlen) == 0) {
			*status = 0;
			return 0;
		}
		long ra;
		int again = retryable(q->retry, rc, res->status, ra_text, &ra);
		long delay = (long)(rand_r(&a->p->seed) % (unsigned)(cur + 1));
		cur = cur * 2 > 60000 ? 60000 : cur * 2;
		if (ra > delay) delay = ra;
		if (!again || attempt >= TOKEN_RETRY_MAX || now_ms() + delay > deadline) {
			if (again) {
				size_t l = strlen(err);
				snprintf(err + l, errlen - l, " (gave up after %d attempts)", attempt);
			}
			*status = res->status == 400 || res->status == 401 || res->status == 403 ? 401 : 0;
			return -1;
		}
		if (nap(a, delay) < 0) {
			msg_set(err, errlen, "cancelled");
			*status = 0;
			return -1;
		}
	}
}

int auth_get_location(struct auth *a, const char *url, char *loc, size_t n, char *err, size_t errlen)
{
	struct treq q = { .url = url, .retry = R_NONE, .want_redirect = 1 };
	struct tres r = { BUF_INIT, "", "", 0 };
	long st;
	int rc = treq_run(a, &q, &r, err, errlen, &st);
	if (rc == 0) snprintf(loc, n, "%s", r.location);
	tres_free(&r);
	return rc;
}

/* --- the OAuth endpoints (credentials/u2m/endpoint_supplier.go): the workspace's /oidc, or an
 * account's /oidc/accounts/{account_id} on an account host ----------------------------------------- */

static int discover(struct auth *a, char *err, size_t errlen, long *status)
{
	struct auth_priv *p = a->p;
	if (p->token_endpoint) return 0;
	const char *host = a->cfg->host;
	struct buf url = BUF_INIT;
	if (a->cfg->is_account) { /* an account console: the account's own OIDC endpoints */
		char *esc = http_form_escape(a->cfg->account_id ? a->cfg->account_id : "");
		buf_addf(&url, "%s/oidc/accounts/%s/.well-known/oauth-authorization-server", host, esc);
		free(esc);
	} else {
		buf_addf(&url, "%s/oidc/.well-known/oauth-authorization-server", host);
	}
	struct treq q = { .url = buf_str(&url), .retry = R_DISCOVERY };
	struct tres r = { BUF_INIT, "", "", 0 };
	char e[PWAF_ERRLEN];
	int rc = treq_run(a, &q, &r, e, sizeof e, status);
	buf_free(&url);
	char *te = NULL;
	if (rc < 0) {
		msg_set(err, errlen, "OAuth discovery at %s: %s", host,
			r.status == 404 ? "databricks OAuth is not supported for this host" : e);
	} else if (auth_parse_discovery(r.body.data ? r.body.data : "", r.body.len, &te, e, sizeof e) < 0) {
		msg_set(err, errlen, "OAuth discovery at %s: %s", host, e);
		rc = -1;
	} else if (!wsconfig_same_origin(te, host)) {
		/* a lying discovery document must not get a secret sent to another host */
		char *o = origin_of(te);
		msg_set(err, errlen, "OAuth discovery at %s names a token endpoint on another host (%s); refusing to "
			 "send credentials there", host, o);
		free(o);
		rc = -1;
	} else {
		p->token_endpoint = te;
		te = NULL;
	}
	free(te);
	/* a host that refuses even its discovery document refused the caller (401/403); any other
	 * failure says nothing about the credentials */
	if (rc < 0 && r.status != 401 && r.status != 403) *status = 0;
	tres_free(&r);
	return rc;
}

static int parse_oauth(const struct tres *r, const char *what, struct auth_tok *t, char *err, size_t errlen,
		       long *status)
{
	char e[PWAF_ERRLEN];
	if (auth_parse_oauth(r->body.data ? r->body.data : "", r->body.len, r->ctype, t, e, sizeof e) < 0) {
		msg_set(err, errlen, "%s: %s", what, e);
		*status = 401;
		return -1;
	}
	return 0;
}

/* --- oauth-m2m (config/auth_m2m.go) ------------------------------------------------------------ */

static int m2m_fetch(struct auth *a, struct auth_tok *t, char *err, size_t errlen, long *status)
{
	if (discover(a, err, errlen, status) < 0) return -1;
	char *scope = http_form_escape(a->cfg->scopes ? a->cfg->scopes : "all-apis");
	struct buf body = BUF_INIT;
	buf_addf(&body, "grant_type=client_credentials&scope=%s", scope); /* url.Values.Encode: sorted keys */
	free(scope);
	struct treq q = { .url = a->p->token_endpoint, .post = buf_str(&body), .user = a->cfg->client_id,
			  .pass = a->cfg->client_secret, .retry = R_TOKEN };
	struct tres r = { BUF_INIT, "", "", 0 };
	char e[PWAF_ERRLEN];
	int rc = treq_run(a, &q, &r, e, sizeof e, status);
	if (rc < 0) msg_set(err, errlen, "OAuth M2M token request (check the client id and secret): %s", e);
	else rc = parse_oauth(&r, "OAuth M2M", t, err, errlen, status);
	buf_free(&body);
	tres_free(&r);
	return rc;
}

/* --- env-oidc and file-oidc (config/auth_oidc.go, experimental/auth/oidc) --------------------- */

static int oidc_id_token(struct auth *a, enum ws_auth type, char **tok, char *err, size_t errlen)
{
	const struct ws_config *c = a->cfg;
	if (type == WS_AUTH_ENV_OIDC) {
		const char *v = c->oidc_token_env ? getenv(c->oidc_token_env) : NULL;
		if (!v || !*v) {
			char *n = auth_safe(c->oidc_token_env ? c->oidc_token_env : "", c->oidc_token_env ? strlen(c->oidc_token_env) : 0, 80);
			msg_set(err, errlen, "missing env var \"%s\"", n);
			free(n);
			return -1;
		}
		*tok = xstrdup(v);
		return 0;
	}
	const char *path = c->oidc_token_file;
	if (!path || !*path) {
		msg_set(err, errlen, "missing path");
		return -1;
	}
	size_t len = 0;
	char *t = wsconfig_read_regular(path, 1024 * 1024, &len, NULL);
	char *sp = auth_safe(path, strlen(path), 200);
	int rc = -1;
	if (!t && errno == ENOENT) msg_set(err, errlen, "file \"%s\" does not exist", sp);
	else if (!t) msg_set(err, errlen, "cannot read \"%s\": %s", sp,
			     errno == EINVAL ? "not a regular file (a directory, FIFO or device is refused)" : strerror(errno));
	else if (len == 0) msg_set(err, errlen, "file \"%s\" is empty", sp);
	else {
		*tok = t; /* as the SDK: the file's bytes as they are */
		t = NULL;
		rc = 0;
	}
	free(sp);
	free(t);
	return rc;
}

static int oidc_fetch(struct auth *a, enum ws_auth type, struct auth_tok *t, char *err, size_t errlen, long *status)
{
	char e[PWAF_ERRLEN];
	int rc = discover(a, err, errlen, status); /* the SDK finds the endpoint before reading the token */
	char *idt = NULL;
	if (rc == 0 && (rc = oidc_id_token(a, type, &idt, e, sizeof e)) < 0) {
		msg_set(err, errlen, "%s: %s", wsconfig_auth_name(type), e);
		*status = 0;
	}
	if (rc < 0) return -1;
	/* clientcredentials with AuthStyleInParams: url.Values.Encode, keys sorted */
	struct buf body = BUF_INIT;
	char *v;
	if (a->cfg->client_id && *a->cfg->client_id) {
		v = http_form_escape(a->cfg->client_id);
		buf_addf(&body, "client_id=%s&", v);
		free(v);
	}
	buf_adds(&body, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange");
	v = http_form_escape(a->cfg->scopes ? a->cfg->scopes : "all-apis");
	buf_addf(&body, "&scope=%s", v);
	free(v);
	v = http_form_escape(idt);
	buf_addf(&body, "&subject_token=%s&subject_token_type=urn%%3Aietf%%3Aparams%%3Aoauth%%3Atoken-type%%3Ajwt", v);
	memset(v, 0, strlen(v));
	free(v);
	memset(idt, 0, strlen(idt));
	free(idt);
	struct treq q = { .url = a->p->token_endpoint, .post = buf_str(&body), .retry = R_TOKEN };
	struct tres r = { BUF_INIT, "", "", 0 };
	rc = treq_run(a, &q, &r, e, sizeof e, status);
	if (rc < 0) msg_set(err, errlen, "%s token exchange at %s: %s", wsconfig_auth_name(type), a->cfg->host, e);
	else rc = parse_oauth(&r, wsconfig_auth_name(type), t, err, errlen, status);
	memset(body.data, 0, body.len);
	buf_free(&body);
	tres_free(&r);
	return rc;
}

/* --- metadata-service (config/auth_metadata_service.go) ----------------------------------------- */

static int metadata_url_ok(const char *u)
{
	const char *p = strstr(u, "://");
	if (!p || (size_t)(p - u) > 5) return 0;
	const char *h = p + 3;
	size_t auth = strcspn(h, "/?#");
	if (memchr(h, '@', auth)) return 0;
	size_t hn = strcspn(h, ":/?#");
	return (hn == 9 && strncmp(h, "localhost", 9) == 0) || (hn == 9 && strncmp(h, "127.0.0.1", 9) == 0);
}

static int metadata_fetch(struct auth *a, struct auth_tok *t, char *err, size_t errlen, long *status)
{
	const struct ws_config *c = a->cfg;
	*status = 0;
	if (!c->metadata_service_url || !metadata_url_ok(c->metadata_service_url)) {
		msg_set(err, errlen, "metadata-service: only localhost URLs are allowed");
		return -1;
	}
	struct buf host = BUF_INIT;
	buf_addf(&host, "X-Databricks-Host: %s", c->host);
	struct treq q = { .url = c->metadata_service_url, .retry = R_NONE, .timeout_ms = METADATA_TIMEOUT_MS,
			  .hdr = { "X-Databricks-Metadata-Version: 1", buf_str(&host), NULL } };
	struct tres r = { BUF_INIT, "", "", 0 };
	char e[PWAF_ERRLEN];
	int rc = treq_run(a, &q, &r, e, sizeof e, status);
	if (rc < 0) {
		msg_set(err, errlen, "metadata-service: token request: %s", e);
	} else if (auth_parse_metadata(r.body.data ? r.body.data : "", r.body.len, time(NULL), t, e, sizeof e) < 0) {
		msg_set(err, errlen, "metadata-service: %s", e);
		*status = 401;
		rc = -1;
	}
	buf_free(&host);
	tres_free(&r);
	return rc;
}

/* --- azure-client-secret (config/auth_azure_client_secret.go) ----------------------------------- */

/* One Entra ID v1 client-credentials token for resource, as Go's oauth2 with AuthStyleAutoDetect:
 * the credentials in a Basic header first, in the form when that fails; the pair retried. */
static int entra_token(struct auth *a, const char *resource, struct auth_tok *t, char *err, size_t errlen,
		       long *status)
{
	const struct ws_config *c = a->cfg;
	struct buf url = BUF_INIT, hb = BUF_INIT, pb = BUF_INIT;
	buf_addf(&url, "%s%s/oauth2/token", c->azure_login, c->azure_tenant_id);
	char *res = http_form_escape(resource), *id = http_form_escape(c->azure_client_id),
	     *sec = http_form_escape(c->azure_client_secret);
	buf_addf(&hb, "grant_type=client_credentials&resource=%s", res);
	buf_addf(&pb, "client_id=%s&client_secret=%s&grant_type=client_credentials&resource=%s", id, sec, res);
	struct tres r = { BUF_INIT, "", "", 0 };
	char e[PWAF_ERRLEN];
	long deadline = now_ms() + TOKEN_RETRY_MS, cur = 1000;
	int rc = -1;
	for (int attempt = 1;; attempt++) {
		struct treq q = { .url = buf_str(&url), .post = buf_str(&hb), .user = c->azure_client_id,
				  .pass = c->azure_client_secret, .retry = R_NONE };
		if (treq_run(a, &q, &r, e, sizeof e, status) == 0) {
			rc = 0;
			break;
		}
		struct treq q2 = { .url = buf_str(&url), .post = buf_str(&pb), .retry = R_NONE };
		CURLcode crc;
		char ra_text[64];
		if (treq_once(a, &q2, 0, &r, &crc, ra_text, e, sizeof e) == 0) {
			rc = 0;
			break;
		}
		long ra, delay = (long)(rand_r(&a->p->seed) % (unsigned)(cur + 1));
		int again = retryable(R_TOKEN, crc, r.status, ra_text, &ra);
		cur = cur * 2 > 60000 ? 60000 : cur * 2;
		if (ra > delay) delay = ra;
		if (!again || attempt >= TOKEN_RETRY_MAX || now_ms() + delay > deadline) {
			*status = r.status == 400 || r.status == 401 || r.status == 403 ? 401 : 0;
			break;
		}
		if (nap(a, delay) < 0) break;
	}
	char *o = origin_of(buf_str(&url));
	if (rc < 0) msg_set(err, errlen, "azure-client-secret: Entra ID token request at %s: %s", o, e);
	else rc = parse_oauth(&r, "azure-client-secret: the Entra ID token response", t, err, errlen, status);
	free(o);
	memset(pb.data, 0, pb.len);
	memset(sec, 0, strlen(sec));
	free(res);
	free(id);
	free(sec);
	buf_free(&url);
	buf_free(&hb);
	buf_free(&pb);
	tres_free(&r);
	return rc;
}

static int tenant_ok(const char *t)
{
	if (!t || !*t) return 0;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '.'))
			return 0;
	return 1;
}

static int azure_secret_fetch(struct auth *a, struct auth_tok *t, char **mgmt, char *err, size_t errlen, long *status)
{
	const struct ws_config *c = a->cfg;
	*status = 0;
	if (!c->is_azure || !c->azure_login) {
		msg_set(err, errlen, "azure-client-secret: %s is not an Azure Databricks workspace", c->host);
		return -1;
	}
	if (!tenant_ok(c->azure_tenant_id)) {
		msg_set(err, errlen, "azure-client-secret: azure_tenant_id must be a tenant id or domain "
			 "(letters, digits, '-' and '.')");
		return -1;
	}
	if (entra_token(a, c->azure_app_id, t, err, errlen, status) < 0) return -1;
	struct auth_tok m;
	char e[PWAF_ERRLEN];
	if (entra_token(a, c->azure_management, &m, e, sizeof e, status) < 0) {
		msg_set(err, errlen, "azure-client-secret: the service management token: %s", e);
		auth_tok_free(t);
		return -1;
	}
	*mgmt = m.access_token;
	if (m.lifetime < t->lifetime) t->lifetime = m.lifetime; /* renew both together */
	return 0;
}

/* --- the chain ----------------------------------------------------------------------------------- */

/* Get a token of type into the cache. Returns 0 or -1 with err and *status. */
static int fetch(struct auth *a, enum ws_auth type, char *err, size_t errlen, long *status)
{
	struct auth_tok t = { NULL, 0 };
	char *mgmt = NULL;
	int rc;
	*status = 0;
	switch (type) {
	case WS_AUTH_OAUTH_M2M: rc = m2m_fetch(a, &t, err, errlen, status); break;
	case WS_AUTH_CLI: rc = auth_cli_fetch(a, &t, err, errlen, status); break;
	case WS_AUTH_METADATA: rc = metadata_fetch(a, &t, err, errlen, status); break;
	case WS_AUTH_ENV_OIDC:
	case WS_AUTH_FILE_OIDC: rc = oidc_fetch(a, type, &t, err, errlen, status); break;
	case WS_AUTH_AZURE_SECRET: rc = azure_secret_fetch(a, &t, &mgmt, err, errlen, status); break;
	case WS_AUTH_AZURE_CLI: rc = auth_az_fetch(a, &t, &mgmt, err, errlen, status); break;
	default:
		msg_set(err, errlen, "auth type %s cannot fetch a token", wsconfig_auth_name(type));
		return -1;
	}
	if (rc < 0) return -1;
	if (mgmt && !auth_token_chars_ok(mgmt, strlen(mgmt))) {
		msg_set(err, errlen, "%s: the service management token holds a character that cannot be in a token; "
			 "refused, not shown", wsconfig_auth_name(type));
		memset(mgmt, 0, strlen(mgmt));
		free(mgmt);
		auth_tok_free(&t);
		*status = 401;
		return -1;
	}
	struct auth_priv *p = a->p;
	drop_token(p);
	p->token = t.access_token;
	p->mgmt = mgmt;
	p->refresh_at = time(NULL) + t.lifetime - auth_refresh_margin(t.lifetime);
	return 0;
}

/* config/auth_default.go credentialsChain.Configure: the first candidate whose dry run gives a
 * token is kept; the failures are reported together when none does. */
static int run_chain(struct auth *a, char *err, size_t errlen, long *status)
{
	const struct ws_config *c = a->cfg;
	struct buf why = BUF_INIT;
	int refused = 0;
	for (int i = 0; i < c->nchain; i++) {
		char e[PWAF_ERRLEN];
		long st = 0;
		if (fetch(a, c->chain[i], e, sizeof e, &st) == 0) {
			a->used = c->chain[i];
			set_user_agent(a);
			buf_free(&why);
			return 0;
		}
		refused |= st == 401;
		buf_addf(&why, "%s%s: %s", why.len ? "; " : "", wsconfig_auth_name(c->chain[i]), e);
	}
	msg_set(err, errlen, "cannot configure default credentials for %s: %s%s%s%s", c->host, buf_str(&why),
		c->chain_stop ? "; the SDKs would try " : "", c->chain_stop ? c->chain_stop : "",
		c->chain_stop ? " next, which pwaf does not support" : "");
	buf_free(&why);
	*status = refused ? 401 : 0;
	return -1;
}

const char *auth_token(struct auth *a, char *err, size_t errlen, long *status)
{
	*status = 0;
	if (a->used == WS_AUTH_PAT) return a->cfg->token;
	struct auth_priv *p = a->p;
	if (p->token && time(NULL) < p->refresh_at) return p->token;
	int rc = a->used == WS_AUTH_DEFAULT ? run_chain(a, err, errlen, status) : fetch(a, a->used, err, errlen, status);
	if (rc < 0) return NULL;
	set_headers(a);
	return p->token;
}

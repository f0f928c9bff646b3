/* http.c - libcurl easy handles with pwaf's defaults, and turning failures into messages. */
#include "ws/http.h"

#include "core/sanitize.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <time.h>

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct http_xfer *x = ud;
	size_t len = size * n;
	if (x->body.len + len > (size_t)HTTP_MAX_BODY) {
		x->too_big = 1;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	buf_add(&x->body, p, len);
	return len;
}

/* When the header line p[0..len) is called name, copy its trimmed value into out. */
static void header_value(const char *p, size_t len, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);
	if (len <= nl || strncasecmp(p, name, nl) != 0) return;
	const char *v = p + nl;
	size_t vn = len - nl;
	while (vn && isspace((unsigned char)*v)) v++, vn--;
	while (vn && isspace((unsigned char)v[vn - 1])) vn--;
	if (vn >= outlen) vn = outlen - 1;
	memcpy(out, v, vn);
	out[vn] = 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct http_xfer *x = ud;
	size_t len = size * n;
	static const char name[] = "retry-after:";
	if (len > sizeof name - 1 && strncasecmp(p, name, sizeof name - 1) == 0) {
		const char *v = p + sizeof name - 1;
		size_t vn = len - (sizeof name - 1);
		while (vn && isspace((unsigned char)*v)) v++, vn--;
		while (vn && isspace((unsigned char)v[vn - 1])) vn--;
		if (vn >= sizeof x->retry_after) vn = sizeof x->retry_after - 1;
		memcpy(x->retry_after, v, vn);
		x->retry_after[vn] = 0;
	} else if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		x->retry_after[0] = 0; /* a new response (after 100 Continue) */
		x->location[0] = 0;
		x->content_type[0] = 0;
		x->org_id[0] = 0;
	} else {
		header_value(p, len, "location:", x->location, sizeof x->location);
		header_value(p, len, "content-type:", x->content_type, sizeof x->content_type);
		header_value(p, len, "x-databricks-org-id:", x->org_id, sizeof x->org_id);
	}
	return len;
}

/* CURLOPT_XFERINFOFUNCTION: a cancelled run aborts its transfers under way. */
static int on_progress(void *p, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)dt, (void)dn, (void)ut, (void)un;
	return atomic_load((const atomic_int *)p) != 0;
}

int http_xfer_init(struct http_xfer *x, const struct http_opts *o, const char *url, const char *bearer,
		   const char *post, const char *basic_user, const char *basic_pass)
{
	memset(x, 0, sizeof *x);
	if (curl_lazy_load(NULL, 0) < 0) return -1;
	x->easy = curl_easy_init();
	if (!x->easy) return -1;
	CURL *e = x->easy;
	x->timeout_ms = o->timeout_ms > 0 ? o->timeout_ms : 60000;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, x->timeout_ms);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	if (o->user_agent) curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent);
	if (o->cancel) {
		curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(e, CURLOPT_XFERINFODATA, (void *)o->cancel);
		curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
	}
	x->headers = curl_slist_append(NULL, "Accept: application/json");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	int bad = 0;
	if (bearer) {
		struct buf h = BUF_INIT;
		buf_addf(&h, "Bearer %s", bearer);
		bad |= http_xfer_add_header(x, "Authorization", buf_str(&h)) < 0 || strchr(bearer, ' ');
		memset(h.data, 0, h.len);
		buf_free(&h);
	}
	if (basic_user) {
		char *u = http_form_escape(basic_user), *pw = http_form_escape(basic_pass ? basic_pass : "");
		struct buf up = BUF_INIT, h = BUF_INIT;
		buf_addf(&up, "%s:%s", u, pw);
		char *b64 = http_base64((const unsigned char *)up.data, up.len);
		buf_addf(&h, "Basic %s", b64);
		bad |= http_xfer_add_header(x, "Authorization", buf_str(&h)) < 0;
		memset(u, 0, strlen(u));
		memset(pw, 0, strlen(pw));
		memset(up.data, 0, up.len);
		memset(b64, 0, strlen(b64));
		memset(h.data, 0, h.len);
		free(u);
		free(pw);
		free(b64);
		buf_free(&up);
		buf_free(&h);
	}
	for (const char *const *hl = o->headers; hl && *hl; hl++) {
		const char *colon = strchr(*hl, ':');
		if (!colon) {
			bad = 1;
			continue;
		}
		char name[128];
		size_t nn = (size_t)(colon - *hl) < sizeof name ? (size_t)(colon - *hl) : sizeof name - 1;
		memcpy(name, *hl, nn);
		name[nn] = 0;
		const char *v = colon + 1;
		while (*v == ' ') v++;
		bad |= http_xfer_add_header(x, name, v) < 0;
	}
	if (bad) {
		http_xfer_cleanup(x);
		return -1;
	}
	if (post) {
		x->post = xstrdup(post);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->post);
	}
	return 0;
}

int http_xfer_add_header(struct http_xfer *x, const char *name, const char *value)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == ':') return -1;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p < ' ' || *p >= 0x7f) return -1;
	struct buf h = BUF_INIT;
	buf_addf(&h, "%s: %s", name, value);
	struct curl_slist *l = curl_slist_append(x->headers, buf_str(&h));
	memset(h.data, 0, h.len);
	buf_free(&h);
	if (!l) return -1;
	x->headers = l; /* the head stays the same: CURLOPT_HTTPHEADER sees the new line */
	return 0;
}

char *http_form_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_addc(&b, (char)*p);
		} else if (*p == ' ') {
			buf_addc(&b, '+');
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			buf_add(&b, e, 3);
		}
	}
	return b.data ? buf_take(&b) : xstrdup("");
}

char *http_base64(const unsigned char *s, size_t n)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *o = xmalloc(4 * ((n + 2) / 3) + 1), *q = o;
	size_t i = 0;
	for (; i + 2 < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		*q++ = t[v >> 18];
		*q++ = t[(v >> 12) & 63];
		*q++ = t[(v >> 6) & 63];
		*q++ = t[v & 63];
	}
	if (i < n) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0);
		*q++ = t[v >> 18];
		*q++ = t[(v >> 12) & 63];
		*q++ = i + 1 < n ? t[(v >> 6) & 63] : '=';
		*q++ = '=';
	}
	*q = 0;
	return o;
}

int http_xfer_set_json(struct http_xfer *x, const char *json)
{
	if (http_xfer_add_header(x, "Content-Type", "application/json") < 0) return -1;
	free(x->post);
	x->post = xstrdup(json);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE, (long)strlen(x->post));
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->post);
	return 0;
}

void http_xfer_cleanup(struct http_xfer *x)
{
	if (x->easy) curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	buf_free(&x->body);
	free(x->post);
	memset(x, 0, sizeof *x);
}

CURLcode http_xfer_perform(struct http_xfer *x)
{
	return curl_easy_perform(x->easy);
}

char *http_safe_text(const char *s, size_t len, size_t max)
{
	if (!s) return xstrdup("");
	char *t = sanitize_line(s, len);
	if (!t) return xstrdup("");
	size_t n = strlen(t);
	while (n && isspace((unsigned char)t[n - 1])) t[--n] = 0;
	if (n > max) {
		size_t cut = max;
		while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--; /* keep UTF-8 whole */
		memcpy(t + cut, "…", sizeof "…");
	}
	return t;
}

static const char *reason(long st)
{
	switch (st) {
	case 400: return "BAD_REQUEST";
	case 401: return "UNAUTHENTICATED";
	case 403: return "PERMISSION_DENIED";
	case 404: return "NOT_FOUND";
	case 409: return "CONFLICT";
	case 429: return "TOO_MANY_REQUESTS";
	case 500: return "INTERNAL_ERROR";
	case 501: return "NOT_IMPLEMENTED";
	case 502: return "BAD_GATEWAY";
	case 503: return "TEMPORARILY_UNAVAILABLE";
	case 504: return "GATEWAY_TIMEOUT";
	}
	return "HTTP_ERROR";
}

/* "403 PERMISSION_DENIED: message" from a Databricks or SCIM error body, or the start of the body. */
static char *http_error(struct http_xfer *x)
{
	struct buf m = BUF_INIT;
	cJSON *j = x->body.len ? cJSON_ParseWithLength(x->body.data, x->body.len) : NULL;
	const char *code = NULL, *text = NULL;
	if (cJSON_IsObject(j)) {
		code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "error_code"));
		text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "message"));
		if (!text) text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "detail"));
		if (!text) text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "error_description"));
		if (!code) code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "error"));
	}
	char *c = code ? http_safe_text(code, strlen(code), 60) : xstrdup(reason(x->status));
	if (code) snprintf(x->error_code, sizeof x->error_code, "%s", c);
	else if (text && strstr(text, "REQUEST_LIMIT_EXCEEDED")) /* SCIM says it in its detail */
		snprintf(x->error_code, sizeof x->error_code, "REQUEST_LIMIT_EXCEEDED");
	buf_addf(&m, "%ld %s", x->status, c);
	free(c);
	if (text) {
		char *t = http_safe_text(text, strlen(text), 300);
		buf_addf(&m, ": %s", t);
		free(t);
	} else if (!j && x->body.len) {
		char *t = http_safe_text(x->body.data, x->body.len, 120);
		if (*t) buf_addf(&m, ": %s", t);
		free(t);
	}
	cJSON_Delete(j);
	return buf_take(&m);
}

static void errno_text(int e, char *out, size_t n);

static char *transport_error(const struct http_xfer *x, CURLcode rc, const char *host)
{
	struct buf m = BUF_INIT;
	char *detail = http_safe_text(x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc),
				      strlen(x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc)), 200);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		buf_addf(&m, "could not resolve the host %s (%s)", host, detail);
		break;
	case CURLE_COULDNT_CONNECT:
		if (x->os_errno) {
			char why[96];
			errno_text(x->os_errno, why, sizeof why);
			buf_addf(&m, "could not connect to %s: %s (%s)", host, why, detail);
		} else {
			buf_addf(&m, "could not connect to %s (%s)", host, detail);
		}
		break;
	case CURLE_OPERATION_TIMEDOUT:
		buf_addf(&m, "timed out after %.1f s waiting for %s (raise --timeout)", x->timeout_ms / 1000.0, host);
		break;
	case CURLE_PARTIAL_FILE:
		buf_addf(&m, "the response was cut short: the connection closed after %zu bytes", x->body.len);
		break;
	case CURLE_GOT_NOTHING:
		buf_addf(&m, "the server closed the connection without answering");
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
		buf_addf(&m, "the connection to %s broke (%s)", host, detail);
		break;
	case CURLE_WRITE_ERROR:
		if (x->too_big) {
			buf_addf(&m, "the response is larger than %ld MB; stopped reading it", HTTP_MAX_BODY >> 20);
			break;
		}
		/* fall through */
	default:
		if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR ||
		    rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM)
			buf_addf(&m, "TLS error talking to %s (%s); certificate checks stay on", host, detail);
		else
			buf_addf(&m, "request to %s failed: %s", host, detail);
	}
	free(detail);
	return buf_take(&m);
}

/* host without its scheme and path ("127.0.0.1:1", "adb-1.2.azuredatabricks.net"), for short lines. */
static void host_part(const char *host, char *out, size_t n)
{
	const char *p = host ? strstr(host, "://") : NULL;
	p = p ? p + 3 : host ? host : "";
	size_t len = strcspn(p, "/?#");
	char *t = http_safe_text(p, len, 80);
	snprintf(out, n, "%s", t);
	free(t);
}

/* strerror(e) starting lower case ("connection refused"). */
static void errno_text(int e, char *out, size_t n)
{
	snprintf(out, n, "%s", strerror(e));
	if (out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z')) out[0] = (char)(out[0] - 'A' + 'a');
}

/* x->os_errno, x->connected and x->brief after a transport error. */
static void transport_facts(struct http_xfer *x, CURLcode rc, const char *host)
{
	long e = 0;
	curl_off_t conn = 0, tls = 0;
	char *url = NULL;
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &e);
	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &conn);
	curl_easy_getinfo(x->easy, CURLINFO_APPCONNECT_TIME_T, &tls);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &url);
	int https = url && strncasecmp(url, "https:", 6) == 0;
	x->os_errno = (int)e;
	x->connected = conn > 0 && (!https || tls > 0);
	char h[96], why[96] = "";
	host_part(host, h, sizeof h);
	if (x->os_errno) errno_text(x->os_errno, why, sizeof why);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		snprintf(x->brief, sizeof x->brief, "cannot resolve the host %s", h);
		break;
	case CURLE_COULDNT_CONNECT:
		snprintf(x->brief, sizeof x->brief, "cannot connect to %s (%s)", h, why[0] ? why : "no answer");
		break;
	case CURLE_OPERATION_TIMEDOUT:
		snprintf(x->brief, sizeof x->brief, x->connected ? "%s stopped answering (timed out)" :
			 conn > 0 ? "cannot connect to %s (TLS handshake timed out)" : "cannot connect to %s (timed out)", h);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
		snprintf(x->brief, sizeof x->brief, "cannot connect to %s (TLS error)", h);
		break;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		snprintf(x->brief, sizeof x->brief, "the connection to %s broke (%s)", h,
			 why[0] ? why : rc == CURLE_GOT_NOTHING ? "closed without an answer" : "no answer");
		break;
	default:
		snprintf(x->brief, sizeof x->brief, "cannot read from %s", h);
	}
}

cJSON *http_xfer_result(struct http_xfer *x, CURLcode rc, const char *host, char **msg)
{
	*msg = NULL;
	long st = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &st);
	x->status = st;
	x->os_errno = 0;
	x->connected = 0;
	x->brief[0] = 0;
	if (rc != CURLE_OK && rc != CURLE_ABORTED_BY_CALLBACK && st < 100) transport_facts(x, rc, host);
	if (rc != CURLE_OK) {
		/* a transfer cut short after an error status still reports that status */
		if (st >= 400 && rc == CURLE_PARTIAL_FILE) {
			*msg = http_error(x);
			return NULL;
		}
		*msg = transport_error(x, rc, host);
		if (rc != CURLE_PARTIAL_FILE) x->status = st >= 100 ? st : 0;
		return NULL;
	}
	if (st >= 300 && st < 400) {
		*msg = xstrdup("the server answered with a redirect; pwaf does not follow redirects (check the host URL)");
		return NULL;
	}
	if (st >= 400 || st < 200) {
		*msg = http_error(x);
		return NULL;
	}
	if (x->body.len == 0) return cJSON_CreateObject(); /* some endpoints answer an empty list with nothing */
	const char *end = NULL;
	cJSON *j = cJSON_ParseWithLengthOpts(x->body.data, x->body.len, &end, 0);
	if (!j) {
		char *t = http_safe_text(x->body.data, x->body.len, 40);
		struct buf m = BUF_INIT;
		int html = x->body.len && x->body.data[0] == '<';
		buf_addf(&m, "the response (HTTP %ld) is %s (%zu bytes, starting \"%s\")", st,
			 html ? "HTML, not JSON" : "not valid JSON: cut short or corrupt", x->body.len, t);
		free(t);
		*msg = buf_take(&m);
		return NULL;
	}
	if (!cJSON_IsObject(j) && !(x->accept_array && cJSON_IsArray(j))) {
		cJSON_Delete(j);
		*msg = xstrdup(x->accept_array ? "the response is JSON but neither an object nor a list"
					       : "the response is JSON but not an object");
		return NULL;
	}
	return j;
}

int http_retryable(const struct http_xfer *x, CURLcode rc)
{
	switch (rc) {
	case CURLE_OK:
		break;
	case CURLE_COULDNT_CONNECT:     /* "connection refused"; a kernel connect timeout as Go's dial "i/o timeout" */
		return x->os_errno == ECONNREFUSED || x->os_errno == ETIMEDOUT;
	case CURLE_RECV_ERROR:          /* "connection reset by peer" */
	case CURLE_SEND_ERROR:
		return x->status == 0 && x->os_errno == ECONNRESET;
	case CURLE_OPERATION_TIMEDOUT:  /* the dial's "i/o timeout" or a "TLS handshake timeout", not a slow answer */
		return x->status == 0 && !x->connected;
	default:
		return 0;
	}
	switch (x->status) {
	case 429: case 500: case 502: case 503: case 504:
		return 1;
	}
	return x->status >= 400 && strcmp(x->error_code, "REQUEST_LIMIT_EXCEEDED") == 0;
}

long http_retry_delay_ms(int attempt, const char *retry_after, unsigned *seed)
{
	if (retry_after && *retry_after) {
		char *end;
		errno = 0;
		long s = strtol(retry_after, &end, 10);
		if (end != retry_after && *end == 0 && s >= 0 && errno == 0) return s > 3600 ? 3600000L : s * 1000;
		time_t when = curl_getdate(retry_after, NULL);
		if (when > 0) {
			double d = difftime(when, time(NULL));
			return d <= 0 ? 0 : (d > 3600 ? 3600000L : (long)d * 1000);
		}
	}
	/* the SDKs' backoff (retries/retries.go): attempt seconds, at most 10, plus 50-750 ms of jitter */
	long wait = (attempt < 1 ? 1 : attempt > 10 ? 10 : attempt) * 1000L;
	return wait + 50 + (long)(rand_r(seed) % 701u);
}

char *http_user_agent(const char *auth, const char *extra)
{
	struct utsname u;
	char os[32] = "unknown";
	if (uname(&u) == 0) {
		size_t i = 0;
		for (; u.sysname[i] && i < sizeof os - 1; i++) os[i] = (char)tolower((unsigned char)u.sysname[i]);
		os[i] = 0;
	}
	curl_version_info_data *cv = curl_lazy_load(NULL, 0) == 0 ? curl_version_info(CURLVERSION_NOW) : NULL;
	struct buf b = BUF_INIT;
	buf_addf(&b, "pwaf/%s curl/%s os/%s", PACKAGE_VERSION, cv ? cv->version : "?", os);
	if (auth) buf_addf(&b, " auth/%s", auth);
	if (extra && *extra) buf_addf(&b, " %s", extra);
	return buf_take(&b);
}

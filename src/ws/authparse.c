/* authparse.c - parse what token services and CLIs answer, as the Go SDK reads it, with bounds. */
#include "ws/authparse.h"

#include "core/buf.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void auth_tok_free(struct auth_tok *t)
{
	if (t->access_token) memset(t->access_token, 0, strlen(t->access_token));
	free(t->access_token);
	t->access_token = NULL;
	t->lifetime = 0;
}

int auth_token_chars_ok(const char *t, size_t n)
{
	if (!t || n == 0 || n > 16384) return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)t[i] < 0x21 || (unsigned char)t[i] > 0x7e) return 0;
	return 1;
}

long auth_clamp_lifetime(double s)
{
	if (!(s >= (double)AUTH_MIN_LIFETIME)) return AUTH_MIN_LIFETIME; /* NaN too */
	if (s > (double)AUTH_MAX_LIFETIME) return AUTH_MAX_LIFETIME;
	return (long)s;
}

long auth_refresh_margin(long lifetime)
{
	long m = lifetime / 2;
	return m > 300 ? 300 : m;
}

static int set_token(struct auth_tok *t, const char *at, size_t n, const char *what, char *err, size_t errlen)
{
	if (!at || n == 0) {
		msg_set(err, errlen, "%s has no access token", what);
		return -1;
	}
	if (!auth_token_chars_ok(at, n)) {
		msg_set(err, errlen, "%s holds an access token with a character that cannot be in a token (a space, "
			 "a control character such as a line break, or a non-ASCII character); refused, not shown", what);
		return -1;
	}
	t->access_token = xstrndup(at, n);
	return 0;
}

/* A strict decimal number (what Go's json.Number accepts): -?digits[.digits][e[+-]digits]. */
static int number_text(const char *s, double *v)
{
	const char *p = s;
	if (*p == '-') p++;
	if (!isdigit((unsigned char)*p)) return -1;
	while (isdigit((unsigned char)*p)) p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p)) return -1;
		while (isdigit((unsigned char)*p)) p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-') p++;
		if (!isdigit((unsigned char)*p)) return -1;
		while (isdigit((unsigned char)*p)) p++;
	}
	if (*p) return -1;
	*v = strtod(s, NULL);
	return 0;
}

/* expires_in as a lifetime: 0 ok (*life set), -1 not a number. */
static int lifetime_of(const cJSON *e, const char *text, long *life)
{
	double v;
	if (text) {
		if (!*text) {
			*life = AUTH_DEFAULT_LIFETIME;
			return 0;
		}
		if (number_text(text, &v) < 0) return -1;
	} else if (!e || cJSON_IsNull(e)) {
		*life = AUTH_DEFAULT_LIFETIME;
		return 0;
	} else if (cJSON_IsNumber(e)) {
		v = e->valuedouble;
	} else if (cJSON_IsString(e)) {
		if (number_text(e->valuestring, &v) < 0) return -1;
	} else {
		return -1;
	}
	*life = v == 0 ? AUTH_DEFAULT_LIFETIME : auth_clamp_lifetime(v);
	return 0;
}

/* The value of key in an application/x-www-form-urlencoded body, decoded (malloc'd), or NULL. */
static char *form_value(const char *body, size_t len, const char *key)
{
	size_t kl = strlen(key);
	const char *p = body, *end = body + len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *e = amp ? amp : end;
		if ((size_t)(e - p) > kl && memcmp(p, key, kl) == 0 && p[kl] == '=') {
			struct buf b = BUF_INIT;
			for (const char *q = p + kl + 1; q < e; q++) {
				if (*q == '+') {
					buf_addc(&b, ' ');
				} else if (*q == '%' && e - q >= 3 && isxdigit((unsigned char)q[1]) && isxdigit((unsigned char)q[2])) {
					char h[3] = { q[1], q[2], 0 };
					buf_addc(&b, (char)strtol(h, NULL, 16));
					q += 2;
				} else {
					buf_addc(&b, *q);
				}
			}
			return b.data ? buf_take(&b) : xstrdup("");
		}
		p = e + 1;
	}
	return NULL;
}

int auth_parse_oauth(const char *body, size_t len, const char *ctype, struct auth_tok *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	const char *what = "the token response";
	if (ctype && (strncasecmp(ctype, "application/x-www-form-urlencoded", 33) == 0 ||
		      strncasecmp(ctype, "text/plain", 10) == 0)) {
		char *at = form_value(body, len, "access_token"), *ex = form_value(body, len, "expires_in");
		int rc = -1;
		if (lifetime_of(NULL, ex ? ex : "", &t->lifetime) < 0)
			msg_set(err, errlen, "%s: expires_in is not a number", what);
		else
			rc = set_token(t, at, at ? strlen(at) : 0, what, err, errlen);
		if (at) memset(at, 0, strlen(at));
		free(at);
		free(ex);
		return rc;
	}
	cJSON *j = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(j)) {
		msg_set(err, errlen, "%s is not a JSON object", what);
		cJSON_Delete(j);
		return -1;
	}
	int rc = -1;
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(j, "access_token");
	if (lifetime_of(cJSON_GetObjectItemCaseSensitive(j, "expires_in"), NULL, &t->lifetime) < 0)
		msg_set(err, errlen, "%s: expires_in is not a number", what);
	else if (at && !cJSON_IsString(at))
		msg_set(err, errlen, "%s: access_token is not a string", what);
	else
		rc = set_token(t, at ? at->valuestring : NULL, at ? strlen(at->valuestring) : 0, what, err, errlen);
	cJSON_Delete(j);
	return rc;
}

/* --- times ----------------------------------------------------------------------------------- */

static int digits(const char **p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i])) return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* "2006-01-02<sep>15:04:05[.frac]" into tm; *p left after it. hour1: a 1-digit hour is allowed. */
static int date_time(const char **p, char sep, int hour1, struct tm *tm)
{
	int Y, M, D, h, m, s;
	const char *q = *p;
	if (digits(&q, 4, &Y) || *q++ != '-' || digits(&q, 2, &M) || *q++ != '-' || digits(&q, 2, &D) || *q++ != sep)
		return -1;
	if (hour1 && isdigit((unsigned char)q[0]) && q[1] == ':') {
		h = q[0] - '0';
		q++;
	} else if (digits(&q, 2, &h)) {
		return -1;
	}
	if (*q++ != ':' || digits(&q, 2, &m) || *q++ != ':' || digits(&q, 2, &s)) return -1;
	if (M < 1 || M > 12 || D < 1 || D > days_in(Y, M) || h > 23 || m > 59 || s > 59) return -1;
	if (*q == '.' || *q == ',') {
		if (!isdigit((unsigned char)q[1])) return -1;
		for (q++; isdigit((unsigned char)*q); q++) {}
	}
	memset(tm, 0, sizeof *tm);
	tm->tm_year = Y - 1900;
	tm->tm_mon = M - 1;
	tm->tm_mday = D;
	tm->tm_hour = h;
	tm->tm_min = m;
	tm->tm_sec = s;
	*p = q;
	return 0;
}

int auth_parse_expiry(const char *s, time_t *t)
{
	if (!s) return -1;
	struct tm tm;
	const char *p = s;
	if (date_time(&p, 'T', 0, &tm) == 0) { /* RFC 3339 */
		long off = 0;
		if (*p == '+' || *p == '-') {
			int oh, om;
			const char *q = p + 1;
			if (digits(&q, 2, &oh) || *q++ != ':' || digits(&q, 2, &om) || *q || oh > 23 || om > 59) return -1;
			off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
		} else if (strcmp(p, "Z") != 0) {
			return -1;
		}
		*t = timegm(&tm) - off;
		return 0;
	}
	p = s;
	if (date_time(&p, ' ', 1, &tm) == 0 && !*p) {
		*t = timegm(&tm);
		return 0;
	}
	return -1;
}

/* A lifetime from an absolute expiry. */
static long lifetime_until(time_t expiry, time_t now)
{
	return auth_clamp_lifetime(difftime(expiry, now));
}

int auth_parse_cli_token(const char *out, size_t len, time_t now, struct auth_tok *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	cJSON *j = cJSON_ParseWithLength(out, len);
	int rc = -1;
	if (!cJSON_IsObject(j)) {
		msg_set(err, errlen, "cannot parse CLI response: not a JSON object");
		goto done;
	}
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(j, "access_token");
	const char *ex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "expiry"));
	time_t e;
	if (at && !cJSON_IsString(at)) {
		msg_set(err, errlen, "cannot parse CLI response: access_token is not a string");
		goto done;
	}
	if (auth_parse_expiry(ex ? ex : "", &e) < 0) {
		msg_set(err, errlen, "cannot parse token expiry");
		goto done;
	}
	t->lifetime = lifetime_until(e, now);
	rc = set_token(t, at ? at->valuestring : NULL, at ? strlen(at->valuestring) : 0, "the CLI's answer", err, errlen);
done:
	cJSON_Delete(j);
	return rc;
}

int auth_parse_az_token(const char *out, size_t len, time_t now, struct auth_tok *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	cJSON *j = cJSON_ParseWithLength(out, len);
	int rc = -1;
	if (!cJSON_IsObject(j)) {
		msg_set(err, errlen, "cannot unmarshal CLI result: not a JSON object");
		goto done;
	}
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(j, "accessToken");
	const char *ex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "expiresOn"));
	struct tm tm;
	const char *p = ex;
	if (at && !cJSON_IsString(at)) {
		msg_set(err, errlen, "cannot unmarshal CLI result: accessToken is not a string");
		goto done;
	}
	if (!p || date_time(&p, ' ', 1, &tm) < 0 || *p) {
		msg_set(err, errlen, "cannot parse expiry");
		goto done;
	}
	tm.tm_isdst = -1;
	t->lifetime = lifetime_until(mktime(&tm), now); /* local time, as the Azure CLI writes it */
	rc = set_token(t, at ? at->valuestring : NULL, at ? strlen(at->valuestring) : 0, "the Azure CLI's answer", err,
		       errlen);
done:
	cJSON_Delete(j);
	return rc;
}

int auth_parse_az_account(const char *out, size_t len, int *sp, int *msi)
{
	*sp = *msi = 0;
	cJSON *j = cJSON_ParseWithLength(out, len);
	if (!cJSON_IsObject(j)) {
		cJSON_Delete(j);
		return -1;
	}
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, "user");
	const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "type"));
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "name"));
	*sp = type && strcmp(type, "servicePrincipal") == 0;
	*msi = *sp && name && (strcmp(name, "systemAssignedIdentity") == 0 || strcmp(name, "userAssignedIdentity") == 0);
	cJSON_Delete(j);
	return 0;
}

int auth_parse_metadata(const char *body, size_t len, time_t now, struct auth_tok *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof *t);
	cJSON *j = cJSON_ParseWithLength(body, len);
	int rc = -1;
	if (!cJSON_IsObject(j)) {
		msg_set(err, errlen, "token parse: the metadata service's answer is not a JSON object");
		goto done;
	}
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(j, "access_token");
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "expires_on");
	double v = NAN;
	if (cJSON_IsNumber(e)) {
		v = e->valuedouble;
	} else if (cJSON_IsString(e)) {
		char *end;
		long long n = strtoll(e->valuestring, &end, 10);
		if (end != e->valuestring && !*end && isdigit((unsigned char)e->valuestring[e->valuestring[0] == '-']))
			v = (double)n;
	}
	if (!(v == v) || v != floor(v) || fabs(v) > 1e15) {
		msg_set(err, errlen, "token parse: invalid token expiry (expires_on must be Unix seconds)");
		goto done;
	}
	if (at && !cJSON_IsString(at)) {
		msg_set(err, errlen, "token parse: invalid token");
		goto done;
	}
	t->lifetime = auth_clamp_lifetime(v - (double)now);
	rc = set_token(t, at ? at->valuestring : NULL, at ? strlen(at->valuestring) : 0, "the metadata service's answer",
		       err, errlen);
done:
	cJSON_Delete(j);
	return rc;
}

int auth_parse_discovery(const char *body, size_t len, char **endpoint, char *err, size_t errlen)
{
	*endpoint = NULL;
	cJSON *j = cJSON_ParseWithLength(body, len);
	const char *te = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "token_endpoint"));
	int rc = -1;
	if (!cJSON_IsObject(j))
		msg_set(err, errlen, "the OAuth discovery document is not a JSON object");
	else if (!te || !*te)
		msg_set(err, errlen, "the OAuth discovery document has no token_endpoint");
	else if (strlen(te) > 2048)
		msg_set(err, errlen, "the OAuth discovery document's token_endpoint is too long");
	else {
		*endpoint = xstrdup(te);
		rc = 0;
	}
	cJSON_Delete(j);
	return rc;
}

/* --- versions -------------------------------------------------------------------------------- */

struct semver {
	long n[3];
	const char *pre;        /* after '-', up to '+' or the end; NULL when none */
	size_t prelen;
};

/* golang.org/x/mod/semver's grammar: v MAJOR[.MINOR[.PATCH[-PRE][+BUILD]]], no leading zeros. */
static int semver_parse(const char *v, struct semver *s)
{
	memset(s, 0, sizeof *s);
	if (!v || *v++ != 'v') return -1;
	int parts = 0;
	for (; parts < 3; parts++) {
		if (!isdigit((unsigned char)*v) || (v[0] == '0' && isdigit((unsigned char)v[1]))) return -1;
		long x = 0;
		while (isdigit((unsigned char)*v)) {
			if (x > 100000000L) return -1;
			x = x * 10 + (*v++ - '0');
		}
		s->n[parts] = x;
		if (*v != '.') {
			parts++;
			break;
		}
		if (parts == 2) return -1;
		v++;
	}
	if (parts < 3 && *v) return -1; /* shorthand v1, v1.2 takes no suffix */
	if (*v == '-') {
		s->pre = ++v;
		while (*v && *v != '+') {
			if (!isalnum((unsigned char)*v) && *v != '-' && *v != '.') return -1;
			v++;
		}
		s->prelen = (size_t)(v - s->pre);
		if (!s->prelen) return -1;
	}
	if (*v == '+') {
		if (!*++v) return -1;
		for (; *v; v++)
			if (!isalnum((unsigned char)*v) && *v != '-' && *v != '.') return -1;
	}
	return *v ? -1 : 0;
}

static int cmp_ident(const char *a, size_t an, const char *b, size_t bn)
{
	int anum = 1, bnum = 1;
	for (size_t i = 0; i < an; i++) anum &= isdigit((unsigned char)a[i]) != 0;
	for (size_t i = 0; i < bn; i++) bnum &= isdigit((unsigned char)b[i]) != 0;
	if (anum && bnum) {
		if (an != bn) return an < bn ? -1 : 1;
		int c = memcmp(a, b, an);
		return c < 0 ? -1 : c > 0;
	}
	if (anum != bnum) return anum ? -1 : 1;
	int c = memcmp(a, b, an < bn ? an : bn);
	if (c) return c < 0 ? -1 : 1;
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

int auth_semver_cmp(const char *a, const char *b)
{
	struct semver x, y;
	int xa = semver_parse(a, &x) == 0, ya = semver_parse(b, &y) == 0;
	if (!xa || !ya) return xa - ya;
	for (int i = 0; i < 3; i++)
		if (x.n[i] != y.n[i]) return x.n[i] < y.n[i] ? -1 : 1;
	if (!x.pre || !y.pre) return (x.pre ? -1 : 0) + (y.pre ? 1 : 0);
	const char *p = x.pre, *q = y.pre, *pe = x.pre + x.prelen, *qe = y.pre + y.prelen;
	while (p < pe && q < qe) {
		const char *pd = memchr(p, '.', (size_t)(pe - p)), *qd = memchr(q, '.', (size_t)(qe - q));
		size_t pn = (size_t)((pd ? pd : pe) - p), qn = (size_t)((qd ? qd : qe) - q);
		int c = cmp_ident(p, pn, q, qn);
		if (c) return c;
		p += pn + (pd != NULL);
		q += qn + (qd != NULL);
	}
	return (p < pe) - (q < qe);
}

int auth_parse_cli_version(const char *out, size_t len, char *ver, size_t n)
{
	ver[0] = 0;
	while (len && isspace((unsigned char)*out)) out++, len--;
	while (len && isspace((unsigned char)out[len - 1])) len--;
	static const char prefix[] = "Databricks CLI ";
	if (len >= sizeof prefix - 1 && memcmp(out, prefix, sizeof prefix - 1) == 0) {
		out += sizeof prefix - 1;
		len -= sizeof prefix - 1;
	}
	if (len == 0 || len >= n || memchr(out, '\0', len)) return -1;
	memcpy(ver, out, len);
	ver[len] = 0;
	struct semver s;
	if (semver_parse(ver, &s) < 0) {
		ver[0] = 0;
		return -1;
	}
	return 0;
}

int auth_tenant_from_location(const char *loc, char *tenant, size_t n)
{
	if (!loc) return -1;
	const char *p = loc;
	if (strncasecmp(p, "https://", 8) == 0 || strncasecmp(p, "http://", 7) == 0) {
		p = strstr(p, "://") + 3;
		p += strcspn(p, "/?#");
	}
	if (*p != '/') return -1;
	p++;
	size_t k = strcspn(p, "/?#");
	if (k == 0 || k >= n) return -1;
	for (size_t i = 0; i < k; i++)
		if (!isalnum((unsigned char)p[i]) && p[i] != '-' && p[i] != '.' && p[i] != '_') return -1;
	memcpy(tenant, p, k);
	tenant[k] = 0;
	return 0;
}

/* wsconfig.c - credentials from flags, DATABRICKS_* variables and ~/.databrickscfg, in that order. */
#include "wsconfig.h"

#include "buf.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/stat.h>

enum attr { A_HOST, A_TOKEN, A_CLIENT_ID, A_CLIENT_SECRET, A_AUTH_TYPE, A_CLI_PATH, A_N };

static const struct {
	const char *key;        /* in the config file */
	const char *env;
} attrs[A_N] = {
	[A_HOST] = { "host", "DATABRICKS_HOST" },
	[A_TOKEN] = { "token", "DATABRICKS_TOKEN" },
	[A_CLIENT_ID] = { "client_id", "DATABRICKS_CLIENT_ID" },
	[A_CLIENT_SECRET] = { "client_secret", "DATABRICKS_CLIENT_SECRET" },
	[A_AUTH_TYPE] = { "auth_type", "DATABRICKS_AUTH_TYPE" },
	[A_CLI_PATH] = { "databricks_cli_path", "DATABRICKS_CLI_PATH" },
};

struct resolved {
	char *val[A_N];
	char src[A_N][300];     /* where each value came from, for messages (never the value) */
};

static void set_attr(struct resolved *r, enum attr a, const char *v, const char *src)
{
	if (r->val[a] || !v || !*v) return;
	r->val[a] = xstrdup(v);
	snprintf(r->src[a], sizeof r->src[a], "%s", src);
}

/* --- the INI file ----------------------------------------------------------------------- */

struct ini_kv {
	char *section, *key, *value;
};

struct ini {
	struct ini_kv *v;
	size_t n, cap;
	char **sections;        /* in file order, unique */
	size_t nsec;
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s)) s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
	return s;
}

static void ini_free(struct ini *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].key);
		free(f->v[i].value);
	}
	free(f->v);
	for (size_t i = 0; i < f->nsec; i++) free(f->sections[i]);
	free(f->sections);
	memset(f, 0, sizeof *f);
}

static const char *ini_add_section(struct ini *f, const char *name)
{
	for (size_t i = 0; i < f->nsec; i++)
		if (strcmp(f->sections[i], name) == 0) return f->sections[i];
	f->sections = xrealloc(f->sections, (f->nsec + 1) * sizeof *f->sections);
	f->sections[f->nsec] = xstrdup(name);
	return f->sections[f->nsec++];
}

/* Parse; keys before any section belong to DEFAULT (as in go-ini). Returns the line of a
 * syntax error, or 0. */
static int ini_parse(struct ini *f, char *text)
{
	const char *sec = ini_add_section(f, "DEFAULT");
	int line = 0;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		line++;
		char *s = trim(l);
		if (!*s || *s == '#' || *s == ';') continue;
		if (*s == '[') {
			char *e = strchr(s, ']');
			if (!e) return line;
			*e = 0;
			sec = ini_add_section(f, trim(s + 1));
			continue;
		}
		char *eq = strpbrk(s, "=:");
		if (!eq) return line;
		*eq = 0;
		char *k = trim(s), *v = trim(eq + 1);
		size_t vn = strlen(v);
		if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) {
			v[vn - 1] = 0;
			v++;
		}
		if (f->n == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 16;
			f->v = xrealloc(f->v, f->cap * sizeof *f->v);
		}
		f->v[f->n++] = (struct ini_kv){ (char *)sec, xstrdup(k), xstrdup(v) };
	}
	return 0;
}

static const char *ini_get(const struct ini *f, const char *section, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].section, section) == 0 && strcmp(f->v[i].key, key) == 0) v = f->v[i].value;
	return v;
}

static size_t ini_section_size(const struct ini *f, const char *section)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++) n += strcmp(f->v[i].section, section) == 0;
	return n;
}

/* Profiles that exist (sections with keys, not __settings__), for error messages. */
static void ini_profiles(const struct ini *f, struct buf *b)
{
	int any = 0;
	for (size_t i = 0; i < f->nsec; i++) {
		if (strcmp(f->sections[i], "__settings__") == 0 || !ini_section_size(f, f->sections[i])) continue;
		buf_addf(b, "%s%s", any ? ", " : "", f->sections[i]);
		any = 1;
	}
	if (!any) buf_adds(b, "none");
}

static int file_holds_secret(const struct ini *f)
{
	for (size_t i = 0; i < f->n; i++)
		if ((strcmp(f->v[i].key, "token") == 0 || strcmp(f->v[i].key, "client_secret") == 0 ||
		     strcmp(f->v[i].key, "password") == 0) && f->v[i].value[0])
			return 1;
	return 0;
}

static char *read_file(const char *path, struct stat *st, int *err_no)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		*err_no = errno;
		return NULL;
	}
	if (fstat(fileno(fp), st) != 0 || !S_ISREG(st->st_mode) || st->st_size > 4 * 1024 * 1024) {
		*err_no = S_ISDIR(st->st_mode) ? EISDIR : EFBIG;
		fclose(fp);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) buf_add(&b, chunk, n);
	fclose(fp);
	return buf_take(&b);
}

/* Fill attributes from one profile of the config file. Returns 0 or -1 with err set. */
static int from_file(struct resolved *r, const char *explicit_profile, const char *profile_src,
		     struct ws_config *out, char *err, size_t errlen)
{
	const char *cf = getenv("DATABRICKS_CONFIG_FILE");
	struct buf path = BUF_INIT;
	int explicit_file = cf && *cf;
	if (!explicit_file) cf = "~/.databrickscfg";
	if (cf[0] == '~' && (cf[1] == '/' || cf[1] == 0)) {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			if (explicit_profile) {
				msg_set(err, errlen, "cannot find the home directory to read %s (profile %s)", cf,
				       explicit_profile);
				return -1;
			}
			return 0;
		}
		buf_addf(&path, "%s%s", home, cf + 1);
	} else {
		buf_adds(&path, cf);
	}
	struct stat st = { 0 };
	int e = 0;
	char *text = read_file(buf_str(&path), &st, &e);
	if (!text) {
		int rc = 0;
		if (e != ENOENT || explicit_profile || explicit_file) {
			if (e == ENOENT && !explicit_profile && explicit_file) {
				rc = 0; /* like the SDK: a missing file is a machine without configuration */
			} else {
				msg_set(err, errlen, "cannot read the config file %s: %s%s%s%s", buf_str(&path), strerror(e),
				       explicit_profile ? " (profile " : "", explicit_profile ? explicit_profile : "",
				       explicit_profile ? " was asked for)" : "");
				rc = -1;
			}
		}
		buf_free(&path);
		return rc;
	}
	struct ini f = { 0 };
	int bad = ini_parse(&f, text);
	if (bad) {
		msg_set(err, errlen, "%s:%d: cannot parse the config file (expected [profile] or key = value)",
		       buf_str(&path), bad);
		ini_free(&f);
		free(text);
		buf_free(&path);
		return -1;
	}
	const char *profile = explicit_profile;
	char src[300];
	if (!profile) {
		const char *dp = ini_get(&f, "__settings__", "default_profile");
		if (dp && *dp) {
			profile = dp;
			profile_src = "default_profile in [__settings__]";
		}
	}
	int rc = 0;
	if (profile) {
		if (!ini_section_size(&f, profile) || strcmp(profile, "__settings__") == 0) {
			struct buf names = BUF_INIT;
			ini_profiles(&f, &names);
			msg_set(err, errlen, "%s has no profile '%s' (%s); profiles: %s", buf_str(&path), profile,
			       profile_src, buf_str(&names));
			buf_free(&names);
			rc = -1;
			goto done;
		}
	} else if (ini_section_size(&f, "DEFAULT")) {
		profile = "DEFAULT";
	}
	if (profile) {
		snprintf(src, sizeof src, "profile %s of %s", profile, buf_str(&path));
		for (int a = 0; a < A_N; a++) set_attr(r, (enum attr)a, ini_get(&f, profile, attrs[a].key), src);
		out->profile = xstrdup(profile);
		out->config_file = xstrdup(buf_str(&path));
	}
	if (file_holds_secret(&f) && (st.st_mode & (S_IRGRP | S_IROTH)))
		snprintf(out->warning, sizeof out->warning,
			 "warning: %s holds a secret and can be read by other users; run: chmod 600 %s",
			 buf_str(&path), buf_str(&path));
done:
	ini_free(&f);
	free(text);
	buf_free(&path);
	return rc;
}

/* --- hosts ------------------------------------------------------------------------------ */

int wsconfig_is_loopback(const char *host)
{
	const char *h = strstr(host, "://");
	h = h ? h + 3 : host;
	char name[256];
	size_t n = 0;
	const char *c1 = strchr(h, ':');
	if (h == host && c1 && strchr(c1 + 1, ':')) { /* a bare IPv6 address */
		while (*h && *h != '/' && n < sizeof name - 1) name[n++] = *h++;
	} else if (*h == '[') {
		h++;
		while (*h && *h != ']' && n < sizeof name - 1) name[n++] = *h++;
	} else {
		while (*h && *h != ':' && *h != '/' && n < sizeof name - 1) name[n++] = *h++;
	}
	name[n] = 0;
	if (strcasecmp(name, "localhost") == 0) return 1;
	struct in_addr a4;
	if (inet_pton(AF_INET, name, &a4) == 1) return (ntohl(a4.s_addr) >> 24) == 127;
	struct in6_addr a6;
	if (inet_pton(AF_INET6, name, &a6) == 1) return memcmp(&a6, &in6addr_loopback, sizeof a6) == 0;
	return 0;
}

char *wsconfig_normalize_host(const char *host, char *err, size_t errlen)
{
	while (isspace((unsigned char)*host)) host++;
	struct buf b = BUF_INIT;
	const char *rest = host;
	int http = 0;
	if (strncasecmp(host, "https://", 8) == 0) {
		rest = host + 8;
	} else if (strncasecmp(host, "http://", 7) == 0) {
		rest = host + 7;
		http = 1;
	} else if (strstr(host, "://")) {
		msg_set(err, errlen, "the host must be an https:// URL");
		return NULL;
	}
	size_t n = strcspn(rest, "/?# \t\r\n");
	if (n == 0) {
		msg_set(err, errlen, "the host URL has no host name");
		return NULL;
	}
	if (memchr(rest, '@', n)) {
		msg_set(err, errlen, "the host URL must not carry user information (user@host); use a token instead");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)rest[i];
		if (!(isalnum(ch) || ch == '.' || ch == '-' || ch == ':' || ch == '[' || ch == ']' || ch == '_')) {
			msg_set(err, errlen, "the host URL holds a character that cannot be in a host name");
			return NULL;
		}
	}
	buf_addf(&b, "%s://", http ? "http" : "https");
	buf_add(&b, rest, n);
	if (http && !wsconfig_is_loopback(buf_str(&b))) {
		msg_set(err, errlen, "refusing plain http to %s: only loopback hosts (127.0.0.1, ::1, localhost) "
			 "may use http; use https://", buf_str(&b) + 7);
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* --- resolution ------------------------------------------------------------------------- */

const char *wsconfig_auth_name(enum ws_auth a)
{
	switch (a) {
	case WS_AUTH_PAT: return "pat";
	case WS_AUTH_OAUTH_M2M: return "oauth-m2m";
	case WS_AUTH_CLI: return "databricks-cli";
	}
	return "?";
}

void wsconfig_free(struct ws_config *c)
{
	free(c->host);
	if (c->token) memset(c->token, 0, strlen(c->token));
	free(c->token);
	free(c->client_id);
	if (c->client_secret) memset(c->client_secret, 0, strlen(c->client_secret));
	free(c->client_secret);
	free(c->cli_path);
	free(c->profile);
	free(c->config_file);
	memset(c, 0, sizeof *c);
}

static void resolved_free(struct resolved *r)
{
	for (int a = 0; a < A_N; a++) {
		if (r->val[a]) memset(r->val[a], 0, strlen(r->val[a]));
		free(r->val[a]);
	}
}

/* 1 when prog (a path, or a name looked up on PATH) is an executable file. */
static int cli_available(const char *prog)
{
	if (strchr(prog, '/')) return access(prog, X_OK) == 0;
	const char *path = getenv("PATH");
	if (!path) return 0;
	struct buf dir = BUF_INIT;
	int found = 0;
	for (const char *p = path; !found; p++) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		buf_reset(&dir);
		buf_add(&dir, n ? p : ".", n ? n : 1);
		buf_addf(&dir, "/%s", prog);
		struct stat st;
		found = stat(buf_str(&dir), &st) == 0 && S_ISREG(st.st_mode) && access(buf_str(&dir), X_OK) == 0;
		if (!end) break;
		p = end;
	}
	buf_free(&dir);
	return found;
}

int wsconfig_resolve(const struct ws_config_flags *flags, struct ws_config *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	struct resolved r;
	memset(&r, 0, sizeof r);
	if (flags && flags->host) set_attr(&r, A_HOST, flags->host, "--host");
	for (int a = 0; a < A_N; a++) set_attr(&r, (enum attr)a, getenv(attrs[a].env), attrs[a].env);

	const char *profile = flags && flags->profile && *flags->profile ? flags->profile : NULL;
	const char *profile_src = "--profile";
	if (!profile) {
		const char *e = getenv("DATABRICKS_CONFIG_PROFILE");
		if (e && *e) {
			profile = e;
			profile_src = "DATABRICKS_CONFIG_PROFILE";
		}
	}
	int rc = -1;
	if (from_file(&r, profile, profile_src, out, err, errlen) < 0) goto out;

	if (!r.val[A_HOST]) {
		msg_set(err, errlen, "no workspace host: pass --host URL or --profile P, set DATABRICKS_HOST, or add "
			 "host = https://... to a profile of ~/.databrickscfg");
		goto out;
	}
	char herr[300];
	out->host = wsconfig_normalize_host(r.val[A_HOST], herr, sizeof herr);
	if (!out->host) {
		msg_set(err, errlen, "%s (host from %s)", herr, r.src[A_HOST]);
		goto out;
	}
	int has_token = r.val[A_TOKEN] != NULL;
	int has_m2m = r.val[A_CLIENT_ID] || r.val[A_CLIENT_SECRET];
	const char *at = r.val[A_AUTH_TYPE];
	if (at) {
		if (strcmp(at, "pat") == 0) out->auth = WS_AUTH_PAT;
		else if (strcmp(at, "oauth-m2m") == 0) out->auth = WS_AUTH_OAUTH_M2M;
		else if (strcmp(at, "databricks-cli") == 0) out->auth = WS_AUTH_CLI;
		else {
			msg_set(err, errlen, "auth_type '%.60s' (from %s) is not supported; use pat, oauth-m2m or "
				 "databricks-cli", at, r.src[A_AUTH_TYPE]);
			goto out;
		}
	} else if (has_token && has_m2m) {
		msg_set(err, errlen, "more than one authentication method is configured: a token (from %s) and "
			 "OAuth client credentials (from %s); remove one, or set auth_type",
			 r.src[A_TOKEN], r.src[r.val[A_CLIENT_ID] ? A_CLIENT_ID : A_CLIENT_SECRET]);
		goto out;
	} else if (has_token) {
		out->auth = WS_AUTH_PAT;
	} else if (has_m2m) {
		out->auth = WS_AUTH_OAUTH_M2M;
	} else if (cli_available(r.val[A_CLI_PATH] ? r.val[A_CLI_PATH] : "databricks")) {
		/* As the SDKs do last: a signed-in Databricks CLI provides the token. */
		out->auth = WS_AUTH_CLI;
	} else {
		msg_set(err, errlen, "no credentials for %s: set DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and "
			 "DATABRICKS_CLIENT_SECRET, or sign in with the Databricks CLI (auth_type = databricks-cli)",
			 out->host);
		goto out;
	}
	switch (out->auth) {
	case WS_AUTH_PAT:
		if (!has_token) {
			msg_set(err, errlen, "auth_type pat needs a token (DATABRICKS_TOKEN or token in the profile)");
			goto out;
		}
		out->token = xstrdup(r.val[A_TOKEN]);
		break;
	case WS_AUTH_OAUTH_M2M:
		if (!r.val[A_CLIENT_ID] || !r.val[A_CLIENT_SECRET]) {
			msg_set(err, errlen, "OAuth M2M needs both client_id and client_secret (%s is missing)",
			       r.val[A_CLIENT_ID] ? "client_secret" : "client_id");
			goto out;
		}
		out->client_id = xstrdup(r.val[A_CLIENT_ID]);
		out->client_secret = xstrdup(r.val[A_CLIENT_SECRET]);
		break;
	case WS_AUTH_CLI:
		out->cli_path = xstrdup(r.val[A_CLI_PATH] ? r.val[A_CLI_PATH] : "databricks");
		break;
	}
	rc = 0;
out:
	resolved_free(&r);
	return rc;
}

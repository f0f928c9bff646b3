/* wsconfig.c - credentials from flags, the environment and ~/.databrickscfg, in the Go SDK's order. */
#include "ws/wsconfig.h"

#include "core/buf.h"
#include "ws/dbcfg.h"
#include "core/sanitize.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* --- attributes (config/config.go: name, env and auth tags) -------------------------------- */

enum attr {
	A_HOST, A_METADATA_URL, A_TOKEN, A_USERNAME, A_PASSWORD, A_GOOGLE_SA, A_GOOGLE_CREDS,
	A_AZURE_RESOURCE_ID, A_AZURE_USE_MSI, A_AZURE_CLIENT_SECRET, A_AZURE_CLIENT_ID, A_AZURE_TENANT_ID,
	A_ACTIONS_URL, A_ACTIONS_TOKEN, A_AZURE_ENV, A_AZURE_LOGIN_APP_ID, A_CLIENT_ID, A_CLIENT_SECRET,
	A_SCOPES, A_CLI_PATH, A_AUTH_TYPE, A_OIDC_FILE, A_OIDC_ENV, A_CLOUD, A_ACCOUNT_ID, A_WAREHOUSE_ID, A_N
};

enum kind { K_STR, K_BOOL, K_LIST };

static const struct attr_def {
	const char *name;       /* in the config file */
	const char *env;        /* or NULL */
	const char *group;      /* the auth tag: attributes of two groups conflict; NULL: not an auth attribute */
	enum kind kind;
} attrs[A_N] = {
	[A_HOST] = { "host", "DATABRICKS_HOST", NULL, K_STR },
	[A_METADATA_URL] = { "metadata_service_url", "DATABRICKS_METADATA_SERVICE_URL", "metadata-service", K_STR },
	[A_TOKEN] = { "token", "DATABRICKS_TOKEN", "pat", K_STR },
	[A_USERNAME] = { "username", "DATABRICKS_USERNAME", "basic", K_STR },
	[A_PASSWORD] = { "password", "DATABRICKS_PASSWORD", "basic", K_STR },
	[A_GOOGLE_SA] = { "google_service_account", "DATABRICKS_GOOGLE_SERVICE_ACCOUNT", "google", K_STR },
	[A_GOOGLE_CREDS] = { "google_credentials", "GOOGLE_CREDENTIALS", "google", K_STR },
	[A_AZURE_RESOURCE_ID] = { "azure_workspace_resource_id", "DATABRICKS_AZURE_RESOURCE_ID", "azure", K_STR },
	[A_AZURE_USE_MSI] = { "azure_use_msi", "ARM_USE_MSI", "azure", K_BOOL },
	[A_AZURE_CLIENT_SECRET] = { "azure_client_secret", "ARM_CLIENT_SECRET", "azure", K_STR },
	[A_AZURE_CLIENT_ID] = { "azure_client_id", "ARM_CLIENT_ID", "azure", K_STR },
	[A_AZURE_TENANT_ID] = { "azure_tenant_id", "ARM_TENANT_ID", "azure", K_STR },
	[A_ACTIONS_URL] = { "actions_id_token_request_url", "ACTIONS_ID_TOKEN_REQUEST_URL", NULL, K_STR },
	[A_ACTIONS_TOKEN] = { "actions_id_token_request_token", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", NULL, K_STR },
	[A_AZURE_ENV] = { "azure_environment", "ARM_ENVIRONMENT", NULL, K_STR },
	[A_AZURE_LOGIN_APP_ID] = { "azure_login_app_id", "DATABRICKS_AZURE_LOGIN_APP_ID", "azure", K_STR },
	[A_CLIENT_ID] = { "client_id", "DATABRICKS_CLIENT_ID", "oauth", K_STR },
	[A_CLIENT_SECRET] = { "client_secret", "DATABRICKS_CLIENT_SECRET", "oauth", K_STR },
	[A_SCOPES] = { "scopes", NULL, NULL, K_LIST },
	[A_CLI_PATH] = { "databricks_cli_path", "DATABRICKS_CLI_PATH", NULL, K_STR },
	[A_AUTH_TYPE] = { "auth_type", "DATABRICKS_AUTH_TYPE", NULL, K_STR },
	[A_OIDC_FILE] = { "databricks_id_token_filepath", "DATABRICKS_OIDC_TOKEN_FILEPATH", "file-oidc", K_STR },
	[A_OIDC_ENV] = { "oidc_token_env", "DATABRICKS_OIDC_TOKEN_ENV", "env-oidc", K_STR },
	[A_CLOUD] = { "cloud", "DATABRICKS_CLOUD", NULL, K_STR },
	[A_ACCOUNT_ID] = { "account_id", "DATABRICKS_ACCOUNT_ID", NULL, K_STR },
	[A_WAREHOUSE_ID] = { "warehouse_id", "DATABRICKS_WAREHOUSE_ID", NULL, K_STR },
};

struct resolved {
	char *val[A_N];         /* NULL: zero (unset, empty, or a false bool) */
	char src[A_N][200];     /* where each value came from, for messages (never the value; sanitised) */
};

/* Append s for a message: sanitised (no control or bidi character), at most max bytes. */
static void add_safe(struct buf *b, const char *s, size_t max)
{
	char *t = sanitize_line(s ? s : "", s ? strlen(s) : 0);
	if (!t) return;
	size_t n = strlen(t);
	if (n > max) {
		while (max > 0 && ((unsigned char)t[max] & 0xC0) == 0x80) max--;
		t[max] = 0;
		buf_add(b, t, max);
		buf_adds(b, "…");
	} else {
		buf_add(b, t, n);
	}
	free(t);
}

/* Go's strconv.ParseBool. Returns 1/0, or -1 when s is none of its words. */
static int parse_bool(const char *s)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };
	for (size_t i = 0; i < 6; i++) {
		if (strcmp(s, t[i]) == 0) return 1;
		if (strcmp(s, f[i]) == 0) return 0;
	}
	return -1;
}

/* ConfigAttribute.SetS on an unset attribute. Returns 0, or -1 with err set (a bad bool). */
static int set_attr(struct resolved *r, enum attr a, const char *v, const char *src, char *err, size_t errlen)
{
	if (r->val[a] || !v || !*v) return 0;
	if (attrs[a].kind == K_BOOL) {
		int b = parse_bool(v);
		if (b < 0) {
			struct buf m = BUF_INIT;
			buf_addf(&m, "%s (from ", attrs[a].name);
			add_safe(&m, src, 150);
			buf_adds(&m, ") must be true or false, not '");
			add_safe(&m, v, 40);
			buf_adds(&m, "'");
			msg_set(err, errlen, "%s", buf_str(&m));
			buf_free(&m);
			return -1;
		}
		if (!b) return 0; /* false is the zero value: not configured */
		v = "true";
	}
	r->val[a] = xstrdup(v);
	char *s = sanitize_line(src, strlen(src));
	snprintf(r->src[a], sizeof r->src[a], "%s", s ? s : "");
	free(s);
	return 0;
}

static int any_auth_attr(const struct resolved *r)
{
	for (int a = 0; a < A_N; a++)
		if (attrs[a].group && r->val[a]) return 1;
	return 0;
}

static void resolved_free(struct resolved *r)
{
	for (int a = 0; a < A_N; a++) {
		if (r->val[a]) memset(r->val[a], 0, strlen(r->val[a]));
		free(r->val[a]);
	}
}

/* --- files and programs ------------------------------------------------------------------ */

char *wsconfig_read_regular(const char *path, size_t max, size_t *len, struct stat *st)
{
	struct stat sb;
	if (!st) st = &sb;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) return NULL;
	if (fstat(fd, st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	if (!S_ISREG(st->st_mode) || (size_t)st->st_size > max) {
		close(fd);
		errno = S_ISREG(st->st_mode) ? EFBIG : EINVAL;
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[8192];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR) continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			if (b.data) memset(b.data, 0, b.len);
			buf_free(&b);
			errno = e;
			return NULL;
		}
		if (n == 0) break;
		if (b.len + (size_t)n > max) { /* it grew while we read */
			close(fd);
			if (b.data) memset(b.data, 0, b.len);
			buf_free(&b);
			errno = EFBIG;
			return NULL;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	memset(chunk, 0, sizeof chunk);
	if (len) *len = b.len;
	return b.data ? buf_take(&b) : xstrdup("");
}

static const char *file_error(int e)
{
	if (e == EINVAL) return "not a regular file (a directory, FIFO or device is refused)";
	if (e == EFBIG) return "larger than 1 MB";
	return strerror(e);
}

/* 0 found, -1 absent, -2 only smaller than min_size. */
static int check_program(const char *path, long min_size)
{
	struct stat st;
	if (stat(path, &st) != 0 || S_ISDIR(st.st_mode)) return -1;
	if (min_size > 0 && st.st_size < min_size) return -2;
	if (min_size <= 0 && (!S_ISREG(st.st_mode) || access(path, X_OK) != 0)) return -1;
	return 0;
}

int wsconfig_find_program(const char *name, long min_size, char **path)
{
	*path = NULL;
	if (!name || !*name) return -1;
	if (strchr(name, '/')) {
		int rc = check_program(name, min_size);
		if (rc == 0) *path = xstrdup(name);
		return rc;
	}
	const char *pe = getenv("PATH");
	if (!pe || !*pe) return -1;
	int last = -1;
	struct buf dir = BUF_INIT;
	for (const char *p = pe;; p++) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		buf_reset(&dir);
		buf_add(&dir, n ? p : ".", n ? n : 1);
		buf_addf(&dir, "/%s", name);
		int rc = check_program(buf_str(&dir), min_size);
		if (rc == 0) {
			*path = buf_take(&dir);
			return 0;
		}
		if (rc == -2) last = -2;
		if (!end) break;
		p = end;
	}
	buf_free(&dir);
	return last;
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
	size_t nl = strlen(name);
	/* localhost and its subdomains (RFC 6761; curl resolves them to loopback without DNS) */
	if (strcasecmp(name, "localhost") == 0 || (nl > 10 && strcasecmp(name + nl - 10, ".localhost") == 0)) return 1;
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
		struct buf m = BUF_INIT;
		buf_adds(&m, "refusing plain http to ");
		add_safe(&m, buf_str(&b) + 7, 200);
		buf_adds(&m, ": only loopback hosts (127.0.0.1, ::1, localhost) may use http; use https://");
		msg_set(err, errlen, "%s", buf_str(&m));
		buf_free(&m);
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* Split "scheme://host[:port]..." into lower-case scheme, host and a port number. */
static int split_origin(const char *url, char *scheme, size_t sn, char *host, size_t hn, long *port)
{
	const char *p = strstr(url, "://");
	if (!p || (size_t)(p - url) >= sn) return -1;
	for (size_t i = 0; url + i < p; i++) scheme[i] = (char)tolower((unsigned char)url[i]);
	scheme[p - url] = 0;
	if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) return -1;
	p += 3;
	size_t n = strcspn(p, "/?#");
	if (n == 0 || memchr(p, '@', n)) return -1;
	const char *hend = p + n, *colon = NULL;
	if (*p == '[') {
		const char *rb = memchr(p, ']', n);
		if (!rb) return -1;
		colon = rb + 1 < hend && rb[1] == ':' ? rb + 1 : NULL;
		if (rb + 1 != hend && !colon) return -1;
	} else {
		colon = memchr(p, ':', n);
	}
	size_t hl = (size_t)((colon ? colon : hend) - p);
	if (hl == 0 || hl >= hn) return -1;
	for (size_t i = 0; i < hl; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c <= ' ' || c >= 0x7f) return -1;
		host[i] = (char)tolower(c);
	}
	host[hl] = 0;
	*port = strcmp(scheme, "https") == 0 ? 443 : 80;
	if (colon && colon + 1 < hend) {
		long v = 0;
		for (const char *q = colon + 1; q < hend; q++) {
			if (!isdigit((unsigned char)*q) || v > 65535) return -1;
			v = v * 10 + (*q - '0');
		}
		if (v < 1 || v > 65535) return -1;
		*port = v;
	} else if (colon) {
		return -1;
	}
	return 0;
}

int wsconfig_same_origin(const char *url, const char *origin)
{
	char s1[8], s2[8], h1[256], h2[256];
	long p1, p2;
	if (!url || !origin) return 0;
	if (split_origin(url, s1, sizeof s1, h1, sizeof h1, &p1) < 0) return 0;
	if (split_origin(origin, s2, sizeof s2, h2, sizeof h2, &p2) < 0) return 0;
	return strcmp(s1, s2) == 0 && strcmp(h1, h2) == 0 && p1 == p2;
}

/* --- the config file (config/config_file.go) ------------------------------------------------ */

/* Profiles that exist (sections with keys, not __settings__), for messages. */
static void list_profiles(const struct dbcfg *f, struct buf *b)
{
	int any = 0;
	for (size_t i = 0; i < f->nsec; i++) {
		if (strcmp(f->sec[i].name, "__settings__") == 0 || !f->sec[i].n) continue;
		if (any) buf_adds(b, ", ");
		add_safe(b, f->sec[i].name, 60);
		any = 1;
	}
	if (!any) buf_adds(b, "none");
}

static int file_holds_secret(const struct dbcfg *f)
{
	static const char *const keys[] = { "token", "client_secret", "password", "azure_client_secret",
					    "google_credentials", "metadata_service_url", NULL };
	for (size_t i = 0; i < f->nsec; i++)
		for (size_t j = 0; j < f->sec[i].n; j++)
			for (int k = 0; keys[k]; k++)
				if (strcmp(f->sec[i].kv[j].key, keys[k]) == 0 && f->sec[i].kv[j].value[0]) return 1;
	return 0;
}

struct file_ctx {
	const char *profile;     /* named by --profile or DATABRICKS_CONFIG_PROFILE, or NULL */
	const char *profile_src;
	int skipped;             /* the file was not read: a host or credentials came from flags/env */
};

static int err_with(char *err, size_t errlen, struct buf *m)
{
	msg_set(err, errlen, "%s", buf_str(m));
	buf_free(m);
	return -1;
}

/* The config file's path: DATABRICKS_CONFIG_FILE, else ~/.databrickscfg. 0, or -1 (no home). */
static int config_path(struct buf *path)
{
	const char *cf = getenv("DATABRICKS_CONFIG_FILE");
	if (!cf || !*cf) cf = "~/.databrickscfg";
	if (cf[0] != '~') {
		buf_adds(path, cf);
		return 0;
	}
	const char *home = getenv("HOME");
	if (!home || !*home) return -1;
	buf_addf(path, "%s%s", home, cf + 1);
	return 0;
}

/* " (profile P was asked for)" when one was. */
static void add_asked(struct buf *m, const char *profile)
{
	if (!profile) return;
	buf_adds(m, " (profile ");
	add_safe(m, profile, 80);
	buf_adds(m, " was asked for)");
}

/*
 * Read and parse the config file at path into *f (the text is wiped and freed once parsed; f owns
 * what it holds). 0: *f filled (dbcfg_free it); 1: there is no file and missing_ok is set, *f
 * untouched; -1 with err set (naming the file, and profile when one was asked for).
 */
static int config_load(const char *path, const char *profile, int missing_ok, struct dbcfg *f, struct stat *st,
		       char *err, size_t errlen)
{
	struct buf m = BUF_INIT;
	size_t len = 0;
	char *text = wsconfig_read_regular(path, 1024 * 1024, &len, st);
	if (!text) {
		int e = errno;
		if (e == ENOENT && missing_ok) return 1;
		buf_adds(&m, "cannot read the config file ");
		add_safe(&m, path, 200);
		buf_addf(&m, ": %s", file_error(e));
		add_asked(&m, profile);
		return err_with(err, errlen, &m);
	}
	int rc = dbcfg_parse(f, text, len);
	memset(text, 0, len);
	free(text);
	if (rc == 0) return 0;
	int line;
	const char *why = dbcfg_errmsg(f, &line);
	add_safe(&m, path, 200);
	buf_addf(&m, ":%d: cannot parse the config file: %s", line, why);
	dbcfg_free(f);
	return err_with(err, errlen, &m);
}

/* The profile to read when none was named: default_profile in [__settings__] (trimmed, as
 * strings.TrimSpace; then out->profile owns it and *src says so), else DEFAULT (*fallback set:
 * a missing DEFAULT is no error). */
static const char *default_profile(const struct dbcfg *f, struct ws_config *out, const char **src, int *fallback)
{
	const char *dp = dbcfg_get(dbcfg_section(f, "__settings__"), "default_profile");
	char *t = NULL;
	if (dp) {
		while (isspace((unsigned char)*dp)) dp++;
		t = xstrdup(dp);
		size_t n = strlen(t);
		while (n && isspace((unsigned char)t[n - 1])) t[--n] = 0;
	}
	if (t && *t) {
		out->profile = t;
		*src = "default_profile in [__settings__]";
		return t;
	}
	free(t);
	*fallback = 1;
	return "DEFAULT";
}

/* Every attribute the profile's section sets, into r. 0 or -1 with err set. */
static int apply_profile(struct resolved *r, const struct dbcfg_section *sec, const char *profile, const char *path,
			 char *err, size_t errlen)
{
	struct buf s = BUF_INIT;
	buf_adds(&s, "profile ");
	add_safe(&s, profile, 60);
	buf_adds(&s, " of ");
	add_safe(&s, path, 120);
	int rc = 0;
	for (int a = 0; a < A_N && rc == 0; a++) {
		const char *v = dbcfg_get(sec, attrs[a].name);
		if (v) rc = set_attr(r, (enum attr)a, v, buf_str(&s), err, errlen);
	}
	buf_free(&s);
	return rc;
}

/* A file holding a secret that other users can read: out->warning says how to fix it. */
static void warn_if_readable(const struct dbcfg *f, const struct stat *st, const char *path, struct ws_config *out)
{
	if (!file_holds_secret(f) || !(st->st_mode & (S_IRGRP | S_IROTH))) return;
	struct buf p = BUF_INIT, w = BUF_INIT;
	add_safe(&p, path, 200);
	buf_addf(&w, "warning: %s holds a secret and can be read by other users; run: chmod 600 %s", buf_str(&p),
		 buf_str(&p));
	snprintf(out->warning, sizeof out->warning, "%s", buf_str(&w));
	buf_free(&w);
	buf_free(&p);
}

/* The named profile's section; -1 with err set when the file has no such profile. */
static int find_profile(const struct dbcfg *f, const char *profile, const char *src, const char *path,
			const struct dbcfg_section **sec, char *err, size_t errlen)
{
	struct buf m = BUF_INIT;
	if (strcmp(profile, "__settings__") == 0) {
		buf_adds(&m, "__settings__ is a reserved section name and cannot be used as a profile (");
		buf_adds(&m, src);
		buf_adds(&m, ")");
		return err_with(err, errlen, &m);
	}
	*sec = dbcfg_section(f, profile);
	if (*sec && (*sec)->n) return 0;
	*sec = NULL;
	add_safe(&m, path, 200);
	buf_adds(&m, " has no profile '");
	add_safe(&m, profile, 80);
	buf_addf(&m, "' (%s); profiles: ", src);
	list_profiles(f, &m);
	return err_with(err, errlen, &m);
}

/* configFileLoader.Configure. Returns 0 or -1 with err set. */
static int from_file(struct resolved *r, struct file_ctx *fc, struct ws_config *out, char *err, size_t errlen)
{
	if (!fc->profile && (any_auth_attr(r) || r->val[A_HOST] || r->val[A_AZURE_RESOURCE_ID])) {
		fc->skipped = 1;
		return 0;
	}
	struct buf path = BUF_INIT, m = BUF_INIT;
	if (config_path(&path) < 0) {
		if (!fc->profile) return 0;
		buf_adds(&m, "cannot find the home directory to read ~/.databrickscfg");
		add_asked(&m, fc->profile);
		return err_with(err, errlen, &m);
	}
	struct stat st = { 0 };
	struct dbcfg f;
	int rc = config_load(buf_str(&path), fc->profile, !fc->profile, &f, &st, err, errlen);
	if (rc != 0) {   /* as the SDK: no file and no profile asked for is a machine without configuration */
		buf_free(&path);
		return rc < 0 ? -1 : 0;
	}
	const char *profile = fc->profile, *src = fc->profile_src;
	int fallback = 0;
	if (!profile) profile = default_profile(&f, out, &src, &fallback);
	const struct dbcfg_section *sec = fallback ? dbcfg_section(&f, profile) : NULL;
	if (fallback && (!sec || !sec->n)) rc = 0;   /* no DEFAULT profile: nothing to read */
	else if (find_profile(&f, profile, src, buf_str(&path), &sec, err, errlen) < 0) rc = -1;
	else if ((rc = apply_profile(r, sec, profile, buf_str(&path), err, errlen)) == 0) {
		if (!out->profile) out->profile = xstrdup(profile);
		out->config_file = xstrdup(buf_str(&path));
	}
	if (rc == 0) warn_if_readable(&f, &st, buf_str(&path), out);
	dbcfg_free(&f);
	buf_free(&path);
	return rc;
}

int wsconfig_profiles(char ***names, char **path_out, char *err, size_t errlen)
{
	*names = NULL;
	*path_out = NULL;
	struct buf path = BUF_INIT;
	if (config_path(&path) < 0) {
		msg_set(err, errlen, "cannot find the home directory to read ~/.databrickscfg");
		return -1;
	}
	struct dbcfg f;
	if (config_load(buf_str(&path), NULL, 0, &f, NULL, err, errlen) != 0) {
		buf_free(&path);
		return -1;
	}
	char **v = xcalloc(f.nsec + 1, sizeof *v);
	int n = 0;
	for (size_t i = 0; i < f.nsec; i++)
		if (strcmp(f.sec[i].name, "__settings__") != 0 && f.sec[i].n) v[n++] = xstrdup(f.sec[i].name);
	*names = v;
	*path_out = buf_take(&path);
	dbcfg_free(&f);
	return n;
}

void wsconfig_free_names(char **names)
{
	for (size_t i = 0; names && names[i]; i++) free(names[i]);
	free(names);
}

/* --- clouds (common/environment/environments.go, config/environments.go) --------------------- */

#define AZ_PUBLIC "https://login.microsoftonline.com/", "https://management.core.windows.net/"
#define AZ_USGOV "https://login.microsoftonline.us/", "https://management.core.usgovcloudapi.net/"
#define AZ_CHINA "https://login.chinacloudapi.cn/", "https://management.core.chinacloudapi.cn/"
#define AZ_PROD_APP "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"

static const struct cloud_env {
	const char *zone;
	int azure;
	const char *app_id, *login, *management;
} envs[] = {
	{ ".dev.databricks.com", 0, NULL, NULL, NULL },
	{ ".staging.cloud.databricks.com", 0, NULL, NULL, NULL },
	{ ".cloud.databricks.us", 0, NULL, NULL, NULL },
	{ ".cloud.databricks.com", 0, NULL, NULL, NULL },
	{ ".dev.azuredatabricks.net", 1, "62a912ac-b58e-4c1d-89ea-b2dbfc7358fc", AZ_PUBLIC },
	{ ".staging.azuredatabricks.net", 1, "4a67d088-db5c-48f1-9ff2-0aace800ae68", AZ_PUBLIC },
	{ ".azuredatabricks.net", 1, AZ_PROD_APP, AZ_PUBLIC },
	{ ".databricks.azure.us", 1, AZ_PROD_APP, AZ_USGOV },
	{ ".databricks.azure.cn", 1, AZ_PROD_APP, AZ_CHINA },
	{ ".dev.gcp.databricks.com", 0, NULL, NULL, NULL },
	{ ".staging.gcp.databricks.com", 0, NULL, NULL, NULL },
	{ ".gcp.databricks.com", 0, NULL, NULL, NULL },
};

static const struct cloud_env *env_for_host(const char *host)
{
	size_t hn = strlen(host);
	for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++) {
		size_t zn = strlen(envs[i].zone);
		if (hn >= zn && strcmp(host + hn - zn, envs[i].zone) == 0) return &envs[i];
	}
	return &envs[3]; /* DefaultEnvironment(): AWS */
}

/* DNS labels joined by dots: what a deployment name may be. */
static int dns_name(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 200 || s[0] == '.' || s[0] == '-' || s[n - 1] == '.' || strstr(s, "..")) return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.')) return 0;
	return 1;
}

char *wsconfig_workspace_host(const char *account_host, const char *deployment, char *err, size_t errlen)
{
	char scheme[8], host[256];
	long port;
	if (!deployment || !dns_name(deployment)) {
		struct buf m = BUF_INIT;
		buf_adds(&m, "the account lists a workspace whose deployment_name '");
		add_safe(&m, deployment ? deployment : "", 80);
		buf_adds(&m, "' is not a host name");
		err_with(err, errlen, &m);
		return NULL;
	}
	if (!account_host || split_origin(account_host, scheme, sizeof scheme, host, sizeof host, &port) < 0) {
		msg_set(err, errlen, "the account host is not a URL");
		return NULL;
	}
	struct buf u = BUF_INIT;
	size_t hn = strlen(host);
	if (strcmp(host, "accounts.localhost") == 0) { /* loopback tests: the workspaces beside it */
		buf_addf(&u, "%s://%s.localhost", scheme, deployment);
		if (port != (strcmp(scheme, "https") == 0 ? 443 : 80)) buf_addf(&u, ":%ld", port);
		return buf_take(&u);
	}
	for (size_t i = 0; i < sizeof envs / sizeof envs[0]; i++) {
		size_t zn = strlen(envs[i].zone);
		if (hn >= zn && strcmp(host + hn - zn, envs[i].zone) == 0 && strcmp(scheme, "https") == 0) {
			buf_addf(&u, "https://%s%s", deployment, envs[i].zone);
			return buf_take(&u);
		}
	}
	add_safe(&u, account_host, 120);
	buf_adds(&u, " is not in a known Databricks DNS zone (a unified host?): pwaf cannot tell the workspaces' "
		 "hosts; check them with --all-profiles instead");
	err_with(err, errlen, &u);
	return NULL;
}

/* The Azure endpoints of the host's cloud, and Config.IsAzure(). PWAF_TEST_AZURE_LOGIN_URL (tests
 * only) points the Entra ID login endpoint at a loopback fake, for a loopback workspace only. */
static int azure_setup(const struct resolved *r, struct ws_config *out, char *err, size_t errlen)
{
	const struct cloud_env *e = env_for_host(out->host);
	const char *login = e->login, *app = e->app_id, *mgmt = e->management;
	int azure = e->azure;
	const char *test = getenv("PWAF_TEST_AZURE_LOGIN_URL");
	struct buf t = BUF_INIT;
	if (test && *test) {
		char herr[200];
		char *h = wsconfig_normalize_host(test, herr, sizeof herr);
		int ok = h && wsconfig_is_loopback(h) && wsconfig_is_loopback(out->host);
		free(h);
		if (!ok) {
			msg_set(err, errlen, "PWAF_TEST_AZURE_LOGIN_URL is a test setting: it is honoured only when both it "
				 "and the workspace host are loopback addresses; unset it");
			return -1;
		}
		buf_adds(&t, test);
		if (t.data[t.len - 1] != '/') buf_addc(&t, '/');
		login = buf_str(&t);
		app = AZ_PROD_APP;
		mgmt = "https://management.core.windows.net/";
		azure = 1;
	}
	if (r->val[A_AZURE_RESOURCE_ID]) azure = 1;
	else if (r->val[A_CLOUD]) azure = strcasecmp(r->val[A_CLOUD], "azure") == 0;
	out->is_azure = azure;
	if (login) {
		out->azure_login = xstrdup(login);
		out->azure_app_id = xstrdup(app);
		out->azure_management = xstrdup(mgmt);
	}
	buf_free(&t);
	return 0;
}

/* --- auth types ------------------------------------------------------------------------------ */

static const char *const auth_names[WS_AUTH_N] = {
	[WS_AUTH_PAT] = "pat", [WS_AUTH_OAUTH_M2M] = "oauth-m2m", [WS_AUTH_CLI] = "databricks-cli",
	[WS_AUTH_METADATA] = "metadata-service", [WS_AUTH_ENV_OIDC] = "env-oidc", [WS_AUTH_FILE_OIDC] = "file-oidc",
	[WS_AUTH_AZURE_SECRET] = "azure-client-secret", [WS_AUTH_AZURE_CLI] = "azure-cli", [WS_AUTH_DEFAULT] = "default",
};

const char *wsconfig_auth_name(enum ws_auth a)
{
	return a >= 0 && a < WS_AUTH_N ? auth_names[a] : "?";
}

#define SUPPORTED "pat, oauth-m2m, databricks-cli, metadata-service, env-oidc, file-oidc, azure-client-secret, azure-cli"

/* Types of the Databricks SDKs that pwaf does not implement. */
static const char *const unsupported[] = { "basic", "github-oidc", "azure-devops-oidc", "github-oidc-azure",
					   "azure-msi", "google-credentials", "google-id", "external-browser",
					   "oauth-u2m", "runtime", "model-serving", NULL };

/* The SDK's default chain (config/auth_default.go DefaultCredentials), in order. */
enum applies { NO, YES, AMBIENT, LACKING };

struct chain_ctx {
	const struct resolved *r;
	const struct ws_config *out;
	struct buf notes;       /* why some types were passed over */
};

static const char *oidc_env_name(const struct resolved *r)
{
	return r->val[A_OIDC_ENV] ? r->val[A_OIDC_ENV] : "DATABRICKS_OIDC_TOKEN";
}

static int env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v;
}

/* Does the SDK's strategy get as far as trying, given the attributes? (Its Configure returning
 * nil, nil is NO.) */
static enum applies chain_applies(const char *name, struct chain_ctx *c)
{
	const struct resolved *r = c->r;
	if (strcmp(name, "pat") == 0) return r->val[A_TOKEN] ? YES : NO;
	if (strcmp(name, "basic") == 0) return r->val[A_USERNAME] && r->val[A_PASSWORD] ? LACKING : NO;
	if (strcmp(name, "oauth-m2m") == 0) return r->val[A_CLIENT_ID] && r->val[A_CLIENT_SECRET] ? YES : NO;
	if (strcmp(name, "databricks-cli") == 0) {
		char *p = NULL;
		int rc = wsconfig_find_program(r->val[A_CLI_PATH] ? r->val[A_CLI_PATH] : "databricks", WS_CLI_MIN_SIZE, &p);
		free(p);
		if (rc == -2) buf_adds(&c->notes, "; databricks-cli: only a legacy Databricks CLI (< 0.100) was found");
		return rc == 0 ? YES : NO;
	}
	if (strcmp(name, "metadata-service") == 0) return r->val[A_METADATA_URL] ? YES : NO;
	if (strcmp(name, "github-oidc") == 0)
		return r->val[A_ACTIONS_URL] && r->val[A_ACTIONS_TOKEN] ? AMBIENT : NO;
	if (strcmp(name, "azure-devops-oidc") == 0)
		return env_set("SYSTEM_ACCESSTOKEN") && env_set("SYSTEM_TEAMFOUNDATIONCOLLECTIONURI") ? AMBIENT : NO;
	if (strcmp(name, "env-oidc") == 0) return env_set(oidc_env_name(r)) ? YES : NO;
	if (strcmp(name, "file-oidc") == 0) return r->val[A_OIDC_FILE] ? YES : NO;
	if (strcmp(name, "github-oidc-azure") == 0)
		return c->out->is_azure && r->val[A_AZURE_CLIENT_ID] && r->val[A_ACTIONS_URL] && r->val[A_ACTIONS_TOKEN]
			       ? AMBIENT : NO;
	if (strcmp(name, "azure-msi") == 0) return c->out->is_azure && r->val[A_AZURE_USE_MSI] ? LACKING : NO;
	if (strcmp(name, "azure-client-secret") == 0)
		return c->out->is_azure && r->val[A_AZURE_CLIENT_ID] && r->val[A_AZURE_CLIENT_SECRET] &&
			       r->val[A_AZURE_TENANT_ID] ? YES : NO;
	if (strcmp(name, "azure-cli") == 0) {
		if (!c->out->is_azure) return NO;
		char *p = NULL;
		int rc = wsconfig_find_program("az", 0, &p);
		free(p);
		return rc == 0 ? YES : NO;
	}
	if (strcmp(name, "google-credentials") == 0) return r->val[A_GOOGLE_CREDS] ? LACKING : NO;
	if (strcmp(name, "google-id") == 0) return r->val[A_GOOGLE_SA] ? LACKING : NO;
	return NO;
}

static const char *const chain_order[] = { "pat", "basic", "oauth-m2m", "databricks-cli", "metadata-service",
					   "github-oidc", "azure-devops-oidc", "env-oidc", "file-oidc",
					   "github-oidc-azure", "azure-msi", "azure-client-secret", "azure-cli",
					   "google-credentials", "google-id", NULL };

static enum ws_auth auth_by_name(const char *name)
{
	for (int i = 0; i < WS_AUTH_DEFAULT; i++)
		if (strcmp(name, auth_names[i]) == 0) return (enum ws_auth)i;
	return WS_AUTH_N;
}

static int is_unsupported(const char *name)
{
	for (int i = 0; unsupported[i]; i++)
		if (strcmp(name, unsupported[i]) == 0) return 1;
	return 0;
}

/* The token alphabet: visible ASCII (RFC 6750's b64token is a subset). */
static int token_ok(const char *t)
{
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p < 0x21 || *p > 0x7e) return 0;
	return *t != 0;
}

/* The missing attributes of an explicit auth type, appended to m; 0 when none is missing. */
static int explicit_missing(enum ws_auth a, const struct resolved *r, const struct ws_config *out, struct buf *m)
{
	const char *need[4] = { NULL };
	int n = 0;
	switch (a) {
	case WS_AUTH_PAT:
		if (!r->val[A_TOKEN]) need[n++] = "token (DATABRICKS_TOKEN)";
		break;
	case WS_AUTH_OAUTH_M2M:
		if (!r->val[A_CLIENT_ID]) need[n++] = "client_id (DATABRICKS_CLIENT_ID)";
		if (!r->val[A_CLIENT_SECRET]) need[n++] = "client_secret (DATABRICKS_CLIENT_SECRET)";
		break;
	case WS_AUTH_METADATA:
		if (!r->val[A_METADATA_URL]) need[n++] = "metadata_service_url (DATABRICKS_METADATA_SERVICE_URL)";
		break;
	case WS_AUTH_FILE_OIDC:
		if (!r->val[A_OIDC_FILE]) need[n++] = "databricks_id_token_filepath (DATABRICKS_OIDC_TOKEN_FILEPATH)";
		break;
	case WS_AUTH_AZURE_SECRET:
		if (!r->val[A_AZURE_CLIENT_ID]) need[n++] = "azure_client_id (ARM_CLIENT_ID)";
		if (!r->val[A_AZURE_CLIENT_SECRET]) need[n++] = "azure_client_secret (ARM_CLIENT_SECRET)";
		if (!r->val[A_AZURE_TENANT_ID]) need[n++] = "azure_tenant_id (ARM_TENANT_ID)";
		break;
	default:
		break;
	}
	if (n) {
		buf_addf(m, "auth_type %s needs ", auth_names[a]);
		for (int i = 0; i < n; i++) buf_addf(m, "%s%s", i ? (i == n - 1 ? " and " : ", ") : "", need[i]);
		return 1;
	}
	if (a == WS_AUTH_ENV_OIDC && !env_set(oidc_env_name(r))) {
		buf_addf(m, "auth_type env-oidc: the variable ");
		add_safe(m, oidc_env_name(r), 80);
		buf_adds(m, " holds no OIDC token");
		return 1;
	}
	if ((a == WS_AUTH_AZURE_SECRET || a == WS_AUTH_AZURE_CLI) && !out->is_azure) {
		buf_addf(m, "auth_type %s works only with Azure Databricks: ", auth_names[a]);
		add_safe(m, out->host, 200);
		buf_adds(m, " is not an Azure Databricks host (set azure_workspace_resource_id, or cloud = azure)");
		return 1;
	}
	if (a == WS_AUTH_METADATA) {
		/* auth_metadata_service.go: the URL's host must be localhost or 127.0.0.1 */
		char s[8], h[256];
		const char *u = r->val[A_METADATA_URL], *p = strstr(u, "://");
		int ok = p && (size_t)(p - u) < sizeof s;
		if (ok) {
			const char *hs = p + 3;
			size_t hn = strcspn(hs, ":/?#");
			ok = hn < sizeof h && !memchr(hs, '@', strcspn(hs, "/?#"));
			if (ok) {
				memcpy(h, hs, hn);
				h[hn] = 0;
				ok = strcmp(h, "localhost") == 0 || strcmp(h, "127.0.0.1") == 0;
			}
		}
		if (!ok) {
			buf_adds(m, "metadata_service_url: only localhost URLs are allowed (http://127.0.0.1:PORT/... or "
				    "http://localhost:PORT/...)");
			return 1;
		}
	}
	return 0;
}

/* Fill the attributes of every type into out (the chain may need several). */
static void fill(struct ws_config *out, const struct resolved *r)
{
	static const struct { enum attr a; size_t off; } map[] = {
		{ A_TOKEN, offsetof(struct ws_config, token) },
		{ A_CLIENT_ID, offsetof(struct ws_config, client_id) },
		{ A_CLIENT_SECRET, offsetof(struct ws_config, client_secret) },
		{ A_CLI_PATH, offsetof(struct ws_config, cli_path) },
		{ A_METADATA_URL, offsetof(struct ws_config, metadata_service_url) },
		{ A_OIDC_FILE, offsetof(struct ws_config, oidc_token_file) },
		{ A_AZURE_CLIENT_ID, offsetof(struct ws_config, azure_client_id) },
		{ A_AZURE_CLIENT_SECRET, offsetof(struct ws_config, azure_client_secret) },
		{ A_AZURE_TENANT_ID, offsetof(struct ws_config, azure_tenant_id) },
		{ A_AZURE_RESOURCE_ID, offsetof(struct ws_config, azure_resource_id) },
		{ A_ACCOUNT_ID, offsetof(struct ws_config, account_id) },
		{ A_WAREHOUSE_ID, offsetof(struct ws_config, warehouse_id) },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (r->val[map[i].a]) *(char **)((char *)out + map[i].off) = xstrdup(r->val[map[i].a]);
	out->oidc_token_env = xstrdup(oidc_env_name(r));
	/* scopes: comma-separated in the file; sorted and unique (Config.EnsureResolved) */
	char *sv[64];
	int n = 0;
	if (r->val[A_SCOPES]) {
		char *copy = xstrdup(r->val[A_SCOPES]);
		for (char *save = NULL, *t = strtok_r(copy, ",", &save); t && n < 64; t = strtok_r(NULL, ",", &save)) {
			while (isspace((unsigned char)*t)) t++;
			size_t k = strlen(t);
			while (k && isspace((unsigned char)t[k - 1])) t[--k] = 0;
			if (*t) sv[n++] = xstrdup(t);
		}
		free(copy);
	}
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && strcmp(sv[j - 1], sv[j]) > 0; j--) {
			char *t = sv[j];
			sv[j] = sv[j - 1];
			sv[j - 1] = t;
		}
	struct buf b = BUF_INIT;
	for (int i = 0; i < n; i++) {
		if (!i || strcmp(sv[i], sv[i - 1]) != 0) buf_addf(&b, "%s%s", b.len ? " " : "", sv[i]);
	}
	for (int i = 0; i < n; i++) free(sv[i]);
	out->scopes = b.len ? buf_take(&b) : xstrdup("all-apis");
	buf_free(&b);
}

/* attributes.Validate: auth attributes of two groups need auth_type. */
static int validate(const struct resolved *r, char *err, size_t errlen)
{
	if (r->val[A_AUTH_TYPE]) return 0;
	const char *groups[A_N];
	int first[A_N], ng = 0;
	for (int a = 0; a < A_N; a++) {
		if (!attrs[a].group || !r->val[a]) continue;
		int seen = 0;
		for (int g = 0; g < ng; g++) seen |= strcmp(groups[g], attrs[a].group) == 0;
		if (!seen) {
			groups[ng] = attrs[a].group;
			first[ng++] = a;
		}
	}
	if (ng <= 1) return 0;
	struct buf m = BUF_INIT;
	buf_adds(&m, "more than one authentication method is configured:");
	for (int g = 0; g < ng; g++)
		buf_addf(&m, "%s %s (%s from %s)", g ? (g == ng - 1 ? " and" : ",") : "", groups[g], attrs[first[g]].name,
			 r->src[first[g]]);
	buf_adds(&m, "; remove all but one, or set auth_type");
	return err_with(err, errlen, &m);
}

static void no_credentials(struct buf *m, const struct ws_config *out, const struct file_ctx *fc,
			   const struct buf *notes)
{
	buf_adds(m, "no credentials for ");
	add_safe(m, out->host, 200);
	buf_adds(m, ": set DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET (or another auth "
		    "type: " SUPPORTED "), name a profile with --profile, or sign in with 'databricks auth login --host ");
	add_safe(m, out->host, 200);
	buf_adds(m, "'");
	if (fc->skipped)
		buf_adds(m, " (no config file was read: with a host from --host or DATABRICKS_HOST and no profile named, "
			    "the Databricks SDKs ignore ~/.databrickscfg)");
	if (notes->len) buf_add(m, notes->data, notes->len);
}

/* Decide the auth type: auth_type, else the static part of the default chain. */
static int choose(const struct resolved *r, struct ws_config *out, const struct file_ctx *fc, char *err, size_t errlen)
{
	struct buf m = BUF_INIT;
	const char *at = r->val[A_AUTH_TYPE];
	if (at) {
		enum ws_auth a = auth_by_name(at);
		if (a == WS_AUTH_N) {
			buf_adds(&m, "auth_type ");
			add_safe(&m, at, 60);
			buf_addf(&m, " (from %s) is %s; supported: " SUPPORTED, r->src[A_AUTH_TYPE],
				 is_unsupported(at) ? "not supported by pwaf" : "not an auth type of the Databricks SDKs");
			return err_with(err, errlen, &m);
		}
		if (explicit_missing(a, r, out, &m)) return err_with(err, errlen, &m);
		out->auth = a;
		return 0;
	}
	struct chain_ctx c = { r, out, BUF_INIT };
	for (int i = 0; chain_order[i]; i++) {
		enum applies ap = chain_applies(chain_order[i], &c);
		if (ap == NO) continue;
		if (ap == AMBIENT) {
			buf_addf(&c.notes, "; %s (set up by the CI environment) is not supported by pwaf and was passed over",
				 chain_order[i]);
			continue;
		}
		if (ap == LACKING) {
			if (out->nchain) {
				out->chain_stop = xstrdup(chain_order[i]);
				break;
			}
			buf_addf(&m, "the credentials configured are of auth type %s, which is not supported by pwaf; "
				     "supported: " SUPPORTED, chain_order[i]);
			buf_free(&c.notes);
			return err_with(err, errlen, &m);
		}
		enum ws_auth a = auth_by_name(chain_order[i]);
		if (out->nchain < WS_CHAIN_MAX) out->chain[out->nchain++] = a;
		if (a == WS_AUTH_PAT) break; /* a PAT cannot fail its dry run: the chain ends here */
	}
	if (out->nchain == 0) {
		no_credentials(&m, out, fc, &c.notes);
		buf_free(&c.notes);
		return err_with(err, errlen, &m);
	}
	buf_free(&c.notes);
	out->auth = out->nchain == 1 && !out->chain_stop ? out->chain[0] : WS_AUTH_DEFAULT;
	return 0;
}

/* --- resolution ------------------------------------------------------------------------- */

int wsconfig_is_account_host(const char *host)
{
	/* config.go HostType: https://accounts. and https://accounts-dod. are account hosts */
	const char *h = host ? strstr(host, "://") : NULL;
	h = h ? h + 3 : host;
	return h && (strncasecmp(h, "accounts.", 9) == 0 || strncasecmp(h, "accounts-dod.", 13) == 0);
}

void wsconfig_free(struct ws_config *c)
{
	char **secrets[] = { &c->token, &c->client_secret, &c->azure_client_secret, &c->metadata_service_url };
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
		if (*secrets[i]) memset(*secrets[i], 0, strlen(*secrets[i]));
	char *all[] = { c->host, c->chain_stop, c->token, c->client_id, c->client_secret, c->cli_path, c->profile,
			c->config_file, c->metadata_service_url, c->oidc_token_env, c->oidc_token_file, c->azure_client_id,
			c->azure_client_secret, c->azure_tenant_id, c->azure_resource_id, c->azure_login, c->azure_app_id,
			c->azure_management, c->scopes, c->account_id, c->warehouse_id };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free(all[i]);
	memset(c, 0, sizeof *c);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void wsconfig_copy(struct ws_config *dst, const struct ws_config *s)
{
	*dst = *s; /* scalars, the chain and the warning */
	char **d[] = { &dst->host, &dst->chain_stop, &dst->token, &dst->client_id, &dst->client_secret, &dst->cli_path,
		       &dst->profile, &dst->config_file, &dst->metadata_service_url, &dst->oidc_token_env,
		       &dst->oidc_token_file, &dst->azure_client_id, &dst->azure_client_secret, &dst->azure_tenant_id,
		       &dst->azure_resource_id, &dst->azure_login, &dst->azure_app_id, &dst->azure_management,
		       &dst->scopes, &dst->account_id, &dst->warehouse_id };
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) *d[i] = dup_or_null(*d[i]);
}

int wsconfig_resolve(const struct ws_config_flags *flags, struct ws_config *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	struct resolved r;
	memset(&r, 0, sizeof r);
	int rc = -1;
	if (flags && flags->host && set_attr(&r, A_HOST, flags->host, "--host", err, errlen) < 0) goto out;
	for (int a = 0; a < A_N && !(flags && flags->profile_only); a++)
		if (attrs[a].env && set_attr(&r, (enum attr)a, getenv(attrs[a].env), attrs[a].env, err, errlen) < 0)
			goto out;
	struct file_ctx fc = { NULL, "--profile", 0 };
	if (flags && flags->profile && *flags->profile) {
		fc.profile = flags->profile;
	} else if (flags && flags->profile_only) {
		msg_set(err, errlen, "an account profile must be named");
		goto out;
	} else {
		const char *e = getenv("DATABRICKS_CONFIG_PROFILE");
		if (e && *e) {
			fc.profile = e;
			fc.profile_src = "DATABRICKS_CONFIG_PROFILE";
		}
	}
	if (from_file(&r, &fc, out, err, errlen) < 0) goto out;
	if (validate(&r, err, errlen) < 0) goto out;
	if (!r.val[A_HOST]) {
		msg_set(err, errlen, "no workspace host: pass --host URL or --profile P, set DATABRICKS_HOST, or add "
			 "host = https://... to a profile of ~/.databrickscfg%s",
			 r.val[A_AZURE_RESOURCE_ID] ? " (pwaf does not look a host up from azure_workspace_resource_id)" : "");
		goto out;
	}
	char herr[300];
	out->host = wsconfig_normalize_host(r.val[A_HOST], herr, sizeof herr);
	if (!out->host) {
		msg_set(err, errlen, "%s (host from %s)", herr, r.src[A_HOST]);
		goto out;
	}
	if (r.val[A_TOKEN] && !token_ok(r.val[A_TOKEN])) {
		msg_set(err, errlen, "the token from %s holds a character that cannot be in a token (a space, a control "
			 "character such as a line break, or a non-ASCII character); it is not shown here", r.src[A_TOKEN]);
		goto out;
	}
	if (r.val[A_AZURE_RESOURCE_ID] && !token_ok(r.val[A_AZURE_RESOURCE_ID])) {
		msg_set(err, errlen, "azure_workspace_resource_id (from %s) holds a space, control or non-ASCII character",
			 r.src[A_AZURE_RESOURCE_ID]);
		goto out;
	}
	out->is_account = wsconfig_is_account_host(out->host);
	if (out->is_account && (!r.val[A_ACCOUNT_ID] || !token_ok(r.val[A_ACCOUNT_ID]))) {
		msg_set(err, errlen, "%s is an account host: it needs account_id (the account's id) in the profile or "
			 "DATABRICKS_ACCOUNT_ID", out->host);
		goto out;
	}
	if (azure_setup(&r, out, err, errlen) < 0) goto out;
	if (choose(&r, out, &fc, err, errlen) < 0) goto out;
	fill(out, &r);
	rc = 0;
out:
	resolved_free(&r);
	return rc;
}

/* auth.c - get and cache bearer tokens: OAuth M2M client credentials, the databricks CLI, or a PAT. */
#include "auth.h"

#include "buf.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void auth_init(struct auth *a, const struct ws_config *cfg, const struct http_opts *http)
{
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->http = *http;
}

static void drop_token(struct auth *a)
{
	if (a->token) memset(a->token, 0, strlen(a->token));
	free(a->token);
	a->token = NULL;
	a->expires = 0;
}

void auth_free(struct auth *a)
{
	drop_token(a);
	free(a->token_endpoint);
	memset(a, 0, sizeof *a);
}

time_t auth_parse_time(const char *s)
{
	if (!s) return 0;
	int Y, M, D, h, m, sec, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &sec, &n) != 6 || n == 0) return 0;
	const char *p = s + n;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++) {}
	long off = 0;
	if (*p == '+' || *p == '-') {
		int oh, om;
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2) return 0;
		off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
	} else if (*p != 'Z' && *p != 'z') {
		return 0;
	}
	struct tm tm = { .tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D, .tm_hour = h, .tm_min = m, .tm_sec = sec };
	time_t t = timegm(&tm);
	return t == (time_t)-1 ? 0 : t - off;
}

/* GET or POST and parse; on failure writes err and status. */
static cJSON *fetch_json(struct auth *a, const char *url, const char *post, const char *user, const char *pass,
			 const char *what, char *err, size_t errlen, long *status)
{
	struct http_xfer x;
	if (http_xfer_init(&x, &a->http, url, NULL, post, user, pass) < 0) {
		msg_set(err, errlen, "%s: cannot start a request", what);
		*status = 0;
		return NULL;
	}
	CURLcode rc = http_xfer_perform(&x);
	char *msg = NULL;
	cJSON *j = http_xfer_result(&x, rc, a->cfg->host, &msg);
	if (!j) {
		*status = x.status == 400 || x.status == 401 || x.status == 403 ? 401 : x.status;
		msg_set(err, errlen, "%s: %s", what, msg);
	}
	free(msg);
	http_xfer_cleanup(&x);
	return j;
}

static int m2m_token(struct auth *a, char *err, size_t errlen, long *status)
{
	const struct ws_config *c = a->cfg;
	if (!a->token_endpoint) {
		struct buf url = BUF_INIT;
		buf_addf(&url, "%s/oidc/.well-known/oauth-authorization-server", c->host);
		cJSON *d = fetch_json(a, buf_str(&url), NULL, NULL, NULL, "OAuth discovery", err, errlen, status);
		buf_free(&url);
		if (!d) return -1;
		const char *te = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "token_endpoint"));
		char herr[200];
		char *h = te ? wsconfig_normalize_host(te, herr, sizeof herr) : NULL;
		if (!h) {
			msg_set(err, errlen, "OAuth discovery at %s gave no usable token_endpoint%s%s", c->host,
			       te ? ": " : "", te ? herr : "");
			*status = 0;
			cJSON_Delete(d);
			return -1;
		}
		free(h);
		a->token_endpoint = xstrdup(te);
		cJSON_Delete(d);
	}
	cJSON *t = fetch_json(a, a->token_endpoint, "grant_type=client_credentials&scope=all-apis", c->client_id,
			      c->client_secret, "OAuth M2M token request (check the client id and secret)", err, errlen,
			      status);
	if (!t) return -1;
	const char *at = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t, "access_token"));
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(t, "expires_in");
	if (!at || !*at) {
		msg_set(err, errlen, "the OAuth token response has no access_token");
		*status = 401;
		cJSON_Delete(t);
		return -1;
	}
	drop_token(a);
	a->token = xstrdup(at);
	a->expires = cJSON_IsNumber(ex) && ex->valuedouble > 0 ? time(NULL) + (time_t)ex->valuedouble : time(NULL) + 3600;
	cJSON_Delete(t);
	return 0;
}

/* Run `cli auth token --host H`, collect stdout and stderr (30 s at most). Returns the exit status
 * (or -1 when it could not run: err set). */
static int run_cli(const char *cli, const char *host, struct buf *out, struct buf *errout, char *err, size_t errlen)
{
	int po[2], pe[2];
	if (pipe(po) != 0) {
		msg_set(err, errlen, "cannot run %s: %s", cli, strerror(errno));
		return -1;
	}
	if (pipe(pe) != 0) {
		close(po[0]);
		close(po[1]);
		msg_set(err, errlen, "cannot run %s: %s", cli, strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawn_file_actions_addclose(&fa, po[0]);
	posix_spawn_file_actions_addclose(&fa, pe[0]);
	char *argv[] = { (char *)cli, "auth", "token", "--host", (char *)host, NULL };
	pid_t pid;
	int rc = posix_spawnp(&pid, cli, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		if (rc == ENOENT)
			msg_set(err, errlen, "auth_type databricks-cli: the Databricks CLI '%s' was not found on PATH "
				 "(install it, set DATABRICKS_CLI_PATH, or use another auth type)", cli);
		else
			msg_set(err, errlen, "auth_type databricks-cli: cannot run '%s': %s", cli, strerror(rc));
		return -1;
	}
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	int open_fds = 2, timed_out = 0;
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (open_fds) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long left = 30000 - ((now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		int n = poll(fds, 2, (int)left);
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) continue;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
			char chunk[4096];
			ssize_t r = read(fds[i].fd, chunk, sizeof chunk);
			if (r > 0) {
				struct buf *b = i == 0 ? out : errout;
				if (b->len < 1024 * 1024) buf_add(b, chunk, (size_t)r);
			} else if (r == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0) close(fds[i].fd);
	if (timed_out) kill(pid, SIGKILL);
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {}
	if (timed_out) {
		msg_set(err, errlen, "auth_type databricks-cli: '%s auth token' did not answer within 30 s", cli);
		return -1;
	}
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
}

static int cli_token(struct auth *a, char *err, size_t errlen, long *status)
{
	const struct ws_config *c = a->cfg;
	struct buf out = BUF_INIT, eo = BUF_INIT;
	int rc = run_cli(c->cli_path, c->host, &out, &eo, err, errlen);
	int ret = -1;
	*status = 0;
	if (rc < 0) goto done;
	if (rc != 0) {
		char *line = http_safe_text(eo.data ? eo.data : "", eo.len, 200);
		msg_set(err, errlen, "auth_type databricks-cli: '%s auth token --host %s' failed (exit %d)%s%s; try "
			 "'databricks auth login --host %s'", c->cli_path, c->host, rc, *line ? ": " : "", line, c->host);
		free(line);
		*status = 401;
		goto done;
	}
	cJSON *j = out.len ? cJSON_ParseWithLength(out.data, out.len) : NULL;
	const char *at = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "access_token"));
	if (!at || !*at) {
		msg_set(err, errlen, "auth_type databricks-cli: '%s auth token' printed no JSON access_token", c->cli_path);
		*status = 401;
		cJSON_Delete(j);
		goto done;
	}
	drop_token(a);
	a->token = xstrdup(at);
	a->expires = auth_parse_time(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "expiry")));
	cJSON_Delete(j);
	ret = 0;
done:
	if (out.data) memset(out.data, 0, out.len);
	buf_free(&out);
	buf_free(&eo);
	return ret;
}

const char *auth_token(struct auth *a, char *err, size_t errlen, long *status)
{
	*status = 0;
	if (a->cfg->auth == WS_AUTH_PAT) return a->cfg->token;
	if (a->token && (a->expires == 0 || a->expires - time(NULL) > 60)) return a->token;
	int rc = a->cfg->auth == WS_AUTH_OAUTH_M2M ? m2m_token(a, err, errlen, status) : cli_token(a, err, errlen, status);
	return rc == 0 ? a->token : NULL;
}

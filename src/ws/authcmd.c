/* authcmd.c - tokens from programs: the Databricks CLI and the Azure CLI, run as the Go SDK runs them. */
#include "ws/authint.h"
#include "core/errlen.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define CLI_TIMEOUT_MS 30000
#define AZ_TIMEOUT_MS 60000
#define CLI_VERSION_PROFILE "v0.207.1"       /* cli_token_source.go: cliVersionForProfile */
#define CLI_VERSION_FORCE_REFRESH "v0.296.0" /* cli_token_source.go: cliVersionForForceRefresh */

/* --- running a program ------------------------------------------------------------------------ */

static long ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000L + (now.tv_nsec - t0->tv_nsec) / 1000000L;
}

int auth_run(const char *const argv[], struct buf *out, struct buf *errout, int timeout_ms, int *enoent, char *err,
	     size_t errlen)
{
	int po[2], pe[2];
	*enoent = 0;
	if (pipe2(po, O_CLOEXEC) != 0) {
		msg_set(err, errlen, "cannot run a program: %s", strerror(errno));
		return -1;
	}
	if (pipe2(pe, O_CLOEXEC) != 0) {
		close(po[0]);
		close(po[1]);
		msg_set(err, errlen, "cannot run a program: %s", strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		*enoent = rc == ENOENT;
		msg_set(err, errlen, "cannot run it: %s", strerror(rc));
		return -1;
	}
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	int open_fds = 2, timed_out = 0;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (open_fds) {
		long left = timeout_ms - ms_since(&t0);
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		int n = poll(fds, 2, (int)left);
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
			memset(chunk, 0, sizeof chunk);
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0) close(fds[i].fd);
	if (timed_out) kill(pid, SIGKILL);
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR) {}
	if (timed_out) {
		msg_set(err, errlen, "it did not answer within %d s", timeout_ms / 1000);
		return -1;
	}
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + (WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
}

static void wipe(struct buf *b)
{
	if (b->data) memset(b->data, 0, b->len);
	buf_free(b);
}

/* --- databricks-cli (config/cli_token_source.go, config/auth_u2m.go) -------------------------- */

static char **argv_dup(const char *const *v)
{
	size_t n = 0;
	while (v[n]) n++;
	char **d = xcalloc(n + 1, sizeof *d);
	for (size_t i = 0; i < n; i++) d[i] = xstrdup(v[i]);
	return d;
}

/* NewCliTokenSource: find the CLI, ask its version, build the command once. */
static int cli_command(struct auth *a, char *err, size_t errlen)
{
	const struct ws_config *c = a->cfg;
	const char *name = c->cli_path ? c->cli_path : "databricks";
	char *path = NULL;
	int rc = wsconfig_find_program(name, WS_CLI_MIN_SIZE, &path);
	if (rc < 0) {
		char *n = auth_safe(name, strlen(name), 200);
		if (rc == -2)
			msg_set(err, errlen, "legacy databricks CLI detected ('%s' is the Python CLI, < 0.100.0); upgrade to "
				 ">= 0.100.0", n);
		else
			msg_set(err, errlen, "the Databricks CLI '%s' was not found on PATH (databricks CLI not found: install "
				 "it, set DATABRICKS_CLI_PATH, or use another auth type)", n);
		free(n);
		return -1;
	}
	struct buf out = BUF_INIT, eo = BUF_INIT;
	char e[PWAF_ERRLEN], ver[64] = "";
	int en;
	const char *vargv[] = { path, "version", NULL };
	if (auth_run(vargv, &out, &eo, CLI_TIMEOUT_MS, &en, e, sizeof e) == 0)
		auth_parse_cli_version(out.data ? out.data : "", out.len, ver, sizeof ver);
	buf_free(&out);
	buf_free(&eo);
	/* buildCoreCliCommand: --profile from v0.207.1 when a profile was read, else --host */
	const char *v[8] = { path, "auth", "token" };
	int n = 3;
	if (c->profile && auth_semver_cmp(ver, CLI_VERSION_PROFILE) >= 0) {
		v[n++] = "--profile";
		v[n++] = c->profile;
	} else {
		v[n++] = "--host";
		v[n++] = c->host;
	}
	if (auth_semver_cmp(ver, CLI_VERSION_FORCE_REFRESH) >= 0) v[n++] = "--force-refresh";
	v[n] = NULL;
	a->p->cli_argv = argv_dup(v);
	free(path);
	return 0;
}

int auth_cli_fetch(struct auth *a, struct auth_tok *t, char *err, size_t errlen, long *status)
{
	char e[PWAF_ERRLEN];
	*status = 0;
	if (!a->p->cli_argv && cli_command(a, e, sizeof e) < 0) {
		msg_set(err, errlen, "databricks-cli: %s", e);
		return -1;
	}
	struct buf out = BUF_INIT, eo = BUF_INIT;
	int en;
	int rc = auth_run((const char *const *)a->p->cli_argv, &out, &eo, CLI_TIMEOUT_MS, &en, e, sizeof e);
	if (rc < 0) {
		msg_set(err, errlen, "databricks-cli: '%s auth token': %s", a->p->cli_argv[0], e);
	} else if (rc != 0) {
		char *line = auth_safe(eo.data, eo.len, 300);
		char *h = auth_safe(a->cfg->host, strlen(a->cfg->host), 200);
		msg_set(err, errlen, "databricks-cli: cannot get access token: %s: exit status %d (sign in with "
			 "'databricks auth login --host %s')", line, rc, h);
		free(line);
		free(h);
		*status = 401;
		rc = -1;
	} else if (auth_parse_cli_token(out.data ? out.data : "", out.len, time(NULL), t, e, sizeof e) < 0) {
		msg_set(err, errlen, "databricks-cli: %s", e);
		*status = 401;
		rc = -1;
	}
	wipe(&out);
	wipe(&eo);
	return rc;
}

/* --- azure-cli (config/auth_azure_cli.go) --------------------------------------------------------- */

/* Config.loadAzureTenantId: the tenant from where /aad/auth redirects to. */
static int az_tenant(struct auth *a, char *err, size_t errlen)
{
	const struct ws_config *c = a->cfg;
	if (a->p->tenant) return 0;
	if (c->azure_tenant_id) {
		a->p->tenant = xstrdup(c->azure_tenant_id);
		return 0;
	}
	struct buf url = BUF_INIT;
	buf_addf(&url, "%s/aad/auth", c->host);
	char loc[1024], tenant[128], e[400];
	int rc = auth_get_location(a, buf_str(&url), loc, sizeof loc, e, sizeof e);
	buf_free(&url);
	if (rc < 0 || auth_tenant_from_location(loc, tenant, sizeof tenant) < 0) {
		msg_set(err, errlen, "load tenant id: %s", rc < 0 ? e : "the workspace's /aad/auth gave no Entra ID login URL");
		return -1;
	}
	a->p->tenant = xstrdup(tenant);
	return 0;
}

/* `az account get-access-token --resource R --output json [--tenant T] [--subscription S]` */
static int az_get(const char *az, const char *resource, const char *tenant, const char *sub, struct buf *out,
		  char *err, size_t errlen)
{
	const char *v[12] = { az, "account", "get-access-token", "--resource", resource, "--output", "json" };
	int n = 7;
	if (tenant && *tenant) {
		v[n++] = "--tenant";
		v[n++] = tenant;
	}
	struct buf eo = BUF_INIT;
	int en, rc = -1;
	char e[PWAF_ERRLEN];
	if (sub) { /* tried first when the tenant is not known; the plain request follows a failure */
		v[n] = "--subscription";
		v[n + 1] = sub;
		v[n + 2] = NULL;
		rc = auth_run(v, out, &eo, AZ_TIMEOUT_MS, &en, e, sizeof e);
		if (rc != 0) buf_reset(out);
		buf_reset(&eo);
	}
	if (rc != 0) {
		v[n] = NULL;
		rc = auth_run(v, out, &eo, AZ_TIMEOUT_MS, &en, e, sizeof e);
	}
	if (rc < 0) {
		msg_set(err, errlen, "cannot get access token: %s", e);
	} else if (rc != 0) {
		char *line = auth_safe(eo.data, eo.len, 300);
		msg_set(err, errlen, "cannot get access token: %s", line);
		free(line);
		rc = -1;
	}
	wipe(&eo);
	return rc;
}

/* azureCliTokenSource.Token for one resource. */
static int az_token(struct auth *a, const char *az, const char *resource, struct auth_tok *t, char *err, size_t errlen)
{
	struct auth_priv *p = a->p;
	const char *rid = a->cfg->azure_resource_id;
	char sub[128] = "";
	if (rid && (!p->tenant || !*p->tenant)) { /* getSubscription: the third part of the resource id */
		const char *s = rid;
		for (int i = 0; i < 2 && s; i++) s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL;
		if (s) snprintf(sub, sizeof sub, "%.*s", (int)strcspn(s, "/"), s);
	}
	struct buf out = BUF_INIT;
	const char *tenant = p->az_msi ? "" : p->tenant;
	int rc = az_get(az, resource, tenant, *sub ? sub : NULL, &out, err, errlen);
	if (rc < 0 && !p->az_msi && p->az_sp && tenant && *tenant) { /* a federated service principal */
		buf_reset(&out);
		rc = az_get(az, resource, "", *sub ? sub : NULL, &out, err, errlen);
	}
	char e[PWAF_ERRLEN];
	if (rc == 0 && auth_parse_az_token(out.data ? out.data : "", out.len, time(NULL), t, e, sizeof e) < 0) {
		msg_set(err, errlen, "%s", e);
		rc = -1;
	}
	wipe(&out);
	return rc;
}

int auth_az_fetch(struct auth *a, struct auth_tok *t, char **mgmt, char *err, size_t errlen, long *status)
{
	const struct ws_config *c = a->cfg;
	struct auth_priv *p = a->p;
	*status = 0;
	*mgmt = NULL;
	if (!c->is_azure || !c->azure_app_id) {
		msg_set(err, errlen, "azure-cli: %s is not an Azure Databricks workspace", c->host);
		return -1;
	}
	char *az = NULL;
	if (wsconfig_find_program("az", 0, &az) < 0) {
		msg_set(err, errlen, "azure-cli: the Azure CLI 'az' was not found on PATH (executable file not found)");
		return -1;
	}
	char e[PWAF_ERRLEN];
	int rc = -1;
	if (az_tenant(a, e, sizeof e) < 0) {
		msg_set(err, errlen, "azure-cli: %s", e);
		goto out;
	}
	if (!p->az_known) {
		struct buf o = BUF_INIT, eo = BUF_INIT;
		int en;
		const char *v[] = { az, "account", "show", "--output", "json", NULL };
		int r = auth_run(v, &o, &eo, AZ_TIMEOUT_MS, &en, e, sizeof e);
		if (r != 0 || auth_parse_az_account(o.data ? o.data : "", o.len, &p->az_sp, &p->az_msi) < 0) {
			char *line = r > 0 ? auth_safe(eo.data, eo.len, 300) : xstrdup(r < 0 ? e : "not JSON");
			msg_set(err, errlen, "azure-cli: cannot get account info: %s", line);
			free(line);
			wipe(&o);
			wipe(&eo);
			*status = 401;
			goto out;
		}
		p->az_known = 1;
		wipe(&o);
		wipe(&eo);
	}
	if (az_token(a, az, c->azure_app_id, t, e, sizeof e) < 0) {
		msg_set(err, errlen, "azure-cli: %s", e);
		*status = 401;
		goto out;
	}
	struct auth_tok m; /* getVisitor: without the management token, no header (not an error) */
	if (az_token(a, az, c->azure_management, &m, e, sizeof e) == 0) *mgmt = m.access_token;
	if (*mgmt && m.lifetime < t->lifetime) t->lifetime = m.lifetime;
	rc = 0;
out:
	free(az);
	return rc;
}

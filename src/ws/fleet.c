/* fleet.c - many workspaces at once: targets from the config file or an account, runs under shared limits, checks, saved snapshots. */
#include "ws/fleet.h"
#include "core/errlen.h"

#include "ws/auth.h"
#include "core/buf.h"
#include "ws/checks.h"
#include "ws/http.h"
#include "core/probes.h"
#include "ws/snapshot.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

/* --- targets ------------------------------------------------------------------------------- */

static struct fleet_target *target_add(struct fleet_targets *t, const char *name)
{
	t->v = xrealloc(t->v, (t->n + 1) * sizeof *t->v);
	struct fleet_target *g = &t->v[t->n++];
	memset(g, 0, sizeof *g);
	g->name = xstrdup(name);
	return g;
}

/* The host part of a URL ("https://a.b:1/x" -> "a.b"), for matching. */
static void host_name(const char *url, char *out, size_t n)
{
	const char *h = url ? strstr(url, "://") : NULL;
	h = h ? h + 3 : (url ? url : "");
	size_t k = strcspn(h, ":/");
	if (k >= n) k = n - 1;
	memcpy(out, h, k);
	out[k] = 0;
}

/* glob matches any of the names (NULL ones skipped); no glob matches everything. */
static int matches(const char *glob, const char *a, const char *b, const char *c)
{
	if (!glob) return 1;
	const char *v[] = { a, b, c };
	for (int i = 0; i < 3; i++)
		if (v[i] && *v[i] && fnmatch(glob, v[i], 0) == 0) return 1;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct fleet_target *)a)->name, ((const struct fleet_target *)b)->name);
}

int fleet_targets_profiles(const char *glob, struct fleet_targets *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	char **names = NULL, *path = NULL;
	if (wsconfig_profiles(&names, &path, err, errlen) < 0) return -1;
	struct buf src = BUF_INIT;
	char *sp = http_safe_text(path, strlen(path), 200);
	buf_addf(&src, "the profiles of %s", sp);
	free(sp);
	out->source = buf_take(&src);
	for (size_t i = 0; names[i]; i++) {
		struct ws_config cfg = { 0 };
		char e[PWAF_ERRLEN], hn[256] = "";
		struct ws_config_flags fl = { .profile = names[i], .profile_only = 1 };
		int ok = wsconfig_resolve(&fl, &cfg, e, sizeof e) == 0;
		if (ok) host_name(cfg.host, hn, sizeof hn);
		if (ok && cfg.is_account) {
			out->accounts_skipped++;
			wsconfig_free(&cfg);
			continue;
		}
		if (!matches(glob, names[i], hn, NULL)) {
			wsconfig_free(&cfg);
			continue;
		}
		struct fleet_target *g = target_add(out, names[i]);
		if (ok) {
			g->cfg = cfg;
		} else {
			g->error = xstrdup(e);
			wsconfig_free(&cfg);
		}
	}
	if (!out->n) {
		char *gs = glob ? http_safe_text(glob, strlen(glob), 80) : NULL;
		char *ps = http_safe_text(path, strlen(path), 200);
		if (gs) snprintf(err, errlen, "no workspace profile of %s matches '%s'", ps, gs);
		else snprintf(err, errlen, "%s has no workspace profile%s", ps,
			      out->accounts_skipped ? " (only account-console profiles)" : "");
		free(gs);
		free(ps);
	}
	wsconfig_free_names(names);
	free(path);
	if (!out->n) {
		fleet_targets_free(out);
		return -1;
	}
	qsort(out->v, out->n, sizeof *out->v, by_name);
	return 0;
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* One entry of the account's list into a target. */
static void account_target(struct fleet_targets *out, const struct ws_config *acct, const cJSON *w, const char *glob)
{
	const char *dep = jstr(w, "deployment_name"), *wname = jstr(w, "workspace_name");
	const char *status = jstr(w, "workspace_status"), *smsg = jstr(w, "workspace_status_message");
	const cJSON *idv = cJSON_GetObjectItemCaseSensitive(w, "workspace_id");
	char id[32] = "";
	if (cJSON_IsNumber(idv) && idv->valuedouble >= 0 && idv->valuedouble < 9.2e18)
		snprintf(id, sizeof id, "%lld", (long long)idv->valuedouble);
	char e[PWAF_ERRLEN];
	char *host = dep ? wsconfig_workspace_host(acct->host, dep, e, sizeof e) : NULL;
	if (!dep) snprintf(e, sizeof e, "the account lists it without a deployment_name");
	char hn[256] = "";
	if (host) host_name(host, hn, sizeof hn);
	if (!matches(glob, wname, dep, hn)) {
		free(host);
		return;
	}
	char *label = http_safe_text(wname ? wname : dep ? dep : id, strlen(wname ? wname : dep ? dep : id), 120);
	struct fleet_target *g = target_add(out, label);
	free(label);
	g->workspace_id = id[0] ? xstrdup(id) : NULL;
	if (status && strcmp(status, "RUNNING") != 0) {
		struct buf m = BUF_INIT;
		char *s = http_safe_text(status, strlen(status), 40);
		buf_addf(&m, "the account lists it as %s", s);
		free(s);
		if (smsg) {
			char *t = http_safe_text(smsg, strlen(smsg), 200);
			buf_addf(&m, ": %s", t);
			free(t);
		}
		g->error = buf_take(&m);
		g->skip = 1;
		if (host) { /* keep the host for the report */
			g->cfg.host = host;
			host = NULL;
		}
		return;
	}
	if (!host) {
		g->error = xstrdup(e);
		return;
	}
	wsconfig_copy(&g->cfg, acct); /* GetWorkspaceClient: the account's credentials, its own host, no account id */
	free(g->cfg.host);
	g->cfg.host = host;
	free(g->cfg.account_id);
	g->cfg.account_id = NULL;
	free(g->cfg.warehouse_id);
	g->cfg.warehouse_id = NULL;
	g->cfg.is_account = 0;
	const cJSON *az = cJSON_GetObjectItemCaseSensitive(w, "azure_workspace_info");
	const char *sub = jstr(az, "subscription_id"), *rg = jstr(az, "resource_group");
	if (sub && rg && wname) { /* Workspace.AzureResourceId() */
		struct buf r = BUF_INIT;
		buf_addf(&r, "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Databricks/workspaces/%s", sub, rg, wname);
		free(g->cfg.azure_resource_id);
		g->cfg.azure_resource_id = buf_take(&r);
	}
}

/* GET the account's workspace list (a JSON array), retrying as the SDK does. NULL with err. */
static cJSON *account_list(const struct ws_config *acct, const struct probe_run_opts *o, long *status, char *err,
			   size_t errlen)
{
	struct http_opts http = { .connect_timeout_ms = o ? o->connect_timeout_ms : 0, .timeout_ms = o ? o->timeout_ms : 0 };
	char *ua = http_user_agent(wsconfig_auth_name(acct->auth), "cmd/fleet");
	http.user_agent = ua;
	struct auth a;
	auth_init(&a, acct, &http);
	char *id = http_form_escape(acct->account_id);
	struct buf url = BUF_INIT;
	buf_addf(&url, "%s/api/2.0/accounts/%s/workspaces", acct->host, id);
	free(id);
	cJSON *j = NULL;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	*status = 0;
	for (int attempt = 0; !j; attempt++) {
		char e[PWAF_ERRLEN];
		const char *tok = auth_token(&a, e, sizeof e, status);
		if (!tok) {
			snprintf(err, errlen, "cannot sign in to the account: %s", e);
			break;
		}
		struct http_xfer x;
		if (http_xfer_init(&x, &http, buf_str(&url), tok, NULL, NULL, NULL) < 0) {
			snprintf(err, errlen, "cannot make the request to the account");
			break;
		}
		x.accept_array = 1;
		CURLcode rc = http_xfer_perform(&x);
		char *msg = NULL;
		j = http_xfer_result(&x, rc, acct->host, &msg);
		*status = x.status;
		int again = !j && attempt < 3 && http_retryable(&x, rc);
		long delay = again ? http_retry_delay_ms(attempt + 1, x.retry_after, &seed) : 0;
		if (!j && !again) snprintf(err, errlen, "cannot list the account's workspaces: %s", msg ? msg : "no answer");
		free(msg);
		http_xfer_cleanup(&x);
		if (!j && !again) break;
		if (again) {
			struct timespec ts = { delay / 1000, (delay % 1000) * 1000000L };
			nanosleep(&ts, NULL);
		}
	}
	if (j && !cJSON_IsArray(j)) {
		snprintf(err, errlen, "cannot list the account's workspaces: the answer is not a list "
			 "(service/provisioning: GET /api/2.0/accounts/{account_id}/workspaces returns one)");
		cJSON_Delete(j);
		j = NULL;
	}
	buf_free(&url);
	auth_free(&a);
	free(ua);
	return j;
}

int fleet_targets_account(const char *profile, const char *glob, const struct probe_run_opts *opts,
			  struct fleet_targets *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	long status = 0;
	struct ws_config acct = { 0 };
	if (livesource_account(profile, &acct, err, errlen) < 0) return -1;
	if (!acct.account_id) {
		snprintf(err, errlen, "profile '%s' has no account_id", profile);
		wsconfig_free(&acct);
		return -1;
	}
	cJSON *list = account_list(&acct, opts, &status, err, errlen);
	if (!list) {
		wsconfig_free(&acct);
		/* no answer, refused credentials, a server error: not reached; a 400/404: the account id */
		return status == 0 || status == 401 || status == 403 || status == 429 || status >= 500 ? -2 : -1;
	}
	struct buf src = BUF_INIT;
	char *as = http_safe_text(acct.account_id, strlen(acct.account_id), 60);
	buf_addf(&src, "the workspaces of account %s", as);
	free(as);
	out->source = buf_take(&src);
	const cJSON *w;
	cJSON_ArrayForEach(w, list)
	if (cJSON_IsObject(w)) account_target(out, &acct, w, glob);
	int listed = cJSON_GetArraySize(list);
	cJSON_Delete(list);
	wsconfig_free(&acct);
	if (!out->n) {
		char *gs = glob ? http_safe_text(glob, strlen(glob), 80) : NULL;
		if (gs) snprintf(err, errlen, "none of the account's %d workspaces matches '%s'", listed, gs);
		else snprintf(err, errlen, "the account lists no workspace");
		free(gs);
		fleet_targets_free(out);
		return -1;
	}
	qsort(out->v, out->n, sizeof *out->v, by_name);
	return 0;
}

void fleet_targets_free(struct fleet_targets *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].workspace_id);
		free(t->v[i].error);
		if (t->v[i].cfg.host) wsconfig_free(&t->v[i].cfg);
	}
	free(t->v);
	free(t->source);
	memset(t, 0, sizeof *t);
}

/* --- file names ----------------------------------------------------------------------------- */

char *fleet_file_name(const char *name)
{
	struct buf b = BUF_INIT;
	for (const char *p = name ? name : ""; *p && b.len < 80; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			 c == '-';
		buf_addc(&b, ok ? c : '_');
	}
	if (!b.len || b.data[0] == '.') {
		struct buf c = BUF_INIT;
		buf_addf(&c, "ws%s", buf_str(&b));
		buf_free(&b);
		return buf_take(&c);
	}
	return buf_take(&b);
}

/* --- the run -------------------------------------------------------------------------------- */

/* What a workspace's probe events said, to tell checked from unreachable or refused. */
struct evsum {
	int total, ok, conn_failed;
	char *auth_error;       /* the credentials were refused (status in auth_status) */
	char *first_error;
};

struct job {
	size_t ti;              /* target index */
	size_t wi;              /* result index */
	struct snapshot *snap;
	struct probe_run *run;
	double t0;
	int cancelled;
	struct evsum ev;
};

struct fleet {
	const struct fleet_targets *t;
	const struct fleet_opts *o;
	struct fleet_results *out;
	struct probe_limiter *lim;
	struct snapshot *acct_snap;     /* the account's probes, fetched once */
	char **ws_probes, **acct_probes;
	struct job *jobs;
	int njobs;
	size_t next;
	double t0;
	long requests_done;
	const char *stop_why;
	char **used_files;
	size_t nused;
};

static void ev_take(struct evsum *s, const struct probe_event *ev)
{
	if (ev->error && strcmp(ev->code, PROBE_CODE_NO_ACCOUNT) == 0) return;
	s->total++;
	if (!ev->error) {
		s->ok++;
		return;
	}
	if (ev->status == 0) s->conn_failed++;
	/* refused credentials: the token endpoint said no, or the first call (current-user) got 401/403 */
	int no_token = strncmp(ev->error, "cannot authenticate", 19) == 0;
	int refused = ev->status == 401 || ev->status == 403;
	if (!s->auth_error && ((no_token && ev->status != 0) || (strcmp(ev->name, "current-user") == 0 && refused)))
		s->auth_error = http_safe_text(ev->error, strlen(ev->error), 400);
	if (!s->first_error) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s: %s", ev->name, ev->error);
		s->first_error = http_safe_text(b.data, b.len, 400);
		buf_free(&b);
	}
}

static void ev_free(struct evsum *s)
{
	free(s->auth_error);
	free(s->first_error);
	memset(s, 0, sizeof *s);
}

/* Split the needed probes into the workspace's and the account's. */
static void split_probes(char **need, int with_account, char ***ws, char ***acct)
{
	size_t n = 0, nw = 0, na = 0;
	while (need && need[n]) n++;
	*ws = xcalloc(n + 1, sizeof **ws);
	*acct = xcalloc(n + 1, sizeof **acct);
	for (size_t i = 0; i < n; i++) {
		const struct probe_def *d = probe_find(need[i]);
		if (with_account && d && d->host == HOST_ACCOUNT) (*acct)[na++] = xstrdup(need[i]);
		else (*ws)[nw++] = xstrdup(need[i]);
	}
}

/* The account's probes, once, before the workspaces (they all read the same account). */
static void fetch_account(struct fleet *f)
{
	if (!f->o->account || !f->acct_probes[0]) return;
	char err[PWAF_ERRLEN];
	f->acct_snap = snapshot_new("live", f->o->account->host, err, sizeof err);
	if (!f->acct_snap) return;
	struct probe_run_opts po = f->o->po;
	po.account = f->o->account;
	po.shared = f->lim;
	struct probe_run *r = probe_run_start(f->o->account, (const char *const *)f->acct_probes, f->acct_snap, &po, err,
					      sizeof err);
	if (!r) return;
	probe_run_wait(r);
	f->requests_done += probe_run_requests(r);
	probe_run_free(r);
}

static void set_state(struct fleet_ws *w, enum fleet_state st, const char *error)
{
	w->state = st;
	free(w->error);
	w->error = error ? xstrdup(error) : NULL;
}

/* Start the next target: a result entry always; a run when it can be checked. 1 when a job runs. */
static int start_next(struct fleet *f, struct job *j)
{
	size_t ti = f->next++;
	const struct fleet_target *g = &f->t->v[ti];
	struct fleet_ws *w = fleet_results_add(f->out, g->name, g->cfg.host, g->workspace_id);
	size_t wi = f->out->n - 1;
	if (g->skip) {
		set_state(w, FLEET_SKIPPED, g->error);
		return 0;
	}
	if (g->error || !g->cfg.host) {
		set_state(w, FLEET_CONFIG, g->error ? g->error : "no host");
		return 0;
	}
	char err[PWAF_ERRLEN];
	memset(j, 0, sizeof *j);
	j->ti = ti;
	j->wi = wi;
	j->t0 = now_ms();
	j->snap = snapshot_new("live", g->cfg.host, err, sizeof err);
	if (!j->snap) {
		set_state(w, FLEET_CONFIG, err);
		return 0;
	}
	if (f->o->id) livesource_identity_apply(f->o->id, j->snap);
	snapshot_set_meta(j->snap, "fleet_name", g->name);
	if (g->workspace_id) snapshot_set_meta(j->snap, "workspace_id", g->workspace_id);
	struct probe_run_opts po = f->o->po;
	po.shared = f->lim;
	po.account = NULL; /* the account's probes come from fetch_account */
	po.warehouse_id = g->cfg.warehouse_id; /* each workspace its own (NULL: a running one it has) */
	if (f->o->deadline_ms > 0) {
		double left = (double)f->o->deadline_ms - (now_ms() - f->t0);
		long per = po.deadline_ms > 0 ? po.deadline_ms : 300000;
		po.deadline_ms = left < (double)per ? (long)(left > 1000 ? left : 1000) : per;
	}
	j->run = probe_run_start(&g->cfg, (const char *const *)f->ws_probes, j->snap, &po, err, sizeof err);
	if (!j->run) {
		set_state(w, FLEET_CONFIG, err);
		snapshot_close(j->snap);
		j->snap = NULL;
		return 0;
	}
	return 1;
}

/* A snapshot path under save_dir no other workspace of this run took. */
static char *save_path(struct fleet *f, const char *name)
{
	char *base = fleet_file_name(name);
	struct buf p = BUF_INIT;
	for (int k = 1;; k++) {
		buf_reset(&p);
		if (k == 1) buf_addf(&p, "%s", base);
		else buf_addf(&p, "%s-%d", base, k);
		int taken = 0;
		for (size_t i = 0; i < f->nused && !taken; i++) taken = strcmp(f->used_files[i], buf_str(&p)) == 0;
		if (!taken) break;
	}
	f->used_files = xrealloc(f->used_files, (f->nused + 1) * sizeof *f->used_files);
	f->used_files[f->nused++] = xstrdup(buf_str(&p));
	struct buf full = BUF_INIT;
	buf_addf(&full, "%s/%s.snapshot", f->o->save_dir, buf_str(&p));
	buf_free(&p);
	free(base);
	return buf_take(&full);
}

/* A finished run: decide the workspace's state; check it; save its snapshot. -1 on a content DB error. */
static int finish_job(struct fleet *f, struct job *j, char *err, size_t errlen)
{
	struct fleet_ws *w = &f->out->v[j->wi];
	w->requests = probe_run_requests(j->run);
	f->requests_done += w->requests;
	probe_run_free(j->run);
	j->run = NULL;
	char idb[32];
	const char *wid = snapshot_meta(j->snap, "workspace_id", idb, sizeof idb);
	if (wid && !w->workspace_id[0]) {
		free(w->workspace_id);
		w->workspace_id = xstrdup(wid);
	}
	int rc = 0;
	if (j->cancelled) {
		set_state(w, FLEET_CANCELLED, f->stop_why ? f->stop_why : "cancelled");
	} else if (j->ev.auth_error) {
		set_state(w, FLEET_AUTH, j->ev.auth_error);
	} else if (j->ev.total && !j->ev.ok) {
		struct buf m = BUF_INIT;
		buf_addf(&m, "%s%s", j->ev.conn_failed == j->ev.total ? "" : "every request failed: ",
			 j->ev.first_error ? j->ev.first_error : "no answer");
		set_state(w, FLEET_UNREACHABLE, buf_str(&m));
		buf_free(&m);
	} else {
		for (size_t i = 0; f->acct_snap && f->acct_probes[i]; i++)
			snapshot_copy_endpoint(j->snap, f->acct_snap, f->acct_probes[i]);
		if (checks_run(f->o->db, j->snap, f->o->filter, f->o->ids, &w->res, err, errlen) < 0) rc = -1;
		if (rc == 0 && f->o->save_dir) {
			char *path = save_path(f, w->name);
			char e[PWAF_ERRLEN];
			if (snapshot_save(j->snap, path, e, sizeof e) == 0) w->snapshot = path;
			else {
				free(path);
				char *m = http_safe_text(e, strlen(e), 300);
				fprintf(stderr, "pwaf check: %s: %s\n", w->name, m);
				free(m);
			}
		}
	}
	w->elapsed_ms = now_ms() - j->t0;
	snapshot_close(j->snap);
	j->snap = NULL;
	ev_free(&j->ev);
	return rc;
}

static void report(struct fleet *f, const struct fleet_ws *finished, int running)
{
	if (!f->o->progress) return;
	struct fleet_progress p = { .total = f->t->n, .running = (size_t)running, .finished = finished,
				    .elapsed_ms = now_ms() - f->t0 };
	long req = f->requests_done;
	for (int i = 0; i < f->njobs; i++)
		if (f->jobs[i].run) req += probe_run_requests(f->jobs[i].run);
	p.requests = req;
	for (size_t i = 0; i < f->out->n; i++) {
		int busy = 0;
		for (int k = 0; k < f->njobs; k++) busy |= f->jobs[k].run && f->jobs[k].wi == i;
		if (busy) continue;
		p.done++;
		p.count[f->out->v[i].state]++;
	}
	f->o->progress(f->o->ctx, &p);
}

static int stop_asked(struct fleet *f)
{
	if (f->stop_why) return 1;
	if (f->o->stop && *f->o->stop) f->stop_why = "cancelled (interrupted)";
	else if (f->o->deadline_ms > 0 && now_ms() - f->t0 > (double)f->o->deadline_ms)
		f->stop_why = "stopped at the fleet's deadline";
	if (!f->stop_why) return 0;
	for (int i = 0; i < f->njobs; i++)
		if (f->jobs[i].run) {
			f->jobs[i].cancelled = 1;
			probe_run_cancel(f->jobs[i].run);
		}
	return 1;
}

/* Wait for any run's events (or the wake pipe, or a tick); drain them; finish runs that ended. */
static int pump(struct fleet *f, int *running, char *err, size_t errlen)
{
	struct pollfd pf[f->njobs + 1];
	int n = 0;
	for (int i = 0; i < f->njobs; i++)
		if (f->jobs[i].run) pf[n++] = (struct pollfd){ .fd = probe_run_fd(f->jobs[i].run), .events = POLLIN };
	if (f->o->wake_fd >= 0) pf[n++] = (struct pollfd){ .fd = f->o->wake_fd, .events = POLLIN };
	if (poll(pf, (nfds_t)n, 250) < 0 && errno != EINTR) return 0;
	for (int i = 0; i < f->njobs; i++) {
		struct job *j = &f->jobs[i];
		if (!j->run) continue;
		struct probe_event ev;
		int r;
		while ((r = probe_run_poll(j->run, &ev)) == 1) {
			ev_take(&j->ev, &ev);
			probe_event_free(&ev);
		}
		if (r == -1) {
			if (finish_job(f, j, err, errlen) < 0) return -1;
			(*running)--;
			report(f, &f->out->v[j->wi], *running);
		}
	}
	return 0;
}

static void fleet_free_internals(struct fleet *f)
{
	for (int i = 0; i < f->njobs; i++)
		if (f->jobs[i].run) {
			probe_run_cancel(f->jobs[i].run);
			probe_run_free(f->jobs[i].run);
			snapshot_close(f->jobs[i].snap);
			ev_free(&f->jobs[i].ev);
		}
	free(f->jobs);
	checks_free_names(f->ws_probes);
	checks_free_names(f->acct_probes);
	snapshot_close(f->acct_snap);
	probe_limiter_free(f->lim);
	for (size_t i = 0; i < f->nused; i++) free(f->used_files[i]);
	free(f->used_files);
}

static void fill_run_identity(struct fleet_results *out, const struct doc_filter *flt)
{
	if (!out->run_id[0]) fleet_run_id(out->run_id);
	if (!out->started_at[0]) snapshot_now(out->started_at);
	if (!out->version) out->version = xstrdup(PACKAGE_VERSION);
	if (!out->partner && flt && flt->partner) out->partner = xstrdup(flt->partner);
}

int fleet_run(const struct fleet_targets *t, const struct fleet_opts *o, struct fleet_results *out, char *err,
	      size_t errlen)
{
	if (o->save_dir && mkdir(o->save_dir, 0700) < 0 && errno != EEXIST) {
		char *d = http_safe_text(o->save_dir, strlen(o->save_dir), 200);
		snprintf(err, errlen, "cannot make %s: %s", d, strerror(errno));
		free(d);
		return -1;
	}
	fill_run_identity(out, o->filter);
	struct fleet f = { .t = t, .o = o, .out = out, .t0 = now_ms() };
	f.lim = probe_limiter_new(o->max_conns > 0 ? o->max_conns : 128, o->rate > 0 ? o->rate : 500);
	char **need = checks_probes_needed(o->db, o->filter, o->ids);
	split_probes(need, o->account != NULL, &f.ws_probes, &f.acct_probes);
	checks_free_names(need);
	f.njobs = o->parallel > 0 ? o->parallel : 32;
	if ((size_t)f.njobs > t->n) f.njobs = t->n ? (int)t->n : 1;
	f.jobs = xcalloc((size_t)f.njobs, sizeof *f.jobs);
	fetch_account(&f);
	int running = 0, rc = 0;
	while (rc == 0 && (f.next < t->n || running)) {
		if (!stop_asked(&f))
			for (int i = 0; i < f.njobs && f.next < t->n; i++) {
				if (f.jobs[i].run) continue;
				if (start_next(&f, &f.jobs[i])) running++;
				else report(&f, &out->v[out->n - 1], running);
			}
		else
			while (f.next < t->n) { /* never started: say so */
				const struct fleet_target *g = &t->v[f.next++];
				struct fleet_ws *w = fleet_results_add(out, g->name, g->cfg.host, g->workspace_id);
				set_state(w, g->skip ? FLEET_SKIPPED : FLEET_CANCELLED, g->skip ? g->error : f.stop_why);
			}
		if (!running) continue;
		if (pump(&f, &running, err, errlen) < 0) rc = -1;
		report(&f, NULL, running);
	}
	out->elapsed_ms = now_ms() - f.t0;
	fleet_results_count(out);
	fleet_free_internals(&f);
	return rc;
}

/* --- offline: a saved fleet ------------------------------------------------------------------- */

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The saved fleet.json's workspaces that were not checked (state, error kept). */
static void from_manifest(const char *dir, struct fleet_results *out)
{
	struct buf p = BUF_INIT;
	buf_addf(&p, "%s/fleet.json", dir);
	size_t len = 0;
	char *text = wsconfig_read_regular(buf_str(&p), 64L << 20, &len, NULL);
	buf_free(&p);
	if (!text) return;
	cJSON *j = cJSON_ParseWithLength(text, len);
	free(text);
	const cJSON *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(j, "workspaces"))
	{
		const char *st = jstr(w, "state");
		if (!st || strcmp(st, "checked") == 0) continue;
		enum fleet_state s = FLEET_UNREACHABLE;
		for (int k = 0; k < FLEET_NSTATE; k++)
			if (strcmp(st, fleet_state_name((enum fleet_state)k)) == 0) s = (enum fleet_state)k;
		const char *name = jstr(w, "name"), *host = jstr(w, "host"), *id = jstr(w, "workspace_id"),
			   *e = jstr(w, "error");
		char *ns = http_safe_text(name ? name : "", name ? strlen(name) : 0, 120);
		char *hs = http_safe_text(host ? host : "", host ? strlen(host) : 0, 200);
		char *is = http_safe_text(id ? id : "", id ? strlen(id) : 0, 30);
		struct fleet_ws *fw = fleet_results_add(out, ns, hs, is);
		char *es = http_safe_text(e ? e : "", e ? strlen(e) : 0, 400);
		set_state(fw, s, es);
		free(ns);
		free(hs);
		free(is);
		free(es);
	}
	cJSON_Delete(j);
}

/* One saved snapshot, checked now. -1 on a content DB error. */
static int from_snapshot(const char *path, const char *stem, struct cdb *db, const struct doc_filter *f,
			 const char *const *ids, const struct livesource_identity *id, struct fleet_results *out, char *err,
			 size_t errlen)
{
	char e[PWAF_ERRLEN], nb[200], hb[300], ib[32];
	struct snapshot *s = snapshot_open(path, e, sizeof e);
	if (!s) {
		struct fleet_ws *w = fleet_results_add(out, stem, "", "");
		set_state(w, FLEET_CONFIG, e);
		return 0;
	}
	const char *name = snapshot_meta(s, "fleet_name", nb, sizeof nb);
	const char *host = snapshot_meta(s, "host", hb, sizeof hb);
	const char *wid = snapshot_meta(s, "workspace_id", ib, sizeof ib);
	char *ns = http_safe_text(name ? name : stem, strlen(name ? name : stem), 120);
	char *hs = http_safe_text(host ? host : "", host ? strlen(host) : 0, 200);
	char *is = http_safe_text(wid ? wid : "", wid ? strlen(wid) : 0, 30);
	struct fleet_ws *w = fleet_results_add(out, ns, hs, is);
	free(ns);
	free(hs);
	free(is);
	w->snapshot = xstrdup(path);
	if (id) livesource_identity_apply(id, s);
	int rc = checks_run(db, s, f, ids, &w->res, err, errlen);
	snapshot_close(s);
	return rc;
}

int fleet_from_dir(const char *dir, struct cdb *db, const struct doc_filter *f, const char *const *ids,
		   const struct livesource_identity *id, struct fleet_results *out, char *err, size_t errlen)
{
	double t0 = now_ms();
	DIR *d = opendir(dir);
	if (!d) {
		char *ds = http_safe_text(dir, strlen(dir), 200);
		snprintf(err, errlen, "cannot open %s: %s", ds, strerror(errno));
		free(ds);
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		if (l <= 9 || e->d_name[0] == '.' || strcmp(e->d_name + l - 9, ".snapshot") != 0) continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (!n) {
		char *ds = http_safe_text(dir, strlen(dir), 200);
		snprintf(err, errlen, "%s holds no saved workspace (*.snapshot): save a fleet there with --save-dir", ds);
		free(ds);
		free(names);
		return -1;
	}
	qsort(names, n, sizeof *names, str_cmp);
	fill_run_identity(out, f);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct buf p = BUF_INIT;
		buf_addf(&p, "%s/%s", dir, names[i]);
		names[i][strlen(names[i]) - 9] = 0;
		if (rc == 0 && from_snapshot(buf_str(&p), names[i], db, f, ids, id, out, err, errlen) < 0) rc = -1;
		buf_free(&p);
		free(names[i]);
	}
	free(names);
	if (rc == 0) from_manifest(dir, out);
	out->elapsed_ms = now_ms() - t0;
	fleet_results_count(out);
	return rc;
}

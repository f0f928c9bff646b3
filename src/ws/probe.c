/* probe.c - the probe engine: libcurl multi in a thread, paging, detail fan-out, rate limit, retries, budgets. */
#include "ws/probe.h"
#include "core/errlen.h"

#include "ws/auth.h"
#include "core/buf.h"
#include "ws/http.h"
#include "core/probes.h"
#include "ws/sqlstmt.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * A run holds probes; a probe holds tasks. A list probe has one task; a detail probe has one task
 * per object of its parent (a job, a share, ...), created when the parent has finished. Each task
 * walks its own page chain. The worker thread starts ready tasks while connections and the rate
 * limit allow, and finishes a probe when its last task ends (or on its first failure).
 */

enum pstate { P_WAITING, P_ACTIVE, P_DONE };
enum tstate { T_READY, T_RUNNING, T_BACKOFF, T_DONE };

struct task {
	int probe;                  /* index into run->p */
	char *key;                  /* the parent value that filled the path, or NULL */
	char *path;                 /* path and query, placeholder filled */
	enum tstate st;
	char *token;                /* next page token */
	long scim_start;            /* next SCIM startIndex */
	int pages, attempt;
	long waited_ms;
	double next_at;             /* T_BACKOFF: monotonic ms when to retry */
	struct http_xfer x;
	int in_multi;
	/* PROBE_SQL: the statement's life (submit, poll, fetch chunks) */
	enum { SQL_SUBMIT, SQL_POLL, SQL_CHUNK } phase;
	char *stmt_id;
	long chunk;                 /* SQL_CHUNK: the chunk to fetch */
	long poll_ms;               /* the next wait between polls */
	cJSON *columns;             /* the result's columns, from the first answer */
};

/* Where requests go and who signs them: the workspace, or the account console. */
struct conn {
	struct ws_config cfg;       /* deep copy; cfg.host NULL: none (no account profile) */
	struct auth auth;
	struct http_opts http;
	char *ua;
	char *auth_error;           /* set once getting a token failed: every later request fails alike */
	long auth_status;
	int auth_recorded;          /* the snapshot's meta says which auth type signed in */
};

struct pstate_s {
	const struct probe_def *def;
	enum pstate st;
	int parent;                 /* index into run->p, or -1 */
	int tasks_left;
	long count, status;
	size_t bytes;
	char *error, *error_code;
	char fetched_at[32];
};

struct evnode {
	struct probe_event ev;
	struct evnode *next;
};

struct probe_run {
	struct conn ws, acct;       /* the workspace; the account console (acct.cfg.host NULL: none) */
	struct snapshot *snap;
	struct probe_run_opts o;
	struct pstate_s *p;
	int n;
	struct task **t;            /* each allocated alone: curl keeps pointers to them */
	int nt, capt;
	_Atomic int ndone;
	_Atomic long requests;
	size_t bytes;               /* JSON kept by the whole run */
	char *warehouse;            /* SQL probes: the chosen warehouse, once decided */
	char *warehouse_error;      /* ... or why there is none */
	char workspace_id[32];      /* from x-databricks-org-id, "" until seen */
	double deadline;            /* monotonic ms */
	double next_slot;           /* rate limit: the earliest start of the next request */
	int held;                   /* slots of o.shared this run holds (its requests in flight) */
	CURLM *multi;
	pthread_t thr;
	int thr_started;
	atomic_int cancel;
	unsigned seed;

	pthread_mutex_t mu;         /* guards the queue, finished and the trouble */
	pthread_cond_t cv;
	struct evnode *head, *tail;
	int finished;
	char trouble[160];          /* probe_run_trouble: the last request that got no HTTP answer, "" once one did */
	int trouble_retrying;
	int fd[2];
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, f);
	vsnprintf(tmp, sizeof tmp, f, ap);
	va_end(ap);
	return xstrdup(tmp);
}

/* --- events and finishing ------------------------------------------------------------------ */

static void push_event(struct probe_run *r, const struct pstate_s *p)
{
	struct evnode *e = xcalloc(1, sizeof *e);
	snprintf(e->ev.name, sizeof e->ev.name, "%s", p->def->name);
	e->ev.status = p->status;
	e->ev.count = p->count;
	e->ev.error = p->error ? xstrdup(p->error) : NULL;
	if (p->error_code) snprintf(e->ev.code, sizeof e->ev.code, "%s", p->error_code);
	pthread_mutex_lock(&r->mu);
	if (r->tail) r->tail->next = e;
	else r->head = e;
	r->tail = e;
	pthread_mutex_unlock(&r->mu);
	ssize_t w;
	do w = write(r->fd[1], "e", 1);
	while (w < 0 && errno == EINTR);
}

static void release(struct probe_run *r, struct task *t)
{
	if (t->in_multi) curl_multi_remove_handle(r->multi, t->x.easy);
	t->in_multi = 0;
	http_xfer_cleanup(&t->x);
}

static void start_children(struct probe_run *r, int parent);

/*
 * End a probe: abandon its remaining tasks, record the fetch, queue the event, then let the
 * probes that need it go. error NULL: complete (code may name an answer such as
 * METASTORE_DOES_NOT_EXIST). Takes ownership of error and code.
 */
static void finish(struct probe_run *r, int pi, long status, char *error, char *code)
{
	struct pstate_s *p = &r->p[pi];
	if (p->st == P_DONE) {
		free(error);
		free(code);
		return;
	}
	for (int i = 0; i < r->nt; i++) {
		struct task *t = r->t[i];
		if (t->probe != pi || t->st == T_DONE) continue;
		release(r, t);
		t->st = T_DONE;
	}
	p->tasks_left = 0;
	p->status = status;
	free(p->error);
	free(p->error_code);
	p->error = error;
	p->error_code = code;
	p->st = P_DONE;
	if (error) { /* a probe that failed keeps nothing: checks must not read half a list */
		snapshot_begin(r->snap, p->def->name);
		r->bytes -= p->bytes < r->bytes ? p->bytes : r->bytes;
		p->bytes = 0;
		p->count = 0;
	}
	if (!p->fetched_at[0]) snapshot_now(p->fetched_at);
	snapshot_finish(r->snap, p->def->name, p->def->path, status, error, code, p->count, p->fetched_at);
	r->ndone++;
	push_event(r, p);
	start_children(r, pi);
}

/* --- tasks ----------------------------------------------------------------------------------- */

static struct task *add_task(struct probe_run *r, int pi, const char *key)
{
	if (r->nt == r->capt) {
		r->capt = r->capt ? 2 * r->capt : 32;
		r->t = xrealloc(r->t, (size_t)r->capt * sizeof *r->t);
	}
	struct task *t = xcalloc(1, sizeof *t);
	r->t[r->nt++] = t;
	t->probe = pi;
	t->scim_start = 1;
	t->st = T_READY;
	const struct probe_def *d = r->p[pi].def;
	char field[64];
	if (d->kind == PROBE_SQL) {
		t->path = xstrdup("/api/2.0/sql/statements");
		t->poll_ms = 500;
	} else if (d->host == HOST_ACCOUNT) { /* {account_id} of the account profile (checked before) */
		struct buf b = BUF_INIT;
		const char *a = strstr(d->path, "{account_id}");
		char *esc = curl_easy_escape(NULL, r->acct.cfg.account_id ? r->acct.cfg.account_id : "", 0);
		buf_add(&b, d->path, a ? (size_t)(a - d->path) : strlen(d->path));
		if (a) {
			buf_adds(&b, esc ? esc : "");
			buf_adds(&b, a + strlen("{account_id}"));
		}
		curl_free(esc);
		t->path = buf_take(&b);
	} else if (key && probe_placeholder(d, field, sizeof field)) {
		struct buf b = BUF_INIT;
		const char *a = strchr(d->path, '{'), *z = strchr(a, '}');
		char *esc = curl_easy_escape(NULL, key, 0);
		buf_add(&b, d->path, (size_t)(a - d->path));
		buf_adds(&b, esc ? esc : "");
		buf_adds(&b, z + 1);
		curl_free(esc);
		t->path = buf_take(&b);
		t->key = xstrdup(key);
	} else {
		t->path = xstrdup(d->path);
	}
	r->p[pi].tasks_left++;
	return t;
}

/* An SQL probe whose warehouse list is in: choose the warehouse (once a run), start the statement. */
static void sql_start(struct probe_run *r, int pi)
{
	if (!r->warehouse && !r->warehouse_error) {
		char err[PWAF_ERRLEN], *why = NULL;
		if (sqlstmt_choose_warehouse(r->snap, r->o.warehouse_id, r->o.start_warehouse, &r->warehouse, &why, err,
					     sizeof err) == 0) {
			snapshot_set_meta(r->snap, "sql_warehouse", why);
			free(why);
		} else {
			r->warehouse_error = xstrdup(err);
		}
	}
	if (!r->warehouse) {
		finish(r, pi, 0, fmt("%s", r->warehouse_error), xstrdup(PROBE_CODE_NO_WAREHOUSE));
		return;
	}
	struct pstate_s *p = &r->p[pi];
	p->st = P_ACTIVE;
	snapshot_begin(r->snap, p->def->name);
	snapshot_now(p->fetched_at);
	add_task(r, pi, NULL);
}

/* The parent of probe pi has finished: create one task per chosen parent object, or end pi. */
static void fan_out(struct probe_run *r, int pi)
{
	struct pstate_s *p = &r->p[pi], *par = &r->p[p->parent];
	if (par->error) {
		finish(r, pi, par->status, fmt("needs the %s, which could not be read: %s", par->def->what, par->error),
		       par->error_code ? xstrdup(par->error_code) : NULL);
		return;
	}
	if (p->def->kind == PROBE_SQL) {
		sql_start(r, pi);
		return;
	}
	char field[64];
	if (!probe_placeholder(p->def, field, sizeof field)) {
		finish(r, pi, 0, fmt("probe %s has no {field} in its path", p->def->name), NULL);
		return;
	}
	char **keys = NULL;
	char err[PWAF_ERRLEN];
	long n = snapshot_keys(r->snap, par->def->name, field, p->def->parent_where, r->o.max_objects + 1, &keys, err,
			       sizeof err);
	if (n < 0) {
		finish(r, pi, 0, fmt("cannot read the %s from the snapshot: %s", par->def->what, err), NULL);
		return;
	}
	if (n > r->o.max_objects) {
		snapshot_free_keys(keys);
		finish(r, pi, 200, fmt("the workspace answered more than pwaf keeps (over %ld %s to look up)",
				       r->o.max_objects, par->def->what), xstrdup(PROBE_CODE_LIMIT));
		return;
	}
	p->st = P_ACTIVE;
	snapshot_begin(r->snap, p->def->name);
	snapshot_now(p->fetched_at);
	for (long i = 0; i < n; i++) add_task(r, pi, keys[i]);
	snapshot_free_keys(keys);
	if (n == 0) /* nothing to look up is an answer: none; keep the parent's reason (no metastore) */
		finish(r, pi, 200, NULL, par->error_code ? xstrdup(par->error_code) : NULL);
}

static void start_children(struct probe_run *r, int parent)
{
	for (int i = 0; i < r->n; i++)
		if (r->p[i].parent == parent && r->p[i].st == P_WAITING) fan_out(r, i);
}

/* A task ended well; its probe ends when it was the last. */
static void task_done(struct probe_run *r, struct task *t)
{
	t->st = T_DONE;
	struct pstate_s *p = &r->p[t->probe];
	if (--p->tasks_left <= 0 && p->st != P_DONE) finish(r, t->probe, p->status ? p->status : 200, NULL, NULL);
}

/* The URL of the task's next page. */
static char *page_url(struct probe_run *r, struct task *t)
{
	struct buf u = BUF_INIT;
	const struct probe_def *d = r->p[t->probe].def;
	buf_addf(&u, "%s%s", (d->host == HOST_ACCOUNT ? &r->acct : &r->ws)->cfg.host, t->path);
	if (d->kind == PROBE_SQL) {
		char *esc = t->stmt_id ? curl_easy_escape(NULL, t->stmt_id, 0) : NULL;
		if (t->phase == SQL_POLL) buf_addf(&u, "/%s", esc ? esc : "");
		if (t->phase == SQL_CHUNK) buf_addf(&u, "/%s/result/chunks/%ld", esc ? esc : "", t->chunk);
		curl_free(esc);
		return buf_take(&u);
	}
	char sep = strchr(t->path, '?') ? '&' : '?';
	switch (r->p[t->probe].def->paging) {
	case PAGING_TOKEN:
		if (t->token) {
			char *esc = curl_easy_escape(NULL, t->token, 0);
			buf_addf(&u, "%cpage_token=%s", sep, esc ? esc : "");
			curl_free(esc);
		}
		break;
	case PAGING_SCIM: /* as the SDK's iterator: count 10000, startIndex from 1 */
		buf_addf(&u, "%cstartIndex=%ld&count=10000", sep, t->scim_start);
		break;
	case PAGING_NONE:
		break;
	}
	return buf_take(&u);
}

static int count_running(const struct probe_run *r)
{
	int n = 0;
	for (int i = 0; i < r->nt; i++) n += r->t[i]->st == T_RUNNING;
	return n;
}

/* A token for c, or NULL with the probe finished (the first failure is kept for every later request). */
static const char *conn_token(struct probe_run *r, struct conn *c, int pi)
{
	const char *tok = NULL;
	if (!c->auth_error) {
		char err[PWAF_ERRLEN];
		long status = 0;
		tok = auth_token(&c->auth, err, sizeof err, &status);
		if (!tok) {
			c->auth_error = xstrdup(err);
			c->auth_status = status;
		} else if (!c->auth_recorded) { /* how pwaf signed in (the chain chose by now), never with what */
			snapshot_set_meta(r->snap, c == &r->acct ? "account_auth_type" : "auth_type", auth_name(&c->auth));
			c->auth_recorded = 1;
		}
	}
	if (!tok) finish(r, pi, c->auth_status, fmt("cannot authenticate%s: %s", c == &r->acct ? " at the account" : "",
						   c->auth_error), NULL);
	return tok;
}

/* Start one request. Returns 0, or -1 when the probe was finished instead (no token, no handle). */
static int start_task(struct probe_run *r, struct task *t)
{
	struct pstate_s *p = &r->p[t->probe];
	struct conn *c = p->def->host == HOST_ACCOUNT ? &r->acct : &r->ws;
	if (!c->cfg.host) {
		finish(r, t->probe, 0, fmt("needs an account profile: pass --account-profile P (a profile with the "
					   "account console's host and account_id)"), xstrdup(PROBE_CODE_NO_ACCOUNT));
		return -1;
	}
	const char *tok = conn_token(r, c, t->probe);
	if (!tok) return -1;
	if (p->st == P_WAITING) { /* a probe without parent starts with its first request */
		p->st = P_ACTIVE;
		snapshot_begin(r->snap, p->def->name);
		snapshot_now(p->fetched_at);
	}
	char *url = page_url(r, t);
	int ok = http_xfer_init(&t->x, &c->http, url, tok, NULL, NULL, NULL) == 0;
	free(url);
	if (ok && p->def->kind == PROBE_SQL && t->phase == SQL_SUBMIT) {
		struct sqlstmt_params sp = { .since_days = r->o.since_days, .customer_tag = r->o.customer_tag,
					     .workspace_id = r->workspace_id, .row_limit = r->o.max_objects };
		char *body = sqlstmt_request(p->def, r->warehouse, &sp);
		ok = body && http_xfer_set_json(&t->x, body) == 0;
		free(body);
	}
	if (ok) {
		curl_easy_setopt(t->x.easy, CURLOPT_PRIVATE, t);
		if (curl_multi_add_handle(r->multi, t->x.easy) == CURLM_OK) {
			t->in_multi = 1;
			t->st = T_RUNNING;
			r->requests++;
			return 0;
		}
	}
	http_xfer_cleanup(&t->x);
	finish(r, t->probe, 0, fmt("cannot start a request (out of memory?)"), NULL);
	return -1;
}

/* --- answers ------------------------------------------------------------------------------- */

/* Keep the objects of one page, within the budgets. Returns 0, or -1 when the probe ended. */
static int keep_page(struct probe_run *r, struct task *t, const cJSON *objs, int one, long status)
{
	struct pstate_s *p = &r->p[t->probe];
	const struct probe_def *d = p->def;
	long n = one ? 1 : cJSON_GetArraySize(objs);
	if (p->count + n > r->o.max_objects) {
		finish(r, t->probe, status, fmt("the workspace answered more than pwaf keeps (over %ld %s)", r->o.max_objects,
						d->what), xstrdup(PROBE_CODE_LIMIT));
		return -1;
	}
	size_t bytes = 0;
	int added = snapshot_add(r->snap, d->name, objs, one, t->key ? NULL : d->id_key, t->key, p->fetched_at, status,
				 &bytes);
	if (added < 0) {
		finish(r, t->probe, status, fmt("cannot store the %s in the snapshot", d->what), NULL);
		return -1;
	}
	p->count += added;
	p->bytes += bytes;
	r->bytes += bytes;
	size_t probe_cap = (size_t)r->o.max_bytes / 4;
	if (p->bytes > probe_cap || r->bytes > (size_t)r->o.max_bytes) {
		finish(r, t->probe, status, fmt("the workspace answered more than pwaf keeps (%ld %s, over %zu MB)",
						p->count, d->what, (p->bytes > probe_cap ? probe_cap : (size_t)r->o.max_bytes) >> 20),
		       xstrdup(PROBE_CODE_LIMIT));
		return -1;
	}
	return 0;
}

int probe_page_read(const struct probe_def *d, const cJSON *j, long scim_start, struct probe_page *pg,
		    char *err, size_t errlen)
{
	memset(pg, 0, sizeof *pg);
	if (d->array_key) {
		const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, d->array_key);
		if (arr && !cJSON_IsNull(arr) && !cJSON_IsArray(arr)) {
			msg_set(err, errlen, "the response's list is not a list");
			return -1;
		}
		pg->n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
		pg->objs = pg->n ? arr : NULL;
	} else {
		pg->objs = j;
		pg->one = 1;
		pg->n = 1;
	}
	if (d->paging == PAGING_TOKEN) {
		const char *nt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "next_page_token"));
		pg->next_token = nt && *nt ? nt : NULL;
		pg->more = pg->next_token != NULL;
	} else if (d->paging == PAGING_SCIM) {
		/* the SDK: next startIndex = the response's startIndex + what it held; empty page: the end */
		const cJSON *si = cJSON_GetObjectItemCaseSensitive(j, "startIndex");
		long base = cJSON_IsNumber(si) && si->valuedouble >= 1 && si->valuedouble < 1e15 ? (long)si->valuedouble
												  : scim_start;
		pg->next_start = base + pg->n;
		pg->more = pg->n > 0;
	}
	return 0;
}

/* Store one page; decide between the next page and the end of the task. */
static void on_page(struct probe_run *r, struct task *t, cJSON *j, long status)
{
	struct pstate_s *p = &r->p[t->probe];
	const struct probe_def *d = p->def;
	struct probe_page pg;
	char bad[PWAF_ERRLEN];
	if (probe_page_read(d, j, t->scim_start, &pg, bad, sizeof bad) < 0) {
		finish(r, t->probe, status, fmt("%s (\"%s\")", bad, d->array_key), NULL);
		return;
	}
	if (pg.objs && keep_page(r, t, pg.objs, pg.one, status) < 0) return;
	p->status = status;
	t->pages++;
	t->attempt = 0;
	t->waited_ms = 0;
	if (pg.next_token) {
		if (t->token && strcmp(t->token, pg.next_token) == 0) {
			finish(r, t->probe, status, fmt("the server sent the same page token twice; stopped after %d pages",
							t->pages), NULL);
			return;
		}
		free(t->token);
		t->token = xstrdup(pg.next_token);
	}
	t->scim_start = pg.next_start;
	if (!pg.more) {
		task_done(r, t);
	} else if (t->pages >= r->o.max_pages) {
		finish(r, t->probe, status, fmt("the workspace answered more than pwaf keeps (over %d pages of %s)", t->pages,
						d->what), xstrdup(PROBE_CODE_LIMIT));
	} else {
		t->st = T_READY;
	}
}

/* Ask the warehouse to stop a statement pwaf no longer waits for (best effort, 2 s at most). */
static void sql_cancel(struct probe_run *r, struct task *t)
{
	if (!t->stmt_id || t->st == T_DONE) return;
	char err[PWAF_ERRLEN];
	long status;
	const char *tok = auth_token(&r->ws.auth, err, sizeof err, &status);
	if (!tok) return;
	struct http_opts o = r->ws.http;
	o.timeout_ms = 2000;
	o.connect_timeout_ms = 2000;
	struct buf u = BUF_INIT;
	char *esc = curl_easy_escape(NULL, t->stmt_id, 0);
	buf_addf(&u, "%s/api/2.0/sql/statements/%s/cancel", r->ws.cfg.host, esc ? esc : "");
	curl_free(esc);
	struct http_xfer x;
	if (http_xfer_init(&x, &o, buf_str(&u), tok, NULL, NULL, NULL) == 0 && http_xfer_set_json(&x, "{}") == 0)
		http_xfer_perform(&x);
	http_xfer_cleanup(&x);
	buf_free(&u);
	r->requests++;
}

/* One answer of the Statement Execution API: wait (poll), keep rows, fetch the next chunk, or end. */
static void on_statement(struct probe_run *r, struct task *t, const cJSON *j, long status)
{
	struct pstate_s *p = &r->p[t->probe];
	struct sqlstmt_answer a;
	int bad = sqlstmt_read(j, &t->columns, &a) < 0;
	if (a.statement_id[0] && !t->stmt_id) t->stmt_id = xstrdup(a.statement_id);
	t->attempt = 0;
	t->waited_ms = 0;
	if (bad) {
		finish(r, t->probe, status, fmt("%s: %s", p->def->system_table, a.error), NULL);
		return;
	}
	switch (a.state) {
	case SQL_PENDING:
	case SQL_RUNNING: {
		if (!t->stmt_id) {
			finish(r, t->probe, status, fmt("%s: the statement is %s but has no statement_id", p->def->system_table,
							a.state == SQL_PENDING ? "PENDING" : "RUNNING"), NULL);
			return;
		}
		double at = now_ms() + (double)t->poll_ms;
		if (at >= r->deadline) {
			sql_cancel(r, t);
			finish(r, t->probe, status, fmt("%s: the statement was still running at the run's deadline (%.0f s); "
							"canceled it; raise --deadline", p->def->system_table,
							r->o.deadline_ms / 1000.0), NULL);
			return;
		}
		t->phase = SQL_POLL;
		t->next_at = at;
		t->poll_ms = t->poll_ms * 2 > 5000 ? 5000 : t->poll_ms * 2; /* 0.5, 1, 2, 4, 5, 5 ... s */
		t->st = T_BACKOFF;
		return;
	}
	case SQL_SUCCEEDED:
		break;
	default: /* FAILED, CANCELED, CLOSED */
		finish(r, t->probe, a.denied ? 403 : status, fmt("%s: %s", p->def->system_table, a.error),
		       a.denied ? xstrdup("PERMISSION_DENIED") : NULL);
		return;
	}
	int n = cJSON_GetArraySize(a.rows);
	int ended = n && keep_page(r, t, a.rows, 0, status) < 0;
	cJSON_Delete(a.rows);
	if (ended) return;
	p->status = status;
	if (a.truncated) {
		finish(r, t->probe, status, fmt("the workspace answered more than pwaf keeps (over %ld rows of %s)",
						r->o.max_objects, p->def->system_table), xstrdup(PROBE_CODE_LIMIT));
	} else if (a.next_chunk >= 0 && t->stmt_id) {
		if (t->phase == SQL_CHUNK && a.next_chunk <= t->chunk) {
			finish(r, t->probe, status, fmt("%s: the chunks do not advance (chunk %ld again)", p->def->system_table,
							a.next_chunk), NULL);
			return;
		}
		t->phase = SQL_CHUNK;
		t->chunk = a.next_chunk;
		t->st = T_READY;
	} else {
		task_done(r, t);
	}
}

/* An HTTP error answer: an answer the probe expects, a vanished detail object, a feature that is
 * off, or a failure. */
static void on_error(struct probe_run *r, struct task *t, long status, const char *code, char *msg)
{
	struct pstate_s *p = &r->p[t->probe];
	if (code && probe_is_answer(p->def, code)) {
		free(msg);
		finish(r, t->probe, status, NULL, xstrdup(code));
		return;
	}
	if (t->key && status == 404 && (!code || strcmp(code, "RESOURCE_DOES_NOT_EXIST") == 0 ||
					strcmp(code, "NOT_FOUND") == 0)) {
		free(msg); /* deleted between the list and this call: nothing to keep */
		task_done(r, t);
		return;
	}
	if (code && (strcmp(code, "FEATURE_DISABLED") == 0 || strcmp(code, "ENDPOINT_NOT_FOUND") == 0)) {
		char *m = fmt("not enabled in this workspace (%s)", msg);
		free(msg);
		finish(r, t->probe, status, m, xstrdup(PROBE_CODE_DISABLED));
		return;
	}
	finish(r, t->probe, status, msg, code ? xstrdup(code) : NULL);
}

/* Remember what the last request met: no HTTP answer (brief, and whether it is tried again), or
 * an answer (brief NULL: the host is reachable again). */
static void note_trouble(struct probe_run *r, const char *brief, int retrying)
{
	pthread_mutex_lock(&r->mu);
	snprintf(r->trouble, sizeof r->trouble, "%s", brief ? brief : "");
	r->trouble_retrying = brief && retrying;
	pthread_mutex_unlock(&r->mu);
}

static void on_transfer_done(struct probe_run *r, struct task *t, CURLcode rc)
{
	if (t->in_multi) curl_multi_remove_handle(r->multi, t->x.easy);
	t->in_multi = 0;
	char *msg = NULL;
	const struct probe_def *d = r->p[t->probe].def;
	cJSON *j = http_xfer_result(&t->x, rc, (d->host == HOST_ACCOUNT ? &r->acct : &r->ws)->cfg.host, &msg);
	long status = t->x.status;
	if (!r->workspace_id[0] && d->host == HOST_WORKSPACE && t->x.org_id[0]) { /* the workspace's id */
		snprintf(r->workspace_id, sizeof r->workspace_id, "%s", t->x.org_id);
		snapshot_set_meta(r->snap, "workspace_id", r->workspace_id);
	}
	int retry = 0;
	double at = 0;
	long delay = 0;
	if (!j && http_retryable(&t->x, rc)) {
		delay = http_retry_delay_ms(t->attempt + 1, t->x.retry_after, &r->seed);
		at = now_ms() + (double)delay;
		retry = t->attempt < r->o.max_retries && t->waited_ms + delay <= r->o.max_retry_wait_ms && at < r->deadline;
		if (!retry) {
			char *m2 = at >= r->deadline
					   ? fmt("%s (gave up after %d retries: the next one would pass the run's deadline)", msg,
						 t->attempt)
					   : fmt("%s (gave up after %d retries, %.1f s of waiting)", msg, t->attempt,
						 t->waited_ms / 1000.0);
			free(msg);
			msg = m2;
		}
	}
	if (t->x.brief[0]) note_trouble(r, t->x.brief, retry);   /* no HTTP answer */
	else if (status > 0) note_trouble(r, NULL, 0);           /* an answer: the host is reachable */
	if (retry) {
		t->attempt++;
		t->waited_ms += delay;
		t->next_at = at;
		t->st = T_BACKOFF;
		free(msg);
		http_xfer_cleanup(&t->x);
		return;
	}
	t->st = T_RUNNING; /* until decided below */
	if (!j) {
		char code[sizeof t->x.error_code];
		memcpy(code, t->x.error_code, sizeof code);
		http_xfer_cleanup(&t->x);
		on_error(r, t, status, code[0] ? code : NULL, msg);
		return;
	}
	http_xfer_cleanup(&t->x);
	if (d->kind == PROBE_SQL) on_statement(r, t, j, status);
	else on_page(r, t, j, status);
	cJSON_Delete(j);
}

/* --- the worker ---------------------------------------------------------------------------- */

static void stop_all(struct probe_run *r, const char *why)
{
	for (int i = 0; i < r->nt; i++)
		if (r->p[r->t[i]->probe].def->kind == PROBE_SQL) sql_cancel(r, r->t[i]);
	for (int i = 0; i < r->n; i++)
		if (r->p[i].st != P_DONE) finish(r, i, 0, fmt("%s", why), NULL);
}

/* --- limits shared by runs ------------------------------------------------------------------ */

struct probe_limiter {
	pthread_mutex_t mu;
	int max_conns, active;
	double rate, next_slot;
};

struct probe_limiter *probe_limiter_new(int max_conns, double rate)
{
	struct probe_limiter *l = xcalloc(1, sizeof *l);
	pthread_mutex_init(&l->mu, NULL);
	l->max_conns = max_conns > 0 ? max_conns : 64;
	l->rate = rate > 0 ? rate : 200;
	return l;
}

void probe_limiter_free(struct probe_limiter *l)
{
	if (!l) return;
	pthread_mutex_destroy(&l->mu);
	free(l);
}

int probe_limiter_active(struct probe_limiter *l)
{
	pthread_mutex_lock(&l->mu);
	int n = l->active;
	pthread_mutex_unlock(&l->mu);
	return n;
}

/* Take a slot for one request starting at t: 0, or the ms to wait before asking again. */
static long limiter_take(struct probe_limiter *l, double t)
{
	long wait = 0;
	pthread_mutex_lock(&l->mu);
	if (l->active >= l->max_conns) wait = 10; /* another run's answer frees one; it cannot wake us */
	else if (l->next_slot > t) wait = (long)(l->next_slot - t) + 1;
	else {
		l->next_slot = (l->next_slot > t ? l->next_slot : t) + 1000.0 / l->rate;
		l->active++;
	}
	pthread_mutex_unlock(&l->mu);
	return wait;
}

static void limiter_give(struct probe_limiter *l, int n)
{
	pthread_mutex_lock(&l->mu);
	l->active -= n;
	if (l->active < 0) l->active = 0;
	pthread_mutex_unlock(&l->mu);
}

/* Hand back the shared slots of requests that are no longer in flight. */
static void limiter_sync(struct probe_run *r)
{
	if (!r->o.shared) return;
	int flying = 0;
	for (int i = 0; i < r->nt; i++) flying += r->t[i]->in_multi;
	if (flying < r->held) {
		limiter_give(r->o.shared, r->held - flying);
		r->held = flying;
	}
}

/* Start what the connection and rate limits allow; returns ms until something may start. */
static long schedule(struct probe_run *r, double t)
{
	long wait = 1000;
	for (int i = 0; i < r->nt; i++)
		if (r->t[i]->st == T_BACKOFF && r->t[i]->next_at <= t) r->t[i]->st = T_READY;
	int active = count_running(r);
	for (int i = 0; i < r->nt && active < r->o.max_conns; i++) {
		if (r->t[i]->st != T_READY || r->p[r->t[i]->probe].st == P_DONE) continue;
		if (r->next_slot > t) {
			long d = (long)(r->next_slot - t) + 1;
			if (d < wait) wait = d;
			break;
		}
		if (r->o.shared) {
			long d = limiter_take(r->o.shared, t);
			if (d > 0) {
				if (d < wait) wait = d;
				break;
			}
			r->held++;
		}
		r->next_slot = (r->next_slot > t ? r->next_slot : t) + 1000.0 / r->o.rate_limit;
		if (start_task(r, r->t[i]) == 0) active++;
		limiter_sync(r); /* a task that did not start gives its slot back */
	}
	for (int i = 0; i < r->nt; i++) {
		const struct task *k = r->t[i];
		if (k->st == T_BACKOFF) {
			long d = (long)(k->next_at - t);
			if (d < wait) wait = d < 0 ? 0 : d;
		}
	}
	return wait;
}

static void *worker(void *arg)
{
	struct probe_run *r = arg;
	while (r->ndone < r->n) {
		if (atomic_load(&r->cancel)) {
			stop_all(r, "cancelled");
			break;
		}
		double t = now_ms();
		if (t >= r->deadline) {
			char why[PWAF_ERRLEN];
			snprintf(why, sizeof why, "stopped at the run's deadline (%.0f s); raise --deadline",
				 r->o.deadline_ms / 1000.0);
			stop_all(r, why);
			break;
		}
		long wait = schedule(r, t);
		int still = 0;
		curl_multi_perform(r->multi, &still);
		CURLMsg *m;
		int left, progressed = 0;
		while ((m = curl_multi_info_read(r->multi, &left))) {
			if (m->msg != CURLMSG_DONE) continue;
			struct task *k = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&k);
			CURLcode rc = m->data.result;
			if (k) on_transfer_done(r, k, rc);
			progressed = 1;
		}
		limiter_sync(r);
		if (progressed || r->ndone >= r->n) continue;
		int live = 0;
		for (int i = 0; i < r->nt; i++) live += r->t[i]->st != T_DONE && r->p[r->t[i]->probe].st != P_DONE;
		if (!live) { /* only probes waiting for one that will never come: end them */
			for (int i = 0; i < r->n; i++)
				if (r->p[i].st == P_WAITING) finish(r, i, 0, fmt("its dependency was not fetched"), NULL);
			continue;
		}
		double left_ms = r->deadline - now_ms();
		if (wait > left_ms) wait = left_ms > 0 ? (long)left_ms + 1 : 0;
		if (wait > 0) curl_multi_poll(r->multi, NULL, 0, (int)wait, NULL);
	}
	for (int i = 0; i < r->nt; i++) /* stopped early: nothing of this run flies any more */
		if (r->t[i]->in_multi) {
			curl_multi_remove_handle(r->multi, r->t[i]->x.easy);
			r->t[i]->in_multi = 0;
		}
	limiter_sync(r);
	pthread_mutex_lock(&r->mu);
	r->finished = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	ssize_t w;
	do w = write(r->fd[1], "f", 1);
	while (w < 0 && errno == EINTR);
	return NULL;
}

/* --- setup ------------------------------------------------------------------------------------ */

/* Mark def i and, recursively, the probes it needs. */
static void want_with_parents(const struct probe_def *defs, int i, char *want)
{
	want[i] = 1;
	const struct probe_def *par = defs[i].parent ? probe_find(defs[i].parent) : NULL;
	if (par && !want[par - defs]) want_with_parents(defs, (int)(par - defs), want);
}

static void conn_init(struct conn *c, const struct ws_config *cfg, const struct probe_run_opts *o,
		      const atomic_int *cancel)
{
	wsconfig_copy(&c->cfg, cfg);
	c->http.cancel = cancel; /* a token request under way stops with the run */
	c->http.connect_timeout_ms = o->connect_timeout_ms;
	c->http.timeout_ms = o->timeout_ms;
	c->ua = http_user_agent(wsconfig_auth_name(cfg->auth), NULL);
	c->http.user_agent = c->ua;
	auth_init(&c->auth, &c->cfg, &c->http);
}

static void conn_free(struct conn *c)
{
	if (!c->cfg.host) return;
	auth_free(&c->auth);
	wsconfig_free(&c->cfg);
	free(c->auth_error);
	free(c->ua);
}

static void defaults(struct probe_run_opts *o)
{
	if (o->since_days <= 0) o->since_days = 30;
	if (o->since_days > 3650) o->since_days = 3650;
	if (!o->customer_tag || !*o->customer_tag) o->customer_tag = "customer_id";
	const char *jobs = getenv("PWAF_JOBS");
	if (o->max_conns <= 0 && jobs && atoi(jobs) > 0) o->max_conns = atoi(jobs);
	if (o->max_conns <= 0) o->max_conns = 8;
	if (o->max_conns > 32) o->max_conns = 32;
	const char *rl = getenv("DATABRICKS_RATE_LIMIT");
	if (o->rate_limit <= 0 && rl && atof(rl) > 0) o->rate_limit = atof(rl);
	if (!(o->rate_limit > 0)) o->rate_limit = 15;
	if (o->rate_limit > 10000) o->rate_limit = 10000;
	if (o->max_pages <= 0) o->max_pages = 1000;
	if (o->max_retries <= 0) o->max_retries = 6;
	if (o->max_retry_wait_ms <= 0) o->max_retry_wait_ms = 60000;
	if (o->deadline_ms <= 0) o->deadline_ms = 300000;
	if (o->max_objects <= 0) o->max_objects = 100000;
	if (o->max_bytes <= 0) o->max_bytes = 512L << 20;
}

struct probe_run *probe_run_start(const struct ws_config *cfg, const char *const *names, struct snapshot *snap,
				  const struct probe_run_opts *opts, char *err, size_t errlen)
{
	if (curl_lazy_load(err, errlen) < 0) return NULL;
	const struct probe_def *defs = probe_defs();
	int ndefs = 0;
	while (defs[ndefs].name) ndefs++;
	char *want = xcalloc((size_t)ndefs, 1);
	int any = 0;
	for (int i = 0; names && names[i]; i++) {
		const struct probe_def *d = probe_find(names[i]);
		if (!d) {
			snprintf(err, errlen, "unknown probe '%s' (known: %s)", names[i], probe_names());
			free(want);
			return NULL;
		}
		want_with_parents(defs, (int)(d - defs), want);
		any = 1;
	}
	struct probe_run *r = xcalloc(1, sizeof *r);
	r->snap = snap;
	if (opts) r->o = *opts;
	defaults(&r->o);
	r->deadline = now_ms() + (double)r->o.deadline_ms;
	conn_init(&r->ws, cfg, &r->o, &r->cancel);
	if (r->o.account) conn_init(&r->acct, r->o.account, &r->o, &r->cancel);
	r->seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	r->fd[0] = r->fd[1] = -1;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->p = xcalloc((size_t)ndefs, sizeof *r->p);
	int *map = xcalloc((size_t)ndefs, sizeof *map);
	for (int i = 0; i < ndefs; i++) {
		map[i] = -1;
		if (any && !want[i]) continue;
		map[i] = r->n;
		r->p[r->n].def = &defs[i];
		r->p[r->n].parent = -1;
		r->p[r->n].st = P_WAITING;
		r->n++;
	}
	for (int i = 0; i < r->n; i++) {
		const struct probe_def *par = r->p[i].def->parent ? probe_find(r->p[i].def->parent) : NULL;
		if (par) r->p[i].parent = map[par - defs];
		else add_task(r, i, NULL);
	}
	free(map);
	free(want);
	r->multi = curl_multi_init();
	if (!r->multi || pipe(r->fd) != 0) {
		snprintf(err, errlen, "cannot start the probes: %s", strerror(errno));
		probe_run_free(r);
		return NULL;
	}
	fcntl(r->fd[0], F_SETFL, fcntl(r->fd[0], F_GETFL) | O_NONBLOCK);
	fcntl(r->fd[0], F_SETFD, FD_CLOEXEC);
	fcntl(r->fd[1], F_SETFD, FD_CLOEXEC);
	curl_multi_setopt(r->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)r->o.max_conns);
	curl_multi_setopt(r->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)r->o.max_conns);
	if (pthread_create(&r->thr, NULL, worker, r) != 0) {
		snprintf(err, errlen, "cannot start the probe thread");
		probe_run_free(r);
		return NULL;
	}
	r->thr_started = 1;
	return r;
}

int probe_run_fd(struct probe_run *r)
{
	return r->fd[0];
}

int probe_run_poll(struct probe_run *r, struct probe_event *ev)
{
	memset(ev, 0, sizeof *ev);
	pthread_mutex_lock(&r->mu);
	struct evnode *e = r->head;
	if (e) {
		r->head = e->next;
		if (!r->head) r->tail = NULL;
	}
	int fin = r->finished;
	pthread_mutex_unlock(&r->mu);
	if (!e) return fin ? -1 : 0;
	char c;
	ssize_t n;
	do n = read(r->fd[0], &c, 1);
	while (n < 0 && errno == EINTR);
	*ev = e->ev;
	free(e);
	return 1;
}

void probe_run_cancel(struct probe_run *r)
{
	atomic_store(&r->cancel, 1);
	if (r->multi) curl_multi_wakeup(r->multi);
}

void probe_run_wait(struct probe_run *r)
{
	if (!r->thr_started) return;
	pthread_mutex_lock(&r->mu);
	while (!r->finished) pthread_cond_wait(&r->cv, &r->mu);
	pthread_mutex_unlock(&r->mu);
}

void probe_run_progress(struct probe_run *r, int *done, int *total)
{
	*done = r->ndone;
	*total = r->n;
}

int probe_run_trouble(struct probe_run *r, char *buf, size_t n, int *retrying)
{
	pthread_mutex_lock(&r->mu);
	int any = r->trouble[0] != 0;
	snprintf(buf, n, "%s", r->trouble);
	if (retrying) *retrying = r->trouble_retrying;
	pthread_mutex_unlock(&r->mu);
	return any;
}

long probe_run_requests(struct probe_run *r)
{
	return r->requests;
}

void probe_run_free(struct probe_run *r)
{
	if (!r) return;
	if (r->thr_started) pthread_join(r->thr, NULL);
	for (int i = 0; i < r->nt; i++) {
		release(r, r->t[i]);
		free(r->t[i]->token);
		free(r->t[i]->key);
		free(r->t[i]->path);
		free(r->t[i]->stmt_id);
		cJSON_Delete(r->t[i]->columns);
		free(r->t[i]);
	}
	free(r->t);
	for (int i = 0; i < r->n; i++) {
		free(r->p[i].error);
		free(r->p[i].error_code);
	}
	free(r->p);
	for (struct evnode *e = r->head, *nx; e; e = nx) {
		nx = e->next;
		probe_event_free(&e->ev);
		free(e);
	}
	if (r->multi) curl_multi_cleanup(r->multi);
	conn_free(&r->ws);
	conn_free(&r->acct);
	free(r->warehouse);
	free(r->warehouse_error);
	if (r->fd[0] >= 0) close(r->fd[0]);
	if (r->fd[1] >= 0) close(r->fd[1]);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	free(r);
}

void probe_event_free(struct probe_event *ev)
{
	free(ev->error);
	ev->error = NULL;
}

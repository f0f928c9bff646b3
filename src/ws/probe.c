/* probe.c - the probe engine: libcurl multi in a thread, paging, retries, events through a pipe. */
#include "probe.h"

#include "auth.h"
#include "buf.h"
#include "http.h"
#include "probes.h"

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

enum pstate { P_WAITING, P_READY, P_RUNNING, P_BACKOFF, P_DONE };

struct pstate_s {
	const struct probe_def *def;
	enum pstate st;
	int dep;                    /* index of the probe this one needs first, or -1 */
	char *token;                /* next page token */
	long scim_start;            /* next SCIM startIndex */
	long offset;                /* next offset (PAGING_OFFSET) */
	int pages, attempt;
	long count, waited_ms, status;
	double next_at;             /* P_BACKOFF: monotonic ms when to retry */
	char *error;
	char *path;                 /* the path with {metastore_id} filled */
	struct http_xfer x;
	int in_multi;
	char fetched_at[32];
};

struct evnode {
	struct probe_event ev;
	struct evnode *next;
};

struct probe_run {
	struct ws_config cfg;       /* deep copy */
	struct snapshot *snap;
	struct probe_run_opts o;
	struct http_opts http;
	char *ua;
	struct pstate_s *p;
	int n;
	_Atomic int ndone;
	char *metastore_id;
	struct auth auth;
	char *auth_error;           /* set once getting a token failed: every later probe fails alike */
	long auth_status;
	CURLM *multi;
	pthread_t thr;
	int thr_started;
	atomic_int cancel;
	unsigned seed;

	pthread_mutex_t mu;         /* guards the queue and finished */
	pthread_cond_t cv;
	struct evnode *head, *tail;
	int finished;
	int fd[2];
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static void push_event(struct probe_run *r, struct pstate_s *p)
{
	struct evnode *e = xcalloc(1, sizeof *e);
	snprintf(e->ev.name, sizeof e->ev.name, "%s", p->def->name);
	e->ev.status = p->status;
	e->ev.count = p->count;
	e->ev.error = p->error ? xstrdup(p->error) : NULL;
	pthread_mutex_lock(&r->mu);
	if (r->tail) r->tail->next = e;
	else r->head = e;
	r->tail = e;
	pthread_mutex_unlock(&r->mu);
	ssize_t w;
	do w = write(r->fd[1], "e", 1);
	while (w < 0 && errno == EINTR);
}

/* Finish a probe: record the fetch in the snapshot and queue the event. */
static void finish(struct probe_run *r, struct pstate_s *p, long status, char *error)
{
	if (p->st == P_DONE) {
		free(error);
		return;
	}
	p->status = status;
	free(p->error);
	p->error = error;
	p->st = P_DONE;
	if (!p->fetched_at[0]) snapshot_now(p->fetched_at);
	snapshot_finish(r->snap, p->def->name, p->path ? p->path : p->def->path, status, error, p->count, p->fetched_at);
	r->ndone++;
	push_event(r, p);
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	struct buf b = BUF_INIT;
	char tmp[1024];
	va_list ap;
	va_start(ap, f);
	vsnprintf(tmp, sizeof tmp, f, ap);
	va_end(ap);
	buf_adds(&b, tmp);
	return buf_take(&b);
}

/* The URL of the probe's next page. */
static char *page_url(struct probe_run *r, struct pstate_s *p)
{
	struct buf u = BUF_INIT;
	buf_addf(&u, "%s%s", r->cfg.host, p->path);
	char sep = strchr(p->path, '?') ? '&' : '?';
	switch (p->def->paging) {
	case PAGING_TOKEN:
		if (p->token) {
			char *esc = curl_easy_escape(NULL, p->token, 0);
			buf_addf(&u, "%cpage_token=%s", sep, esc ? esc : "");
			curl_free(esc);
		}
		break;
	case PAGING_SCIM:
		buf_addf(&u, "%cstartIndex=%ld&count=100", sep, p->scim_start);
		break;
	case PAGING_OFFSET:
		buf_addf(&u, "%coffset=%ld", sep, p->offset);
		break;
	case PAGING_NONE:
		break;
	}
	return buf_take(&u);
}


static int count_running(const struct probe_run *r)
{
	int n = 0;
	for (int i = 0; i < r->n; i++) n += r->p[i].st == P_RUNNING;
	return n;
}

static void done_err(struct probe_run *r, struct pstate_s *p, long status, char *error);

static void start_probe(struct probe_run *r, struct pstate_s *p)
{
	if (!r->auth_error) {
		char err[600];
		long status = 0;
		const char *tok = auth_token(&r->auth, err, sizeof err, &status);
		if (!tok) {
			r->auth_error = fmt("%s", err);
			r->auth_status = status;
		} else {
			if (p->pages == 0 && p->attempt == 0) {
				snapshot_begin(r->snap, p->def->name);
				snapshot_now(p->fetched_at);
			}
			char *url = page_url(r, p);
			int ok = http_xfer_init(&p->x, &r->http, url, tok, NULL, NULL, NULL) == 0;
			free(url);
			if (ok) {
				curl_easy_setopt(p->x.easy, CURLOPT_PRIVATE, p);
				if (curl_multi_add_handle(r->multi, p->x.easy) == CURLM_OK) {
					p->in_multi = 1;
					p->st = P_RUNNING;
					return;
				}
			}
			http_xfer_cleanup(&p->x);
			done_err(r, p, 0, fmt("cannot start a request (out of memory?)"));
			return;
		}
	}
	done_err(r, p, r->auth_status, fmt("cannot authenticate: %s", r->auth_error));
}

static void release(struct probe_run *r, struct pstate_s *p)
{
	if (p->in_multi) curl_multi_remove_handle(r->multi, p->x.easy);
	p->in_multi = 0;
	http_xfer_cleanup(&p->x);
}

/* The probes waiting for p can go now (or fail, when p failed). */
static void release_dependents(struct probe_run *r, struct pstate_s *p)
{
	int idx = (int)(p - r->p);
	for (int i = 0; i < r->n; i++) {
		struct pstate_s *q = &r->p[i];
		if (q->dep != idx || q->st != P_WAITING) continue;
		if (p->error) {
			finish(r, q, p->status, fmt("needs the metastore id, but reading the %s failed: %s", p->def->what,
						    p->error));
		} else if (!r->metastore_id) {
			finish(r, q, 404, fmt("no Unity Catalog metastore is assigned to this workspace"));
		} else {
			struct buf b = BUF_INIT;
			const char *m = strstr(q->def->path, "{metastore_id}");
			char *esc = curl_easy_escape(NULL, r->metastore_id, 0);
			if (m) {
				buf_add(&b, q->def->path, (size_t)(m - q->def->path));
				buf_adds(&b, esc ? esc : "");
				buf_adds(&b, m + strlen("{metastore_id}"));
			} else {
				buf_adds(&b, q->def->path);
			}
			curl_free(esc);
			free(q->path);
			q->path = buf_take(&b);
			q->st = P_READY;
		}
	}
}

static void done_ok(struct probe_run *r, struct pstate_s *p, long status)
{
	finish(r, p, status, NULL);
	release_dependents(r, p);
}

static void done_err(struct probe_run *r, struct pstate_s *p, long status, char *error)
{
	finish(r, p, status, error);
	release_dependents(r, p);
}

/* Store one page; decide between the next page and the end. */
static void on_page(struct probe_run *r, struct pstate_s *p, cJSON *j, long status)
{
	const struct probe_def *d = p->def;
	long got = 0;
	if (d->array_key) {
		const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, d->array_key);
		if (arr && !cJSON_IsNull(arr) && !cJSON_IsArray(arr)) {
			done_err(r, p, status, fmt("the response's \"%s\" is not a list", d->array_key));
			return;
		}
		if (cJSON_IsArray(arr)) {
			int n = snapshot_add(r->snap, d->name, arr, 0, d->id_key, p->fetched_at, status);
			if (n < 0) {
				done_err(r, p, status, fmt("cannot store the %s in the snapshot", d->what));
				return;
			}
			got = n;
		}
	} else {
		if (snapshot_add(r->snap, d->name, j, 1, d->id_key, p->fetched_at, status) < 0) {
			done_err(r, p, status, fmt("cannot store the %s in the snapshot", d->what));
			return;
		}
		got = 1;
		if (strcmp(d->name, "metastore-assignment") == 0) {
			const char *m = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "metastore_id"));
			if (m && *m && !r->metastore_id) r->metastore_id = xstrdup(m);
		}
	}
	p->count += got;
	p->pages++;
	p->attempt = 0;
	p->waited_ms = 0;
	int more = 0;
	switch (d->paging) {
	case PAGING_TOKEN: {
		const char *nt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "next_page_token"));
		if (nt && *nt) {
			if (p->token && strcmp(p->token, nt) == 0) {
				done_err(r, p, status, fmt("the server sent the same page token twice; stopped after %d pages",
							   p->pages));
				return;
			}
			free(p->token);
			p->token = xstrdup(nt);
			more = 1;
		}
		break;
	}
	case PAGING_SCIM: {
		const cJSON *tr = cJSON_GetObjectItemCaseSensitive(j, "totalResults");
		p->scim_start += got;
		more = got > 0 && cJSON_IsNumber(tr) && p->scim_start <= (long)tr->valuedouble;
		break;
	}
	case PAGING_OFFSET: {
		const cJSON *hm = cJSON_GetObjectItemCaseSensitive(j, "has_more");
		p->offset += got;
		more = got > 0 && cJSON_IsTrue(hm);
		break;
	}
	case PAGING_NONE:
		break;
	}
	if (!more) {
		done_ok(r, p, status);
	} else if (p->pages >= r->o.max_pages) {
		done_err(r, p, status, fmt("stopped after %d pages (%ld %s so far): the page limit", p->pages, p->count, d->what));
	} else {
		p->st = P_READY;
	}
}

static void on_transfer_done(struct probe_run *r, struct pstate_s *p, CURLcode rc)
{
	if (p->in_multi) curl_multi_remove_handle(r->multi, p->x.easy);
	p->in_multi = 0;
	char *msg = NULL;
	cJSON *j = http_xfer_result(&p->x, rc, r->cfg.host, &msg);
	long status = p->x.status;
	if (!j && http_retryable(&p->x, rc)) {
		long delay = http_retry_delay_ms(p->attempt + 1, p->x.retry_after, &r->seed);
		if (p->attempt < r->o.max_retries && p->waited_ms + delay <= r->o.max_retry_wait_ms) {
			p->attempt++;
			p->waited_ms += delay;
			p->next_at = now_ms() + (double)delay;
			p->st = P_BACKOFF;
			free(msg);
			http_xfer_cleanup(&p->x);
			return;
		}
		char *m2 = fmt("%s (gave up after %d retries, %.1f s of waiting)", msg, p->attempt, p->waited_ms / 1000.0);
		free(msg);
		msg = m2;
	}
	http_xfer_cleanup(&p->x);
	p->st = P_RUNNING; /* until decided below */
	if (!j) {
		done_err(r, p, status, msg);
		return;
	}
	on_page(r, p, j, status);
	cJSON_Delete(j);
}

static void *worker(void *arg)
{
	struct probe_run *r = arg;
	while (r->ndone < r->n) {
		if (atomic_load(&r->cancel)) {
			for (int i = 0; i < r->n; i++) {
				struct pstate_s *p = &r->p[i];
				if (p->st == P_DONE) continue;
				release(r, p);
				finish(r, p, 0, fmt("cancelled"));
			}
			break;
		}
		double t = now_ms();
		long wait = 1000;
		for (int i = 0; i < r->n; i++)
			if (r->p[i].st == P_BACKOFF && r->p[i].next_at <= t) r->p[i].st = P_READY;
		int active = count_running(r);
		for (int i = 0; i < r->n && active < r->o.max_conns; i++) {
			if (r->p[i].st != P_READY) continue;
			start_probe(r, &r->p[i]);
			if (r->p[i].st == P_RUNNING) active++;
		}
		int still = 0;
		curl_multi_perform(r->multi, &still);
		CURLMsg *m;
		int left;
		int progressed = 0;
		while ((m = curl_multi_info_read(r->multi, &left))) {
			if (m->msg != CURLMSG_DONE) continue;
			struct pstate_s *p = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&p);
			CURLcode rc = m->data.result;
			if (p) on_transfer_done(r, p, rc);
			progressed = 1;
		}
		if (progressed) continue;
		int live = 0;
		for (int i = 0; i < r->n; i++) live += r->p[i].st == P_READY || r->p[i].st == P_RUNNING || r->p[i].st == P_BACKOFF;
		if (!live) { /* only probes waiting for one that will never come: end them */
			for (int i = 0; i < r->n; i++)
				if (r->p[i].st == P_WAITING) finish(r, &r->p[i], 0, fmt("its dependency was not fetched"));
			continue;
		}
		for (int i = 0; i < r->n; i++) {
			const struct pstate_s *p = &r->p[i];
			if (p->st == P_READY && active < r->o.max_conns) wait = 0;
			if (p->st == P_BACKOFF) {
				long d = (long)(p->next_at - t);
				if (d < wait) wait = d < 0 ? 0 : d;
			}
		}
		if (r->ndone >= r->n) break;
		if (wait > 0) curl_multi_poll(r->multi, NULL, 0, (int)wait, NULL);
	}
	pthread_mutex_lock(&r->mu);
	r->finished = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	ssize_t w;
	do w = write(r->fd[1], "f", 1);
	while (w < 0 && errno == EINTR);
	return NULL;
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
		want[d - defs] = 1;
		any = 1;
	}
	int ms = -1, need_ms = 0;
	for (int i = 0; i < ndefs; i++) {
		if (!any) want[i] = 1;
		if (strcmp(defs[i].name, "metastore-assignment") == 0) ms = i;
		if (want[i] && strstr(defs[i].path, "{metastore_id}")) need_ms = 1;
	}
	if (need_ms && ms >= 0) want[ms] = 1;

	struct probe_run *r = xcalloc(1, sizeof *r);
	wsconfig_copy(&r->cfg, cfg);
	r->snap = snap;
	if (opts) r->o = *opts;
	const char *jobs = getenv("PWAF_JOBS");
	if (r->o.max_conns <= 0 && jobs && atoi(jobs) > 0) r->o.max_conns = atoi(jobs);
	if (r->o.max_conns <= 0) r->o.max_conns = 8;
	if (r->o.max_conns > 32) r->o.max_conns = 32;
	if (r->o.max_pages <= 0) r->o.max_pages = 1000;
	if (r->o.max_retries <= 0) r->o.max_retries = 5;
	if (r->o.max_retry_wait_ms <= 0) r->o.max_retry_wait_ms = 60000;
	r->http.connect_timeout_ms = r->o.connect_timeout_ms;
	r->http.timeout_ms = r->o.timeout_ms;
	r->ua = http_user_agent(wsconfig_auth_name(cfg->auth), NULL);
	r->http.user_agent = r->ua;
	auth_init(&r->auth, &r->cfg, &r->http);
	r->seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	r->fd[0] = r->fd[1] = -1;
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	r->p = xcalloc((size_t)ndefs, sizeof *r->p);
	int map_ms = -1;
	for (int i = 0; i < ndefs; i++) {
		if (!want[i]) continue;
		struct pstate_s *p = &r->p[r->n];
		p->def = &defs[i];
		p->dep = -1;
		p->scim_start = 1;
		p->path = xstrdup(defs[i].path);
		p->st = P_READY;
		if (i == ms) map_ms = r->n;
		r->n++;
	}
	for (int i = 0; i < r->n; i++)
		if (map_ms >= 0 && strstr(r->p[i].def->path, "{metastore_id}")) {
			r->p[i].dep = map_ms;
			r->p[i].st = P_WAITING;
		}
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

void probe_run_free(struct probe_run *r)
{
	if (!r) return;
	if (r->thr_started) pthread_join(r->thr, NULL);
	for (int i = 0; i < r->n; i++) {
		release(r, &r->p[i]);
		free(r->p[i].token);
		free(r->p[i].error);
		free(r->p[i].path);
	}
	free(r->p);
	for (struct evnode *e = r->head, *nx; e; e = nx) {
		nx = e->next;
		probe_event_free(&e->ev);
		free(e);
	}
	if (r->multi) curl_multi_cleanup(r->multi);
	auth_free(&r->auth);
	wsconfig_free(&r->cfg);
	free(r->metastore_id);
	free(r->auth_error);
	free(r->ua);
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

/* live.c - live status for a UI: keep a snapshot, fetch in the background, re-run the checks. */
#include "ws/live.h"
#include "core/errlen.h"

#include "core/buf.h"
#include "ws/livesource.h"
#include "ws/probe.h"
#include "ws/snapshot.h"
#include "ws/wsconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct live {
	struct cdb *db;
	struct live_opts o;
	struct snapshot *snap;      /* src.snap once a source is open */
	struct probe_run *run;
	struct livesource src;      /* demo, saved snapshot or workspace (kind SOURCE_NONE: not open) */
	struct livesource_identity id;
	struct config conf;         /* holds the identity's strings */
	int have_src;
	struct check_results res;
	char **pending;           /* probes still being fetched (NULL-terminated) */
	char summary[224];
	char message[512];
	char failure[160];        /* live_failure: set when the workspace could not be read */
	char trouble[160];        /* while fetching: the host cannot be reached now (probe_run_trouble) */
	int retrying;             /* ... and the request is to be tried again */
	int events, conn_failed;  /* probes finished in this run, and those that got no HTTP answer */
	time_t checked_at;
};

static void set_msg(struct live *l, const char *msg)
{
	msg_set(l->message, sizeof l->message, "%s", msg);
}

static void recheck(struct live *l)
{
	check_results_free(&l->res);
	memset(&l->res, 0, sizeof l->res);
	if (!l->snap) return;
	char err[PWAF_ERRLEN];
	if (checks_run(l->db, l->snap, NULL, NULL, &l->res, err, sizeof err) < 0) set_msg(l, err);
	l->checked_at = time(NULL);
}

static void free_pending(struct live *l)
{
	checks_free_names(l->pending);
	l->pending = NULL;
}

/* Open the source once (its warning or error becomes the message). 1 when open. */
static int open_source(struct live *l)
{
	if (l->have_src) return 1;
	char err[PWAF_ERRLEN];
	struct livesource_spec spec = { .demo = l->o.demo, .demo_json = l->o.demo_json, .demo_len = l->o.demo_len,
					.snapshot = l->o.snapshot, .profile = l->o.profile, .host = l->o.host };
	if (livesource_identity_load(&l->id, &l->conf, err, sizeof err) < 0 ||
	    livesource_open(&spec, &l->id, &l->src, err, sizeof err) < 0) {
		set_msg(l, err);
		livesource_close(&l->src);
		return 0;
	}
	l->have_src = 1;
	l->snap = l->src.snap;
	if (l->src.warning[0]) set_msg(l, l->src.warning);
	return 1;
}

static void start_fetch(struct live *l)
{
	char err[PWAF_ERRLEN];
	if (!open_source(l)) {
		if (!l->o.demo && !l->o.snapshot) snprintf(l->failure, sizeof l->failure, "not configured");
		return;
	}
	if (l->src.kind != SOURCE_WORKSPACE) return;
	if (l->run) { probe_run_cancel(l->run); probe_run_free(l->run); l->run = NULL; }
	free_pending(l);
	l->pending = checks_probes_needed(l->db, NULL, NULL);
	l->events = l->conn_failed = 0;
	l->trouble[0] = '\0';
	struct probe_run_opts po = { 0 };
	livesource_probe_opts(&l->src, &l->id, &po);
	l->run = probe_run_start(&l->src.cfg, (const char *const *)l->pending, l->snap, &po, err, sizeof err);
	if (!l->run) { set_msg(l, err); free_pending(l); snprintf(l->failure, sizeof l->failure, "cannot start"); }
}

struct live *live_new(struct cdb *db, const struct live_opts *o)
{
	struct live *l = xcalloc(1, sizeof *l);
	l->db = db;
	l->o = *o;
	if (o->demo || o->snapshot) {
		open_source(l);
		recheck(l);
	} else if (o->autostart) {
		start_fetch(l);
	}
	return l;
}

void live_free(struct live *l)
{
	if (!l) return;
	if (l->run) { probe_run_cancel(l->run); probe_run_free(l->run); }
	check_results_free(&l->res);
	free_pending(l);
	livesource_close(&l->src); /* closes l->snap */
	config_free(&l->conf);
	free(l);
}

static void drop_pending(struct live *l, const char *name)
{
	if (!l->pending) return;
	size_t j = 0;
	for (size_t i = 0; l->pending[i]; i++) {
		if (strcmp(l->pending[i], name) == 0) free(l->pending[i]);
		else l->pending[j++] = l->pending[i];
	}
	l->pending[j] = NULL;
}

/* The credentials refused (current-user answers 401 or 403, as pwaf check reads it), or no answer. */
static void note_failure(struct live *l, const struct probe_event *ev)
{
	if (ev->error && strcmp(ev->code, PROBE_CODE_NO_ACCOUNT) == 0) return;   /* not the workspace's fault */
	l->events++;
	if (ev->error && ev->status == 0) l->conn_failed++;
	if (strcmp(ev->name, "current-user") == 0 && ev->error && ev->status == 0 && !l->message[0])
		set_msg(l, ev->error);   /* the whole story of a host that cannot be reached */
	if (strcmp(ev->name, "current-user") == 0 && ev->error && (ev->status == 401 || ev->status == 403)) {
		set_msg(l, ev->error);
		snprintf(l->failure, sizeof l->failure, "%ld %s", ev->status,
			 ev->code[0] ? ev->code : ev->status == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED");
	}
}

int live_poll(struct live *l)
{
	if (!l->run) return 0;
	struct probe_event ev;
	int changed = 0, rc;
	probe_run_trouble(l->run, l->trouble, sizeof l->trouble, &l->retrying);
	while ((rc = probe_run_poll(l->run, &ev)) == 1) {
		drop_pending(l, ev.name);
		if (ev.error && ev.status == 401) set_msg(l, ev.error);
		note_failure(l, &ev);
		probe_event_free(&ev);
		changed = 1;
	}
	if (rc < 0) {
		/* as pwaf check decides it could not connect: every probe without an HTTP answer */
		if (l->events && l->conn_failed == l->events && !l->failure[0]) {
			probe_run_trouble(l->run, l->trouble, sizeof l->trouble, NULL);
			snprintf(l->failure, sizeof l->failure, "%s", l->trouble[0] ? l->trouble : "cannot connect");
		}
		l->trouble[0] = '\0';
		probe_run_free(l->run);
		l->run = NULL;
		free_pending(l);
		changed = 1;
	}
	if (changed) recheck(l);
	return changed;
}

int live_fd(struct live *l)
{
	return l->run ? probe_run_fd(l->run) : -1;
}

void live_refresh(struct live *l)
{
	l->message[0] = '\0';
	l->failure[0] = '\0';
	if (l->o.demo || l->o.snapshot) { recheck(l); return; }
	start_fetch(l);
}

const struct check_result *live_result(const struct live *l, const char *item)
{
	for (size_t i = 0; i < l->res.n; i++)
		if (strcasecmp(l->res.v[i].item, item) == 0) return &l->res.v[i];
	return NULL;
}

int live_checking(const struct live *l, const struct doc *d)
{
	if (!l->run || !l->pending) return 0;
	for (char **p = d->probes; p && *p; p++)
		for (char **q = l->pending; *q; q++)
			if (strcmp(*p, *q) == 0) return 1;
	return 0;
}

const char *live_summary(const struct live *l)
{
	struct live *m = (struct live *)l;
	if (l->failure[0]) {
		snprintf(m->summary, sizeof m->summary, "live: %s", l->failure);
	} else if (l->run && l->trouble[0]) {
		snprintf(m->summary, sizeof m->summary, "live: %s%s", l->trouble,
			 l->retrying ? ", retrying…" : "");
	} else if (l->run) {
		int done = 0, total = 0;
		probe_run_progress(l->run, &done, &total);
		snprintf(m->summary, sizeof m->summary, "checking… %d/%d", done, total);
	} else if (!l->snap) {
		snprintf(m->summary, sizeof m->summary, "no workspace (r: fetch, --demo)");
	} else {
		char when[16] = "";
		struct tm tm;
		if (l->checked_at && localtime_r(&l->checked_at, &tm)) strftime(when, sizeof when, " %H:%M", &tm);
		const char *src = snapshot_source(l->snap);
		snprintf(m->summary, sizeof m->summary, "%s%s · %d fail", strcmp(src, "demo") == 0 ? "demo workspace" :
			 strcmp(src, "file") == 0 ? "snapshot" : "live", when, l->res.count[CHECK_FAIL]);
	}
	return l->summary;
}

const char *live_message(const struct live *l)
{
	return l->message;
}

int live_active(const struct live *l)
{
	return l->snap != NULL || l->run != NULL;
}

const char *live_failure(const struct live *l)
{
	return l->failure[0] || !l->run ? l->failure : l->trouble;
}

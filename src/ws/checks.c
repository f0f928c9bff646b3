/* checks.c - the status of each checklist item, from its check SQL and what the probes fetched. */
#include "ws/checks.h"
#include "core/errlen.h"

#include "core/buf.h"
#include "ws/http.h"
#include "core/probes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void set(struct check_result *out, enum check_status s, char *evidence)
{
	out->status = s;
	free(out->evidence);
	out->evidence = http_safe_text(evidence, strlen(evidence), 4000);
	free(evidence);
}

static char *str(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *str(const char *f, ...)
{
	char tmp[4096];
	va_list ap;
	va_start(ap, f);
	vsnprintf(tmp, sizeof tmp, f, ap);
	va_end(ap);
	return xstrdup(tmp);
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

/* How often (in virtual machine steps) a check looks at its deadline. */
#define PROGRESS_OPS 10

static int on_progress(void *arg)
{
	return now_ms() > *(double *)arg;
}

/* Set while this thread compiles or runs a check's SQL (it holds the snapshot's mutex then). */
static _Thread_local int checking;

/* While checking: only reads of the snapshot's tables and pure functions: no ATTACH, PRAGMA or
 * writes. Set once on a snapshot (snapshot_set_authorizer) and left there; pwaf's own statements,
 * compiled at other times, are allowed. */
static int authorize(void *ud, int op, const char *a, const char *b, const char *db, const char *trigger)
{
	if (!checking) return SQLITE_OK;
	switch (op) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_UPDATE: /* table-valued functions (json_each) declare their schema this way */
		return a && strcmp(a, "sqlite_master") == 0 ? SQLITE_OK : SQLITE_DENY;
	}
	return SQLITE_DENY;
}

/* The fetch row of a probe: status, error and error_code (NULL before snapshot schema 2). Kept
 * with the snapshot (snapshot_prepare), as every statement here: a run of a hundred checks
 * compiles each once. */
static sqlite3_stmt *fetch_stmt(struct snapshot *snap)
{
	sqlite3_stmt *st = NULL;
	if (snapshot_prepare(snap, "SELECT status, error, error_code FROM fetches WHERE endpoint = ?1", &st, NULL) ==
	    SQLITE_OK)
		return st;
	snapshot_prepare(snap, "SELECT status, error, NULL FROM fetches WHERE endpoint = ?1", &st, NULL);
	return st;
}

/* Returns 1 (and sets out) when a probe of the item stops the check. */
static int probes_block(struct snapshot *snap, const struct doc *d, struct check_result *out)
{
	sqlite3 *db = snapshot_db(snap);
	sqlite3_stmt *st = fetch_stmt(snap);
	if (!st) {
		set(out, CHECK_ERROR, str("the snapshot cannot be read: %s", sqlite3_errmsg(db)));
		return 1;
	}
	int blocked = 0;
	for (char **p = d->probes; p && *p && !blocked; p++) {
		const struct probe_def *def = probe_find(*p);
		const char *what = def ? def->what : *p;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, *p, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			set(out, CHECK_UNKNOWN, str("not fetched: %s (probe %s)", what, *p));
			blocked = 1;
			break;
		}
		long status = sqlite3_column_int64(st, 0);
		const char *err = (const char *)sqlite3_column_text(st, 1);
		const char *code = (const char *)sqlite3_column_text(st, 2);
		if (!err) continue; /* a complete answer, empty ones and expected 404s included */
		blocked = 1;
		if (code && strcmp(code, PROBE_CODE_LIMIT) == 0)
			set(out, CHECK_UNKNOWN, str("%s: %s", what, err));
		else if (code && strcmp(code, PROBE_CODE_DISABLED) == 0)
			set(out, CHECK_UNKNOWN, str("%s: not enabled in this workspace", what));
		else if (code && (strcmp(code, PROBE_CODE_NO_WAREHOUSE) == 0 || strcmp(code, PROBE_CODE_NO_ACCOUNT) == 0))
			set(out, CHECK_UNKNOWN, str("%s: %s", what, err));
		else if (def && def->kind == PROBE_SQL && (status == 401 || status == 403))
			set(out, CHECK_UNKNOWN, str("no permission to read %s (needs USE CATALOG on system, USE SCHEMA on %.*s "
						    "and SELECT on %s, and the schema enabled): %s", def->system_table,
						    (int)(strrchr(def->system_table, '.') - def->system_table), def->system_table,
						    def->system_table, err));
		else if (status == 401 || status == 403)
			set(out, CHECK_UNKNOWN, str("%s %s: %s", status == 403 ? "no permission to read" : "not authenticated to read",
						    what, err));
		else
			set(out, CHECK_ERROR, str("could not read %s: %s", what, err));
	}
	sqlite3_reset(st);
	return blocked;
}

/* 1 when the query's first column of its first row is a true value. */
static int sql_true(struct snapshot *snap, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int yes = snapshot_prepare(snap, sql, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
		  sqlite3_column_int(st, 0) != 0;
	if (st) sqlite3_reset(st);
	return yes;
}

/* Why a list of this scope may be partial for the caller of the snapshot, or NULL when it is
 * complete. The caller and its groups come from SCIM Me (current-user); the metastore's owner
 * from the metastore summary. */
static const char *partial_reason(struct snapshot *db, enum probe_scope scope)
{
	if (scope == SCOPE_ALL) return NULL;
	if (!sql_true(db, "SELECT count(*) FROM objects WHERE endpoint = 'current-user'"))
		return "the caller's groups were not read: the list may be partial";
	if (scope == SCOPE_CALLER)
		return sql_true(db, "SELECT count(*) FROM objects o, json_each(o.json, '$.groups') g"
				    " WHERE o.endpoint = 'current-user' AND g.value ->> '$.display' = 'admins'")
			       ? NULL
			       : "not an admin: the list may be partial";
	if (!sql_true(db, "SELECT count(*) FROM objects WHERE endpoint = 'metastore-summary'"))
		return "the metastore's owner was not read: the list may be partial";
	return sql_true(db, "SELECT count(*) FROM objects m, objects u WHERE m.endpoint = 'metastore-summary'"
			    " AND u.endpoint = 'current-user' AND (m.json ->> '$.owner' = u.json ->> '$.userName'"
			    " OR m.json ->> '$.owner' IN (SELECT g.value ->> '$.display' FROM json_each(u.json, '$.groups') g))")
		       ? NULL
		       : "not the metastore admin: the list may be partial";
}

/* A pass read from a list the caller may not fully see is not a pass. */
static void demote_partial(struct snapshot *db, const struct doc *d, struct check_result *out)
{
	if (out->status != CHECK_PASS) return;
	for (char **p = d->probes; p && *p; p++) {
		const struct probe_def *def = probe_find(*p);
		const char *why = def ? partial_reason(db, def->scope) : NULL;
		if (!why) continue;
		char *ev = out->evidence;
		out->evidence = NULL;
		set(out, CHECK_UNKNOWN, str("%s (%s) — would pass: %s", why, def->what, ev));
		free(ev);
		return;
	}
}

/* The caller holds the db mutex. The authorizer acts while the statement runs too: SQLite
 * recompiles a kept statement when the schema has changed, and the recompile must be checked. */
static void run_sql(struct snapshot *snap, const struct doc *d, long limit_ms, struct check_result *out)
{
	sqlite3 *db = snapshot_db(snap);
	snapshot_set_authorizer(snap, authorize);
	checking = 1;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	/* The deadline covers the prepare too; the handler runs every PROGRESS_OPS virtual machine
	 * steps, and no single step can run long: the snapshot's values are capped at
	 * SNAPSHOT_MAX_VALUE bytes (SQLITE_LIMIT_LENGTH), so no function builds more than that. */
	double deadline = now_ms() + (double)(limit_ms > 0 ? limit_ms : 2000);
	sqlite3_progress_handler(db, PROGRESS_OPS, on_progress, &deadline);
	int rc = snapshot_prepare(snap, d->check_sql, &st, &tail);
	if (rc != SQLITE_OK || !st) {
		checking = 0;
		sqlite3_progress_handler(db, 0, NULL, NULL);
		set(out, CHECK_ERROR, str("the check's SQL does not run: %s", rc != SQLITE_OK ? sqlite3_errmsg(db) : "empty"));
		return;
	}
	while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == '\r' || *tail == ';')) tail++;
	if ((tail && *tail) || !sqlite3_stmt_readonly(st) || sqlite3_column_count(st) < 2) {
		set(out, CHECK_ERROR, str("the check's SQL must be one read-only SELECT returning status and evidence"));
		checking = 0;
		sqlite3_progress_handler(db, 0, NULL, NULL);
		return;
	}
	rc = sqlite3_step(st);
	checking = 0;
	sqlite3_progress_handler(db, 0, NULL, NULL);
	if (rc == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		const char *ev = (const char *)sqlite3_column_text(st, 1);
		enum check_status cs = CHECK_NSTATUS;
		for (int i = 0; s && i < CHECK_NSTATUS; i++)
			if (i != CHECK_ERROR && strcmp(s, check_status_name((enum check_status)i)) == 0) cs = (enum check_status)i;
		if (cs == CHECK_NSTATUS) {
			char *bad = http_safe_text(s ? s : "NULL", strlen(s ? s : "NULL"), 40);
			set(out, CHECK_ERROR, str("the check returned status '%s', not pass, fail, warn, manual or unknown", bad));
			free(bad);
		} else {
			set(out, cs, str("%s", ev ? ev : ""));
		}
	} else if (rc == SQLITE_DONE) {
		set(out, CHECK_ERROR, xstrdup("the check returned no row"));
	} else if (rc == SQLITE_INTERRUPT) {
		set(out, CHECK_ERROR, str("the check took longer than %ld ms; stopped", limit_ms > 0 ? limit_ms : 2000L));
	} else if (rc == SQLITE_TOOBIG) {
		set(out, CHECK_ERROR, str("the check built a value larger than %d MB; stopped", SNAPSHOT_MAX_VALUE >> 20));
	} else {
		set(out, CHECK_ERROR, str("the check's SQL failed: %s", sqlite3_errmsg(db)));
	}
	sqlite3_reset(st);
}

void checks_run_item(struct snapshot *snap, const struct doc *d, long time_limit_ms, struct check_result *out)
{
	memset(out, 0, sizeof *out);
	out->item = xstrdup(d->id ? d->id : "");
	out->title = http_safe_text(d->title ? d->title : "", d->title ? strlen(d->title) : 0, 300);
	out->level = xstrdup(d->level ? d->level : "");
	out->pillar = xstrdup(d->pillar ? d->pillar : "");
	out->evidence = xstrdup("");
	if (!d->check_sql || !*d->check_sql) {
		set(out, CHECK_MANUAL, xstrdup("no live check: verify by hand"));
		return;
	}
	/* One check at a time on a snapshot: its statements are kept with it (snapshot_prepare). */
	sqlite3_mutex *m = sqlite3_db_mutex(snapshot_db(snap));
	sqlite3_mutex_enter(m);
	if (!probes_block(snap, d, out)) {
		run_sql(snap, d, time_limit_ms, out);
		demote_partial(snap, d, out);
	}
	sqlite3_mutex_leave(m);
}

static int id_wanted(const char *id, const char *const *ids, char *seen)
{
	if (!ids) return 1;
	for (int i = 0; ids[i]; i++)
		if (strcasecmp(ids[i], id) == 0) {
			seen[i] = 1;
			return 1;
		}
	return 0;
}

static int select_items(struct cdb *c, const struct doc_filter *f, const char *const *ids, struct doc_list *l,
			char **seen_out, char *err, size_t errlen)
{
	struct doc_filter g = { 0 };
	if (f) g = *f;
	g.kind = "item";
	if (cdb_list(c, &g, l) < 0) {
		snprintf(err, errlen, "cannot read the content: %s", cdb_errmsg(c));
		return -1;
	}
	size_t nids = 0;
	while (ids && ids[nids]) nids++;
	*seen_out = xcalloc(nids + 1, 1);
	return 0;
}

int checks_run(struct cdb *c, struct snapshot *snap, const struct doc_filter *f, const char *const *ids,
	       struct check_results *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	struct doc_list l;
	char *seen;
	if (select_items(c, f, ids, &l, &seen, err, errlen) < 0) return -1;
	out->v = xcalloc(l.n ? l.n : 1, sizeof *out->v);
	for (size_t i = 0; i < l.n; i++) {
		if (!id_wanted(l.v[i].id, ids, seen)) continue;
		struct doc d;
		if (cdb_get(c, l.v[i].id, &d) != 0) continue;
		checks_run_item(snap, &d, 0, &out->v[out->n]);
		out->count[out->v[out->n].status]++;
		out->n++;
		doc_free(&d);
	}
	int rc = 0;
	for (size_t i = 0; ids && ids[i]; i++)
		if (!seen[i]) {
			char *s = http_safe_text(ids[i], strlen(ids[i]), 60);
			snprintf(err, errlen, "no checklist item has id '%s'%s", s,
				 f && (f->partner || f->pillar || f->level) ? " (among the items the filters select)" : "");
			free(s);
			rc = -1;
			break;
		}
	free(seen);
	doc_list_free(&l);
	if (rc) check_results_free(out);
	return rc;
}

/* Append name to the NULL-terminated list v (of *n) unless it is there. */
static char **add_name(char **v, size_t *n, const char *name)
{
	for (size_t k = 0; k < *n; k++)
		if (strcmp(v[k], name) == 0) return v;
	v = xrealloc(v, (*n + 2) * sizeof *v);
	v[(*n)++] = xstrdup(name);
	v[*n] = NULL;
	return v;
}

char **checks_probes_needed(struct cdb *c, const struct doc_filter *f, const char *const *ids)
{
	struct doc_list l;
	char *seen;
	char err[PWAF_ERRLEN];
	size_t n = 0;
	char **v = xcalloc(1, sizeof *v);
	if (select_items(c, f, ids, &l, &seen, err, sizeof err) < 0) return v;
	int metastore = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (!id_wanted(l.v[i].id, ids, seen)) continue;
		for (char **p = l.v[i].probes; p && *p; p++) {
			const struct probe_def *def = probe_find(*p);
			if (!def) continue;
			v = add_name(v, &n, *p);
			metastore |= def->scope == SCOPE_METASTORE;
		}
	}
	/* who the caller is decides whether a filtered list is complete (demote_partial); it also
	 * proves the credentials work */
	v = add_name(v, &n, "current-user");
	if (metastore) v = add_name(v, &n, "metastore-summary");
	free(seen);
	doc_list_free(&l);
	return v;
}

void checks_free_names(char **v)
{
	for (char **p = v; p && *p; p++) free(*p);
	free(v);
}

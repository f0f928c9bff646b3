/* snapshot.c - create, fill, save, open and import snapshot databases. */
#include "ws/snapshot.h"
#include "core/errlen.h"

#include "core/atomicfile.h"

#include "core/buf.h"
#include "core/contentdb_sql.h"
#include "core/probes.h"

#include "core/sanitize.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The writers' statements, compiled on first use and kept with the handle. */
enum writer {
	W_DEL_OBJECTS, W_DEL_FETCHES, W_ADD_OBJECT, W_FINISH, W_SET_META,
	W_BEGIN, W_CLEAR_META, W_CLEAR_FETCHES, W_CLEAR_OBJECTS, W_COMMIT, W_ROLLBACK,   /* a reload */
	W_COUNT
};
static const char *const writer_sql[W_COUNT] = {
	[W_DEL_OBJECTS] = "DELETE FROM objects WHERE endpoint = ?1",
	[W_DEL_FETCHES] = "DELETE FROM fetches WHERE endpoint = ?1",
	[W_ADD_OBJECT] = "INSERT INTO objects(endpoint, id, json, fetched_at, status) VALUES(?1,?2,?3,?4,?5)",
	[W_FINISH] = "INSERT OR REPLACE INTO fetches(endpoint, path, status, error, count, fetched_at, error_code)"
		     " VALUES(?1,?2,?3,?4,?5,?6,?7)",
	[W_SET_META] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)",
	[W_BEGIN] = "BEGIN",
	[W_CLEAR_META] = "DELETE FROM meta",
	[W_CLEAR_FETCHES] = "DELETE FROM fetches",
	[W_CLEAR_OBJECTS] = "DELETE FROM objects",
	[W_COMMIT] = "COMMIT",
	[W_ROLLBACK] = "ROLLBACK",
};

/* snapshot_prepare's statements: the SQL's text (copied) and the statement. */
struct cached_stmt {
	char *sql;
	size_t len;
	size_t tail;        /* offset of the text after the first statement */
	sqlite3_stmt *st;
};

struct snapshot {
	sqlite3 *db;
	int readonly;
	sqlite3_stmt *writer[W_COUNT];
	struct cached_stmt cache[SNAPSHOT_STMT_CACHE];
	int ncache, next_evict;
	snapshot_authorizer *auth;   /* the authorizer set by snapshot_set_authorizer */
	sqlite3 *reader;             /* snapshot_reload_bytes's connection to the file, kept between reloads */
};

void snapshot_set_authorizer(struct snapshot *s, snapshot_authorizer *fn)
{
	if (s->auth == fn) return;   /* setting one expires every kept statement: only when it changes */
	sqlite3_set_authorizer(s->db, fn, NULL);
	s->auth = fn;
}

/* The writer's statement w, reset and without bindings, or NULL. The caller holds the db mutex. */
static sqlite3_stmt *writer_stmt(struct snapshot *s, enum writer w)
{
	if (!s->writer[w] && sqlite3_prepare_v3(s->db, writer_sql[w], -1, SQLITE_PREPARE_PERSISTENT, &s->writer[w], NULL) != SQLITE_OK) {
		sqlite3_finalize(s->writer[w]);
		s->writer[w] = NULL;
	}
	return s->writer[w];
}

/* Done with a writer's statement: reset, bindings cleared (no pointer into the caller's strings kept). */
static void writer_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Run writer w, which takes no parameter: SQLITE_OK or SQLite's code. */
static int writer_run(struct snapshot *s, enum writer w)
{
	sqlite3_stmt *st = writer_stmt(s, w);
	if (!st) return sqlite3_errcode(s->db) != SQLITE_OK ? sqlite3_errcode(s->db) : SQLITE_ERROR;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int snapshot_prepare(struct snapshot *s, const char *sql, sqlite3_stmt **out, const char **tail)
{
	size_t len = strlen(sql);
	*out = NULL;
	for (int i = 0; i < s->ncache; i++) {
		struct cached_stmt *c = &s->cache[i];
		if (c->len == len && memcmp(c->sql, sql, len) == 0) {
			sqlite3_reset(c->st);
			sqlite3_clear_bindings(c->st);
			*out = c->st;
			if (tail) *tail = sql + c->tail;
			return SQLITE_OK;
		}
	}
	sqlite3_stmt *st = NULL;
	const char *t = NULL;
	int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &t);
	if (rc != SQLITE_OK || !st) {
		sqlite3_finalize(st);
		if (tail) *tail = t;
		return rc;
	}
	int i = s->ncache < SNAPSHOT_STMT_CACHE ? s->ncache++ : s->next_evict++ % SNAPSHOT_STMT_CACHE;
	struct cached_stmt *c = &s->cache[i];
	if (c->st) {   /* full: the slots are reused in turn */
		sqlite3_finalize(c->st);
		free(c->sql);
	}
	c->sql = xstrndup(sql, len);
	c->len = len;
	c->tail = t ? (size_t)(t - sql) : len;
	c->st = st;
	*out = st;
	if (tail) *tail = t;
	return SQLITE_OK;
}


void snapshot_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The limits every connection that holds outside data runs under: no triggers, no ATTACH, values
 * of at most SNAPSHOT_MAX_VALUE bytes; no views and no trust in anything a schema names, but in a
 * database whose schema pwaf made itself (own_schema: the SQL probes' views of probe_schema_sql(),
 * which use ->>, a function SQLite does not mark innocuous). */
static void harden(sqlite3 *db, int own_schema)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, own_schema, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
#ifdef SQLITE_DBCONFIG_ENABLE_VIEW
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, own_schema, (int *)NULL);
#endif
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, SNAPSHOT_MAX_VALUE);
	sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000);
}

/* A fresh in-memory database with pwaf's snapshot schema and nothing else. */
static sqlite3 *create_db(char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
			    NULL) != SQLITE_OK ||
	    sqlite3_exec(db, probe_schema_sql(), NULL, NULL, NULL) != SQLITE_OK) {
		msg_set(err, errlen, "cannot create the snapshot database: %s", db ? sqlite3_errmsg(db) : "no memory");
		sqlite3_close(db);
		return NULL;
	}
	harden(db, 1);
	return db;
}

struct snapshot *snapshot_new(const char *source, const char *host, char *err, size_t errlen)
{
	sqlite3 *db = create_db(err, errlen);
	if (!db) return NULL;
	struct snapshot *s = xcalloc(1, sizeof *s);
	s->db = db;
	char now[32];
	snapshot_now(now);
	snapshot_set_meta(s, "format", "pwaf-snapshot");
	snapshot_set_meta(s, "schema", "2");
	snapshot_set_meta(s, "pwaf_version", PACKAGE_VERSION);
	snapshot_set_meta(s, "generated_at", now);
	snapshot_set_meta(s, "source", source ? source : "live");
	if (host) snapshot_set_meta(s, "host", host);
	return s;
}

/* --- opening a saved snapshot: outside input -------------------------------------------- */

/*
 * A saved file is never queried in place. Its schema is checked against the one pwaf writes
 * (create_db), then the plain columns of its three tables are copied, value by value, into a
 * fresh in-memory database; checks run on that copy. Reading the file runs under harden()'s
 * limits, a deadline and a byte budget, so no schema trick (generated columns, triggers, views,
 * huge values) can make the copy compute anything or grow without end.
 */
struct reader {
	sqlite3 *src, *dst;
	struct snapshot *snap;    /* dst's: its kept statements */
	const char *name;         /* the file, for messages */
	char *err;
	size_t errlen;
	double deadline_ms;
	size_t bytes;
};

static double mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1000.0 + (double)t.tv_nsec / 1e6;
}

static int past_deadline(void *arg)
{
	return mono_ms() > *(const double *)arg;
}

/* Text from the file, made safe for a message (malloc'd). */
static char *safe(const char *s)
{
	return sanitize_line(s ? s : "", s ? strnlen(s, 80) : 0);
}

static int refuse(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(struct reader *r, const char *fmt, ...)
{
	char why[PWAF_ERRLEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	msg_set(r->err, r->errlen, "%s: not a pwaf snapshot: %s", r->name, why);
	return -1;
}

/* A failed read of the file: damaged, too big, too slow. */
static int read_failed(struct reader *r, sqlite3 *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_TOOBIG:
		return refuse(r, "it holds a value larger than %d MB", SNAPSHOT_MAX_VALUE >> 20);
	case SQLITE_INTERRUPT:
		msg_set(r->err, r->errlen, "%s: reading the snapshot took longer than %d s; stopped", r->name,
			SNAPSHOT_OPEN_MS / 1000);
		return -1;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return refuse(r, "not an SQLite database, or a damaged one (%s)", sqlite3_errstr(rc));
	}
	const char *m = sqlite3_errmsg(db);   /* may quote the file ("malformed database schema (name)") */
	char *sm = sanitize_line(m, strnlen(m, 300));
	msg_set(r->err, r->errlen, "%s: cannot read the snapshot: %s", r->name, sm ? sm : "error");
	free(sm);
	return -1;
}

/* What pwaf writes, read once from a database made by create_db: the schema's objects and each
 * table's columns. The tables a snapshot holds are meta, fetches and objects, in that order. */
#define REF_TABLES 3
#define REF_MAX_OBJECTS 64
#define REF_MAX_COLUMNS 16
static const char *const ref_tables[REF_TABLES] = { "meta", "fetches", "objects" };
static struct {
	int ok;
	struct { char *type, *name, *sql; } obj[REF_MAX_OBJECTS];
	int nobj;
	struct { char name[64]; int notnull; } col[REF_TABLES][REF_MAX_COLUMNS];
	int ncol[REF_TABLES];
} ref;
static pthread_once_t ref_once = PTHREAD_ONCE_INIT;

static void ref_load(void)
{
	char err[PWAF_ERRLEN];
	sqlite3 *db = create_db(err, sizeof err);
	sqlite3_stmt *st = NULL;
	if (!db || sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_schema", -1, &st, NULL) != SQLITE_OK) goto out;
	int step, whole = 1;   /* every object fit the table (else no file could pass the check) */
	while ((step = sqlite3_step(st)) == SQLITE_ROW && (whole = ref.nobj < REF_MAX_OBJECTS)) {
		const char *sql = (const char *)sqlite3_column_text(st, 2);
		ref.obj[ref.nobj].type = xstrdup((const char *)sqlite3_column_text(st, 0));
		ref.obj[ref.nobj].name = xstrdup((const char *)sqlite3_column_text(st, 1));
		ref.obj[ref.nobj++].sql = sql ? xstrdup(sql) : NULL;   /* kept for the life of the process */
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!whole || (step != SQLITE_DONE && step != SQLITE_ROW)) goto out;
	if (sqlite3_prepare_v2(db, "SELECT name, \"notnull\" FROM pragma_table_xinfo(?1)", -1, &st, NULL) != SQLITE_OK) goto out;
	for (int t = 0; t < REF_TABLES; t++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, ref_tables[t], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW && ref.ncol[t] < REF_MAX_COLUMNS) {
			snprintf(ref.col[t][ref.ncol[t]].name, sizeof ref.col[0][0].name, "%s", (const char *)sqlite3_column_text(st, 0));
			ref.col[t][ref.ncol[t]++].notnull = sqlite3_column_int(st, 1);
		}
	}
	ref.ok = ref.nobj > 0 && ref.ncol[0] && ref.ncol[1] && ref.ncol[2];
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* pwaf's object of this type and name: its index in ref.obj, or -1. */
static int ref_object(const char *type, const char *name)
{
	for (int i = 0; type && name && i < ref.nobj; i++)
		if (strcmp(ref.obj[i].type, type) == 0 && strcmp(ref.obj[i].name, name) == 0) return i;
	return -1;
}

static int ref_table(const char *name)
{
	for (int t = 0; name && t < REF_TABLES; t++)
		if (strcmp(ref_tables[t], name) == 0) return t;
	return -1;
}

struct columns {
	char names[REF_MAX_COLUMNS][64];
	int n;
};

/* The columns of table t that the file has: each must be one pwaf writes and be stored, not
 * computed; every NOT NULL column of pwaf's table must be there. Fills c; 0 or -1. */
static int check_columns(struct reader *r, int t, struct columns *c)
{
	const char *table = ref_tables[t];
	sqlite3_stmt *q = NULL;
	int rc = -1, step;
	c->n = 0;
	/* The PRAGMA, not its table-valued function pragma_table_xinfo(): SQLite 3.40 keeps that
	 * function's table bound to the schema the connection first read, which sqlite3_deserialize
	 * frees (snapshot_reload_bytes keeps its connection: the function crashed on the second file). */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA main.table_xinfo(\"%s\")", table);   /* one of ref_tables */
	if (sqlite3_prepare_v2(r->src, sql, -1, &q, NULL) != SQLITE_OK) {
		read_failed(r, r->src, sqlite3_errcode(r->src));
		goto out;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(q, 1);
		int known = -1;
		for (int i = 0; col && i < ref.ncol[t]; i++)
			if (strcmp(col, ref.col[t][i].name) == 0) known = i;
		int hidden = sqlite3_column_int(q, 6);
		if (hidden != 0 || known < 0 || c->n == REF_MAX_COLUMNS) {
			char *sc = safe(col);
			if (hidden != 0) refuse(r, "column %s.%s is computed (a generated column)", table, sc);
			else refuse(r, "table %s has a column '%s' pwaf does not write", table, sc);
			free(sc);
			goto out;
		}
		snprintf(c->names[c->n++], sizeof c->names[0], "%s", col);
	}
	if (step != SQLITE_DONE) {
		read_failed(r, r->src, step);
		goto out;
	}
	for (int i = 0; i < ref.ncol[t]; i++) {
		int have = 0;
		for (int k = 0; k < c->n; k++) have |= strcmp(c->names[k], ref.col[t][i].name) == 0;
		if (!have && ref.col[t][i].notnull) {
			refuse(r, "table %s has no column %s", table, ref.col[t][i].name);
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(q);
	return rc;
}

/* The file's schema must hold pwaf's tables and indexes and nothing else. */
static int check_schema(struct reader *r, struct columns cols[REF_TABLES])
{
	if (pthread_once(&ref_once, ref_load) != 0 || !ref.ok) {
		msg_set(r->err, r->errlen, "%s: cannot read the snapshot: no reference schema (out of memory?)", r->name);
		return -1;
	}
	sqlite3_stmt *q = NULL;
	int rc = -1, step, found = 0;
	if (sqlite3_prepare_v2(r->src, "SELECT type, name, tbl_name, sql FROM sqlite_schema", -1, &q, NULL) != SQLITE_OK) {
		read_failed(r, r->src, sqlite3_errcode(r->src));
		goto out;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(q, 0), *name = (const char *)sqlite3_column_text(q, 1);
		const char *tbl = (const char *)sqlite3_column_text(q, 2), *sql = (const char *)sqlite3_column_text(q, 3);
		int i = ref_object(type, name), ours = 0;
		if (i >= 0 && strcmp(type, "table") == 0) ours = sql && strncasecmp(sql, "CREATE TABLE", 12) == 0;
		else if (i >= 0) ours = (!sql && !ref.obj[i].sql) || (sql && ref.obj[i].sql && strcmp(sql, ref.obj[i].sql) == 0);
		else if (type && strcmp(type, "index") == 0 && !sql && name && strncmp(name, "sqlite_autoindex_", 17) == 0)
			ours = ref_table(tbl) >= 0;   /* the index of a UNIQUE or PRIMARY KEY constraint */
		if (!ours) {
			char *st = safe(type), *sn = safe(name);
			refuse(r, "it holds %s %s '%s' that pwaf does not write (a snapshot has the tables objects, fetches"
			       " and meta, and nothing else)", type && strcmp(type, "index") == 0 ? "an" : "a", st, sn);
			free(st);
			free(sn);
			goto out;
		}
		int t = strcmp(type, "table") == 0 ? ref_table(name) : -1;
		if (t >= 0 && ref.obj[i].sql && strcmp(sql, ref.obj[i].sql) == 0) {
			cols[t].n = ref.ncol[t];   /* pwaf's own CREATE TABLE, word for word: its columns */
			for (int k = 0; k < ref.ncol[t]; k++) snprintf(cols[t].names[k], sizeof cols[t].names[k], "%s", ref.col[t][k].name);
			found |= 1 << t;
		} else if (t >= 0) {   /* another writing (an older pwaf): each column checked */
			if (check_columns(r, t, &cols[t]) < 0) goto out;
			found |= 1 << t;
		}
	}
	if (step != SQLITE_DONE) {
		read_failed(r, r->src, step);
		goto out;
	}
	for (int t = 0; t < REF_TABLES; t++)
		if (!(found & (1 << t))) {
			refuse(r, "it has no table %s (save one with pwaf check --save FILE)", ref_tables[t]);
			goto out;
		}
	rc = 0;
out:
	sqlite3_finalize(q);
	return rc;
}

/* The file's b-trees must be whole (PRAGMA quick_check: every page, cell and free-list entry, and
 * NOT NULL), before anything is copied: SQLite notices damage only where a read happens to
 * touch it, and which read that is can vary (fuzz_snapshot saw one damaged file refused as
 * malformed, then read, meta table and all, on the next try, in one process). 0 or -1. */
static int check_intact(struct reader *r)
{
	sqlite3_stmt *q = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(r->src, "PRAGMA main.quick_check(1)", -1, &q, NULL) != SQLITE_OK) {
		read_failed(r, r->src, sqlite3_errcode(r->src));
		goto out;
	}
	int step = sqlite3_step(q);
	const char *res = step == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
	if (step != SQLITE_ROW) {
		read_failed(r, r->src, step);
	} else if (!res || strcmp(res, "ok") != 0) {
		const char *what = res ? res : "no answer";
		if (strncmp(what, "*** in database main ***", 24) == 0) what += 24;
		while (*what == ' ' || *what == '\n') what++;
		char *sr = safe(what);
		refuse(r, "a damaged SQLite database (%s)", sr);
		free(sr);
	} else {
		rc = 0;
	}
out:
	sqlite3_finalize(q);
	return rc;
}

/* Copy the listed columns of table, value by value. */
static int copy_table(struct reader *r, const char *table, const struct columns *c)
{
	struct buf sel = BUF_INIT, ins = BUF_INIT;
	buf_adds(&sel, "SELECT ");
	buf_addf(&ins, "INSERT INTO main.\"%s\"(", table);
	for (int i = 0; i < c->n; i++) {
		buf_addf(&sel, "%s\"%s\"", i ? ", " : "", c->names[i]);
		buf_addf(&ins, "%s\"%s\"", i ? ", " : "", c->names[i]);
	}
	buf_addf(&sel, " FROM main.\"%s\"", table);
	buf_adds(&ins, ") VALUES(");
	for (int i = 0; i < c->n; i++) buf_adds(&ins, i ? ",?" : "?");
	buf_adds(&ins, ")");
	sqlite3_stmt *q = NULL, *w = NULL;   /* w is kept with the snapshot (reloads reuse it) */
	int rc = -1, step;
	if (sqlite3_prepare_v2(r->src, buf_str(&sel), -1, &q, NULL) != SQLITE_OK) {
		read_failed(r, r->src, sqlite3_errcode(r->src));
		goto out;
	}
	if (snapshot_prepare(r->snap, buf_str(&ins), &w, NULL) != SQLITE_OK) {
		read_failed(r, r->dst, sqlite3_errcode(r->dst));
		goto out;
	}
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		for (int i = 0; i < c->n; i++) {
			r->bytes += (size_t)sqlite3_column_bytes(q, i) + 8;
			sqlite3_bind_value(w, i + 1, sqlite3_column_value(q, i));
		}
		if (r->bytes > SNAPSHOT_OPEN_MAX_BYTES) {
			refuse(r, "it holds more than %d MB of objects", SNAPSHOT_OPEN_MAX_BYTES >> 20);
			goto out;
		}
		int ws = sqlite3_step(w);
		sqlite3_reset(w);
		if (ws != SQLITE_DONE) {
			if ((ws & 0xff) == SQLITE_CONSTRAINT)
				refuse(r, "table %s holds a row pwaf would not write (%s)", table, sqlite3_errmsg(r->dst));
			else
				read_failed(r, r->dst, ws);
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		read_failed(r, r->src, step);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(q);
	if (w) {
		sqlite3_reset(w);
		sqlite3_clear_bindings(w);
	}
	buf_free(&sel);
	buf_free(&ins);
	return rc;
}

/* Check src and copy it into s, replacing what s held, in one transaction: s is unchanged when
 * src is refused. The copy is made only for a file whose schema passed. 0, or -1 with err set. */
static int load_into(struct snapshot *s, sqlite3 *src, const char *name, char *err, size_t errlen)
{
	struct reader r = { src, s->db, s, name, err, errlen, mono_ms() + SNAPSHOT_OPEN_MS, 0 };
	struct columns cols[REF_TABLES];
	sqlite3_mutex *m = sqlite3_db_mutex(s->db);
	sqlite3_mutex_enter(m);
	sqlite3_progress_handler(src, 100, past_deadline, &r.deadline_ms);
	int ok = check_schema(&r, cols) == 0 && check_intact(&r) == 0;
	if (ok) {
		sqlite3_progress_handler(r.dst, 100, past_deadline, &r.deadline_ms);
		int rc = SQLITE_OK;
		for (enum writer w = W_BEGIN; w <= W_CLEAR_OBJECTS && rc == SQLITE_OK; w++) rc = writer_run(s, w);
		if (rc != SQLITE_OK) ok = read_failed(&r, r.dst, rc) == 0;
	}
	ok = ok && copy_table(&r, "meta", &cols[0]) == 0;
	char buf[64];
	const char *fmt = ok ? snapshot_meta(s, "format", buf, sizeof buf) : NULL;
	if (ok && (!fmt || strcmp(fmt, "pwaf-snapshot") != 0)) {
		msg_set(err, errlen, "%s: not a pwaf snapshot (save one with pwaf check --save FILE)", name);
		ok = 0;
	}
	const char *ver = ok ? snapshot_meta(s, "schema", buf, sizeof buf) : NULL;
	if (ok && (!ver || (strcmp(ver, "1") != 0 && strcmp(ver, "2") != 0))) {
		char *sv = safe(ver ? ver : "?");
		msg_set(err, errlen, "%s: a pwaf snapshot of schema %s; this pwaf reads schemas 1 and 2", name, sv);
		free(sv);
		ok = 0;
	}
	ok = ok && copy_table(&r, "fetches", &cols[1]) == 0 && copy_table(&r, "objects", &cols[2]) == 0;
	if (ok) {
		int rc = writer_run(s, W_COMMIT);
		if (rc != SQLITE_OK) ok = read_failed(&r, r.dst, rc) == 0;
	}
	sqlite3_progress_handler(src, 0, NULL, NULL);
	sqlite3_progress_handler(r.dst, 0, NULL, NULL);
	if (!sqlite3_get_autocommit(r.dst)) writer_run(s, W_ROLLBACK);
	if (ok) s->readonly = 1;
	sqlite3_mutex_leave(m);
	return ok ? 0 : -1;
}

/* An empty snapshot of source 'file', for load_into. */
static struct snapshot *file_snapshot(char *err, size_t errlen)
{
	sqlite3 *db = create_db(err, errlen);
	if (!db) return NULL;
	struct snapshot *s = xcalloc(1, sizeof *s);
	s->db = db;
	s->readonly = 1;
	return s;
}

/* "file:" URI of path, opened immutable: no lock, journal or WAL file beside it is read or made. */
static char *immutable_uri(const char *path)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, path[0] == '/' ? "file://" : "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/-._~", *p)) buf_addc(&b, (char)*p);
		else buf_addf(&b, "%%%02X", *p);
	}
	buf_adds(&b, "?immutable=1");
	return buf_take(&b);
}

struct snapshot *snapshot_open(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		msg_set(err, errlen, "%s: cannot open the snapshot: %s", path, strerror(errno));
		if (fd >= 0) close(fd);
		return NULL;
	}
	close(fd);
	if (!S_ISREG(sb.st_mode)) {
		msg_set(err, errlen, "%s: cannot open the snapshot: not a regular file", path);
		return NULL;
	}
	char *uri = immutable_uri(path);
	sqlite3 *src = NULL;
	struct snapshot *s = NULL;
	if (sqlite3_open_v2(uri, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		msg_set(err, errlen, "%s: cannot open the snapshot: %s", path, src ? sqlite3_errmsg(src) : "no memory");
	else if ((s = file_snapshot(err, errlen))) {
		harden(src, 0);
		if (load_into(s, src, path, err, errlen) < 0) {
			snapshot_close(s);
			s = NULL;
		}
	}
	sqlite3_close(src);
	free(uri);
	return s;
}

/* A fresh connection for reading a file: in memory until the bytes are deserialized, hardened.
 * NULL with err set. */
static sqlite3 *reader_open(const char *name, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		msg_set(err, errlen, "%s: cannot open the snapshot: %s", name, db ? sqlite3_errmsg(db) : "no memory");
		sqlite3_close(db);
		return NULL;
	}
	harden(db, 0);
	return db;
}

/* Whether the file's header says UTF-8 text, or nothing (bytes 56-59: 1, or 0 when unset). A
 * connection takes the text encoding of the first database it reads and refuses any later one in
 * another ("attached databases must use the same text encoding"), so only such files share s's
 * kept connection, which then always stays UTF-8 and reads each as a new connection would. */
static int utf8_header(const unsigned char *d, size_t len)
{
	uint32_t enc = 0;
	for (size_t i = 56; i < 60; i++) enc = enc << 8 | (i < len ? d[i] : 0);   /* a short file reads as zeros */
	return enc <= 1;
}

int snapshot_reload_bytes(struct snapshot *s, const void *data, size_t len, const char *name, char *err, size_t errlen)
{
	/* Opening a connection per file cost a quarter of fuzz_snapshot's CPU time (each one registers
	 * SQLite's built-in extensions anew), so s keeps one: sqlite3_deserialize replaces its main
	 * database and the schema it had read. A UTF-16 file gets a connection of its own. */
	int keep = utf8_header(data, len);
	if (keep && !s->reader) s->reader = reader_open(name, err, errlen);
	sqlite3 *src = keep ? s->reader : reader_open(name, err, errlen);
	if (!src) return -1;
	int rc = -1;
	/* The bytes are read in place, never written (READONLY) and never freed by SQLite. */
	if (len > (size_t)INT64_MAX ||
	    sqlite3_deserialize(src, "main", (unsigned char *)(uintptr_t)data, (sqlite3_int64)len, (sqlite3_int64)len,
				SQLITE_DESERIALIZE_READONLY) != SQLITE_OK)
		msg_set(err, errlen, "%s: not a pwaf snapshot: %s", name, sqlite3_errmsg(src));
	else
		rc = load_into(s, src, name, err, errlen);
	if (!keep) sqlite3_close(src);
	/* Let go of the caller's bytes: an empty database takes their place until the next reload. */
	else if (sqlite3_deserialize(src, "main", NULL, 0, 0, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		sqlite3_close(src);
		s->reader = NULL;
	}
	return rc;
}

struct snapshot *snapshot_open_bytes(const void *data, size_t len, const char *name, char *err, size_t errlen)
{
	struct snapshot *s = file_snapshot(err, errlen);
	if (s && snapshot_reload_bytes(s, data, len, name, err, errlen) < 0) {
		snapshot_close(s);
		s = NULL;
	}
	return s;
}

void snapshot_close(struct snapshot *s)
{
	if (!s) return;
	for (int w = 0; w < W_COUNT; w++) sqlite3_finalize(s->writer[w]);
	for (int i = 0; i < s->ncache; i++) {
		sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	sqlite3_close(s->db);
	sqlite3_close(s->reader);
	free(s);
}

sqlite3 *snapshot_db(struct snapshot *s)
{
	return s->db;
}

int snapshot_save(struct snapshot *s, const char *path, char *err, size_t errlen)
{
	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	sqlite3 *out = NULL;
	int rc = -1;
	unlink(buf_str(&tmp));
	/* Created 0600 whatever the umask (SQLite gives its journal the same mode): a snapshot describes
	 * the whole workspace. */
	int fd = open(buf_str(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || fchmod(fd, 0600) != 0) {
		msg_set(err, errlen, "%s: cannot write the snapshot: %s", path, strerror(errno));
		if (fd >= 0) close(fd);
		goto done;
	}
	close(fd);
	if (sqlite3_open_v2(buf_str(&tmp), &out, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		msg_set(err, errlen, "%s: cannot write the snapshot: %s", path, out ? sqlite3_errmsg(out) : "no memory");
		goto done;
	}
	sqlite3_backup *bk = sqlite3_backup_init(out, "main", s->db, "main");
	if (!bk) {
		msg_set(err, errlen, "%s: cannot write the snapshot: %s", path, sqlite3_errmsg(out));
		goto done;
	}
	int st = sqlite3_backup_step(bk, -1);
	sqlite3_backup_finish(bk);
	if (st != SQLITE_DONE) {
		msg_set(err, errlen, "%s: cannot write the snapshot: %s", path, sqlite3_errstr(st));
		goto done;
	}
	if (sqlite3_close(out) != SQLITE_OK) {
		msg_set(err, errlen, "%s: cannot write the snapshot", path);
		out = NULL;
		goto done;
	}
	out = NULL;
	if (atomic_replace(buf_str(&tmp), path, err, errlen) != 0) goto done;
	rc = 0;
done:
	if (out) sqlite3_close(out);
	if (rc) unlink(buf_str(&tmp));
	buf_free(&tmp);
	return rc;
}

int snapshot_set_meta(struct snapshot *s, const char *key, const char *value)
{
	sqlite3_mutex *m = sqlite3_db_mutex(s->db);
	sqlite3_mutex_enter(m);
	sqlite3_stmt *st = writer_stmt(s, W_SET_META);
	int rc = -1;
	if (st) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		writer_done(st);
	}
	sqlite3_mutex_leave(m);
	return rc;
}

const char *snapshot_meta(struct snapshot *s, const char *key, char *buf, size_t len)
{
	return sqlite_meta_get(s->db, key, buf, len);
}

const char *snapshot_source(struct snapshot *s)
{
	if (s->readonly) return "file";
	char buf[16];
	const char *v = snapshot_meta(s, "source", buf, sizeof buf);
	return v && strcmp(v, "demo") == 0 ? "demo" : "live";
}

/* --- writing ---------------------------------------------------------------------------- */

/* Run writer w with one text parameter. The caller holds the db mutex. */
static int exec_bind(struct snapshot *s, enum writer w, const char *a)
{
	sqlite3_stmt *st = writer_stmt(s, w);
	if (!st) return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	writer_done(st);
	return rc;
}

int snapshot_begin(struct snapshot *s, const char *endpoint)
{
	if (s->readonly) return -1;
	sqlite3_mutex *m = sqlite3_db_mutex(s->db);
	sqlite3_mutex_enter(m);
	int rc = exec_bind(s, W_DEL_OBJECTS, endpoint) | exec_bind(s, W_DEL_FETCHES, endpoint);
	sqlite3_mutex_leave(m);
	return rc;
}

static char *id_of(const cJSON *o, const char *id_key)
{
	if (!id_key || !cJSON_IsObject(o)) return NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, id_key);
	if (cJSON_IsString(v)) return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
		char b[64];
		double d = v->valuedouble;
		/* Whole numbers that fit a long long print as integers; the range is checked before the
		 * cast ({"cluster_id": 1e300} would be undefined behaviour otherwise). */
		if (d > -9.2e18 && d < 9.2e18 && d == (double)(long long)d)
			snprintf(b, sizeof b, "%lld", (long long)d);
		else
			snprintf(b, sizeof b, "%.17g", d);
		return xstrdup(b);
	}
	return NULL;
}

/*
 * Fields that carry a credential: removed from every object, at any depth, before it is stored,
 * so a saved snapshot can be sent to a reviewer. Names and types from databricks-sdk-go
 * service/{sharing,serving,oauth2,settings,compute,catalog,workspace}/model.go.
 * strings_only: the same key names a reference or a setting elsewhere; only a string is dropped.
 */
static const struct secret_field {
	const char *name;
	int suffix;         /* 1: any key ending in name */
	int strings_only;
} secret_fields[] = {
	{ "activation_url", 0, 0 },       /* sharing: RecipientInfo and RecipientTokenInfo (tokens[]) */
	{ "_plaintext", 1, 0 },           /* serving: openai_api_key_plaintext, aws_secret_access_key_plaintext, ... */
	{ "plaintext", 0, 0 },            /* catalog: ModelProviderServiceConfigProviderSecret */
	{ "bearer_token", 0, 0 },         /* sharing: RecipientProfile */
	{ "bearerToken", 0, 0 },          /* sharing: RetrieveTokenResponse */
	{ "recipient_profile", 0, 0 },    /* sharing: ProviderInfo (the recipient's bearer token inside) */
	{ "recipient_profile_str", 0, 0 }, /* sharing: ProviderInfo, CreateProvider (the same as text) */
	{ "log_analytics_primary_key", 0, 0 }, /* compute: LogAnalyticsInfo (Azure clusters) */
	{ "sharing_code", 0, 0 },         /* sharing: the recipient's one-time sharing code */
	{ "token_value", 0, 0 },          /* settings: CreateTokenResponse, CreateOboTokenResponse */
	{ "client_secret", 0, 0 },        /* oauth2: CreateCustomAppIntegrationOutput; catalog: AzureServicePrincipal */
	{ "password", 0, 0 },             /* compute: DockerBasicAuth; settings: GenericWebhookConfig */
	{ "auth_secret", 0, 0 },          /* settings: MicrosoftTeamsConfig */
	{ "secret", 0, 1 },               /* oauth2: CreateServicePrincipalSecretResponse (apps: a reference, kept) */
	{ "oauth_token", 0, 1 },          /* settings: SlackConfig; catalog: GcpOauthToken */
	{ "secret_access_key", 0, 1 },    /* catalog: AwsCredentials, CloudflareApiToken */
	{ "session_token", 0, 1 },        /* catalog: AwsCredentials */
	{ "sas_token", 0, 1 },            /* catalog: AzureUserDelegationSas */
	{ "aad_token", 0, 1 },            /* catalog: AzureActiveDirectoryToken */
	{ "private_key", 0, 1 },          /* catalog: GcpServiceAccountKey */
	{ "effective_value", 0, 1 },      /* catalog: Secret */
	{ "personal_access_token", 0, 1 }, /* workspace: git credentials */
};

static int is_secret(const cJSON *item)
{
	const char *k = item->string;
	size_t kl = k ? strlen(k) : 0;
	for (size_t i = 0; k && i < sizeof secret_fields / sizeof *secret_fields; i++) {
		const struct secret_field *f = &secret_fields[i];
		size_t nl = strlen(f->name);
		int match = f->suffix ? kl > nl && strcmp(k + kl - nl, f->name) == 0 : strcmp(k, f->name) == 0;
		if (match && (!f->strings_only || cJSON_IsString(item))) return 1;
	}
	return 0;
}

static int holds_secret(const cJSON *o)
{
	for (const cJSON *c = o ? o->child : NULL; c; c = c->next)
		if ((cJSON_IsObject(o) && is_secret(c)) || holds_secret(c)) return 1;
	return 0;
}

static void drop_secrets(cJSON *o)
{
	cJSON *c = o ? o->child : NULL;
	while (c) {
		cJSON *next = c->next;
		if (cJSON_IsObject(o) && is_secret(c)) cJSON_Delete(cJSON_DetachItemViaPointer(o, c));
		else drop_secrets(c);
		c = next;
	}
}

/* The object as stored: compact JSON without secret fields (malloc'd, NULL on exhaustion). */
static char *stored_json(const cJSON *o)
{
	if (!holds_secret(o)) return cJSON_PrintUnformatted(o);
	cJSON *copy = cJSON_Duplicate(o, 1);
	if (!copy) return NULL;
	drop_secrets(copy);
	char *json = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	return json;
}

int snapshot_add(struct snapshot *s, const char *endpoint, const cJSON *objs, int one_object,
		 const char *id_key, const char *id_value, const char *fetched_at, long status, size_t *bytes)
{
	if (bytes) *bytes = 0;
	if (s->readonly) return -1;
	sqlite3_mutex *m = sqlite3_db_mutex(s->db);
	sqlite3_mutex_enter(m);
	int n = 0;
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	sqlite3_stmt *st = writer_stmt(s, W_ADD_OBJECT);
	if (!st) {
		n = -1;
		goto out;
	}
	for (const cJSON *o = one_object ? objs : objs->child; o; o = one_object ? NULL : o->next) {
		char *json = stored_json(o);
		char *id = id_value ? xstrdup(id_value) : id_of(o, id_key);
		if (!json) {
			free(id);
			n = -1;
			break;
		}
		sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
		if (id) sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
		else sqlite3_bind_null(st, 2);
		sqlite3_bind_text(st, 3, json, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, fetched_at, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, status);
		int rc = sqlite3_step(st);
		writer_done(st);
		if (bytes) *bytes += strlen(json);
		free(json);
		free(id);
		if (rc != SQLITE_DONE) {
			n = -1;
			break;
		}
		n++;
	}
out:
	sqlite3_exec(s->db, n < 0 ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	sqlite3_mutex_leave(m);
	return n;
}

int snapshot_finish(struct snapshot *s, const char *endpoint, const char *path, long status,
		    const char *error, const char *code, long count, const char *fetched_at)
{
	if (s->readonly) return -1;
	sqlite3_mutex *m = sqlite3_db_mutex(s->db);
	sqlite3_mutex_enter(m);
	sqlite3_stmt *st = writer_stmt(s, W_FINISH);
	if (!st) {
		sqlite3_mutex_leave(m);
		return -1;
	}
	if (code) sqlite3_bind_text(st, 7, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, status);
	if (error) sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, count);
	sqlite3_bind_text(st, 6, fetched_at, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	writer_done(st);
	sqlite3_mutex_leave(m);
	return rc;
}

static int plain_key(const char *k)
{
	if (!k || !*k) return 0;
	for (; *k; k++)
		if (!(*k == '_' || (*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9'))) return 0;
	return 1;
}

long snapshot_keys(struct snapshot *s, const char *endpoint, const char *field, const char *where, long max,
		   char ***out, char *err, size_t errlen)
{
	*out = xcalloc(1, sizeof **out);
	if (!plain_key(field)) {
		msg_set(err, errlen, "'%s' is not a plain field name", field);
		return -1;
	}
	struct buf q = BUF_INIT;
	/* GROUP BY keeps each value once, in the order the list gave them */
	buf_addf(&q, "SELECT json ->> '$.%s' AS k FROM objects WHERE endpoint = ?1 AND k IS NOT NULL AND k <> ''%s%s%s"
		     " GROUP BY k ORDER BY min(rowid)", field, where ? " AND (" : "", where ? where : "", where ? ")" : "");
	sqlite3_stmt *st = NULL;
	long n = 0;
	if (sqlite3_prepare_v2(s->db, buf_str(&q), -1, &st, NULL) != SQLITE_OK) {
		msg_set(err, errlen, "%s", sqlite3_errmsg(s->db));
		buf_free(&q);
		return -1;
	}
	buf_free(&q);
	sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(n + 2) * sizeof **out);
		(*out)[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		(*out)[n] = NULL;
	}
	sqlite3_finalize(st);
	return n;
}

void snapshot_free_keys(char **keys)
{
	for (char **k = keys; k && *k; k++) free(*k);
	free(keys);
}

/* --- the demo workspace ----------------------------------------------------------------- */

/* One probe's value of the demo file (see snapshot.h). 0 or -1 with err set. */
static int import_probe(struct snapshot *s, const struct probe_def *p, const cJSON *v, const char *at, char *err,
			size_t errlen)
{
	snapshot_begin(s, p->name);
	const cJSON *code = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "error_code") : NULL;
	long n = 0, status = 200;
	if (cJSON_IsString(code)) { /* an answer given as an error code: stored as the probe would */
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(v, "status");
		status = cJSON_IsNumber(st) && st->valuedouble >= 100 && st->valuedouble < 600 ? (long)st->valuedouble : 404;
		if (snapshot_finish(s, p->name, p->path, status, NULL, code->valuestring, 0, at) < 0) goto db;
		return 0;
	}
	if (p->parent && p->array_key) { /* {parent key: [objects]} */
		if (!cJSON_IsObject(v)) {
			msg_set(err, errlen, "the demo workspace's \"%s\" must map each %s key to a list", p->name, p->parent);
			return -1;
		}
		for (const cJSON *k = v->child; k; k = k->next) {
			if (!cJSON_IsArray(k)) {
				msg_set(err, errlen, "the demo workspace's \"%s\".\"%.60s\" must be a list", p->name,
				       k->string ? k->string : "?");
				return -1;
			}
			int m = snapshot_add(s, p->name, k, 0, NULL, k->string, at, 200, NULL);
			if (m < 0) goto db;
			n += m;
		}
	} else {
		int one = cJSON_IsObject(v);
		if (!one && !cJSON_IsArray(v)) {
			msg_set(err, errlen, "the demo workspace's \"%s\" must be an array or an object", p->name);
			return -1;
		}
		int m = snapshot_add(s, p->name, v, one, p->id_key, NULL, at, 200, NULL);
		if (m < 0) goto db;
		n = m;
	}
	if (snapshot_finish(s, p->name, p->path, status, NULL, NULL, n, at) < 0) goto db;
	return 0;
db:
	msg_set(err, errlen, "cannot store the demo workspace: %s", sqlite3_errmsg(s->db));
	return -1;
}

int snapshot_import_demo(struct snapshot *s, const char *json, size_t len, char *err, size_t errlen)
{
	if (!json || len == 0) {
		msg_set(err, errlen, "this binary has no demo workspace built in");
		return -1;
	}
	cJSON *root = cJSON_ParseWithLength(json, len);
	if (!root) {
		msg_set(err, errlen, "the demo workspace is not valid JSON");
		return -1;
	}
	int rc = -1;
	const cJSON *ws = cJSON_GetObjectItemCaseSensitive(root, "workspace");
	const cJSON *eps = cJSON_GetObjectItemCaseSensitive(root, "endpoints");
	if (!cJSON_IsObject(eps)) {
		msg_set(err, errlen, "the demo workspace has no \"endpoints\" object");
		goto out;
	}
	char now[32];
	snapshot_now(now);
	const char *gen = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "generated_at"));
	if (!gen && cJSON_IsObject(ws)) gen = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ws, "generated_at"));
	const char *at = gen ? gen : now;
	const cJSON *idn = cJSON_GetObjectItemCaseSensitive(root, "identity");
	static const char *const idkeys[][2] = { { "product", "partner_product" }, { "customer_tag", "customer_tag" },
						 { "query_tag", "query_tag" }, { "since_days", "since_days" } };
	for (size_t i = 0; cJSON_IsObject(idn) && i < sizeof idkeys / sizeof idkeys[0]; i++) {
		const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(idn, idkeys[i][0]));
		if (v) snapshot_set_meta(s, idkeys[i][1], v);
	}
	if (cJSON_IsObject(ws)) {
		static const char *const keys[] = { "host", "name", "cloud", "workspace_id", NULL };
		for (int i = 0; keys[i]; i++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(ws, keys[i]);
			char *t = cJSON_IsString(v) ? xstrdup(v->valuestring) : cJSON_IsNumber(v) ? cJSON_PrintUnformatted(v) : NULL;
			if (t) {
				char key[40];
				snprintf(key, sizeof key, "%s%s", strcmp(keys[i], "host") ? "workspace_" : "", keys[i]);
				snapshot_set_meta(s, key, t);
			}
			free(t);
		}
	}
	for (const cJSON *e = eps->child; e; e = e->next) {
		const struct probe_def *p = e->string ? probe_find(e->string) : NULL;
		if (!p) {
			msg_set(err, errlen, "the demo workspace names an unknown probe '%.60s' (known: %s)",
			       e->string ? e->string : "?", probe_names());
			goto out;
		}
		if (import_probe(s, p, e, at, err, errlen) < 0) goto out;
	}
	snapshot_set_meta(s, "source", "demo");
	snapshot_set_meta(s, "generated_at", at);
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

int snapshot_copy_endpoint(struct snapshot *dst, struct snapshot *src, const char *endpoint)
{
	if (dst->readonly || snapshot_begin(dst, endpoint) < 0) return -1;
	sqlite3_stmt *rd = NULL, *wr = NULL;
	int rc = -1;
	sqlite3_mutex *m = sqlite3_db_mutex(dst->db);
	sqlite3_mutex_enter(m);
	sqlite3_exec(dst->db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(src->db, "SELECT id, json, fetched_at, status FROM objects WHERE endpoint = ?1 ORDER BY rowid",
			       -1, &rd, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(dst->db, "INSERT INTO objects(endpoint, id, json, fetched_at, status) VALUES(?1,?2,?3,?4,?5)",
			       -1, &wr, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(rd, 1, endpoint, -1, SQLITE_STATIC);
	int s;
	while ((s = sqlite3_step(rd)) == SQLITE_ROW) {
		sqlite3_bind_text(wr, 1, endpoint, -1, SQLITE_STATIC);
		for (int c = 0; c < 4; c++) sqlite3_bind_value(wr, c + 2, sqlite3_column_value(rd, c));
		if (sqlite3_step(wr) != SQLITE_DONE) goto out;
		sqlite3_reset(wr);
	}
	if (s != SQLITE_DONE) goto out;
	sqlite3_finalize(rd);
	rd = NULL;
	if (sqlite3_prepare_v2(src->db, "SELECT path, status, error, count, fetched_at, error_code FROM fetches WHERE "
			       "endpoint = ?1", -1, &rd, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(rd, 1, endpoint, -1, SQLITE_STATIC);
	rc = 0;
	if (sqlite3_step(rd) == SQLITE_ROW)
		rc = snapshot_finish(dst, endpoint, (const char *)sqlite3_column_text(rd, 0), sqlite3_column_int64(rd, 1),
				     (const char *)sqlite3_column_text(rd, 2), (const char *)sqlite3_column_text(rd, 5),
				     sqlite3_column_int64(rd, 3), (const char *)sqlite3_column_text(rd, 4));
out:
	sqlite3_finalize(rd);
	sqlite3_finalize(wr);
	sqlite3_exec(dst->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	sqlite3_mutex_leave(m);
	return rc;
}

/* snapshot.c - create, fill, save, open and import snapshot databases. */
#include "snapshot.h"

#include "atomicfile.h"

#include "buf.h"
#include "contentdb.h"
#include "probes.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct snapshot {
	sqlite3 *db;
	int readonly;
};


void snapshot_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

struct snapshot *snapshot_new(const char *source, const char *host, char *err, size_t errlen)
{
	struct snapshot *s = xcalloc(1, sizeof *s);
	if (sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
			    NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, probe_schema_sql(), NULL, NULL, NULL) != SQLITE_OK) {
		msg_set(err, errlen, "cannot create the snapshot database: %s", s->db ? sqlite3_errmsg(s->db) : "no memory");
		snapshot_close(s);
		return NULL;
	}
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

struct snapshot *snapshot_open(const char *path, char *err, size_t errlen)
{
	if (access(path, R_OK) != 0) {
		msg_set(err, errlen, "%s: cannot open the snapshot: %s", path, strerror(errno));
		return NULL;
	}
	struct snapshot *s = xcalloc(1, sizeof *s);
	s->readonly = 1;
	char buf[64];
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		msg_set(err, errlen, "%s: cannot open the snapshot: %s", path, s->db ? sqlite3_errmsg(s->db) : "no memory");
		snapshot_close(s);
		return NULL;
	}
	sqlite3_stmt *st = NULL;
	int ok = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
				    " ('objects','fetches','meta')", -1, &st, NULL) == SQLITE_OK &&
		 sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 3;
	sqlite3_finalize(st);
	const char *fmt = ok ? snapshot_meta(s, "format", buf, sizeof buf) : NULL;
	if (!fmt || strcmp(fmt, "pwaf-snapshot") != 0) {
		msg_set(err, errlen, "%s: not a pwaf snapshot (save one with pwaf check --save FILE)", path);
		snapshot_close(s);
		return NULL;
	}
	const char *ver = snapshot_meta(s, "schema", buf, sizeof buf);
	if (!ver || (strcmp(ver, "1") != 0 && strcmp(ver, "2") != 0)) {
		msg_set(err, errlen, "%s: a pwaf snapshot of schema %s; this pwaf reads schemas 1 and 2", path,
			ver ? ver : "?");
		snapshot_close(s);
		return NULL;
	}
	return s;
}

void snapshot_close(struct snapshot *s)
{
	if (!s) return;
	sqlite3_close(s->db);
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
	if (sqlite3_open_v2(buf_str(&tmp), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
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
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
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

static int exec_bind(struct snapshot *s, const char *sql, const char *a)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

int snapshot_begin(struct snapshot *s, const char *endpoint)
{
	if (s->readonly) return -1;
	sqlite3_mutex *m = sqlite3_db_mutex(s->db);
	sqlite3_mutex_enter(m);
	int rc = exec_bind(s, "DELETE FROM objects WHERE endpoint = ?1", endpoint) |
		 exec_bind(s, "DELETE FROM fetches WHERE endpoint = ?1", endpoint);
	sqlite3_mutex_leave(m);
	return rc;
}

static char *id_of(const cJSON *o, const char *id_key)
{
	if (!id_key || !cJSON_IsObject(o)) return NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, id_key);
	if (cJSON_IsString(v)) return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		char b[64];
		if (v->valuedouble == (double)(long long)v->valuedouble)
			snprintf(b, sizeof b, "%lld", (long long)v->valuedouble);
		else
			snprintf(b, sizeof b, "%.17g", v->valuedouble);
		return xstrdup(b);
	}
	return NULL;
}

int snapshot_add(struct snapshot *s, const char *endpoint, const cJSON *objs, int one_object,
		 const char *id_key, const char *id_value, const char *fetched_at, long status, size_t *bytes)
{
	if (bytes) *bytes = 0;
	if (s->readonly) return -1;
	sqlite3_mutex *m = sqlite3_db_mutex(s->db);
	sqlite3_mutex_enter(m);
	sqlite3_stmt *st = NULL;
	int n = 0;
	sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(s->db, "INSERT INTO objects(endpoint, id, json, fetched_at, status) VALUES(?1,?2,?3,?4,?5)",
			       -1, &st, NULL) != SQLITE_OK) {
		n = -1;
		goto out;
	}
	for (const cJSON *o = one_object ? objs : objs->child; o; o = one_object ? NULL : o->next) {
		char *json = cJSON_PrintUnformatted(o);
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
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
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
	sqlite3_finalize(st);
	sqlite3_exec(s->db, n < 0 ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
	sqlite3_mutex_leave(m);
	return n;
}

int snapshot_finish(struct snapshot *s, const char *endpoint, const char *path, long status,
		    const char *error, const char *code, long count, const char *fetched_at)
{
	if (s->readonly) return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO fetches(endpoint, path, status, error, count, fetched_at,"
			       " error_code) VALUES(?1,?2,?3,?4,?5,?6,?7)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (code) sqlite3_bind_text(st, 7, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, status);
	if (error) sqlite3_bind_text(st, 4, error, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, count);
	sqlite3_bind_text(st, 6, fetched_at, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
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

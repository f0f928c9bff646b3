/* contentdb.c - read the content database. */
#include "core/contentdb_sql.h"

#include "core/buf.h"
#include "core/indexer.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CDB_STR2(x) #x
#define CDB_STR(x) CDB_STR2(x)

struct cdb {
	sqlite3 *db;
};

static struct cdb *verify(sqlite3 *db, const char *name, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int version = -1;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < 0) {
		snprintf(err, errlen, "%s: not a pwaf content database (build one with 'pwaf index')", name);
		sqlite3_close(db);
		return NULL;
	}
	if (version != CONTENT_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: content database schema %d, this pwaf reads %d: rebuild it with 'pwaf index'",
			 name, version, CONTENT_SCHEMA_VERSION);
		sqlite3_close(db);
		return NULL;
	}
	struct cdb *c = xcalloc(1, sizeof *c);
	c->db = db;
	return c;
}

/*
 * A --db file is searched in place: SQLite reads the pages a query needs (pread) into a small
 * page cache, so memory stays flat whatever the file's size. Measured on a 20,210-page database
 * (bench/index-search.sh): mapping the file (mmap_size 256 MB, the old setting) made one search
 * cost 67-123 MB of resident memory and 1.3-1.5x the time of the sqlite3 shell, because every
 * page touched is a page fault and stays resident; larger caches cost more than they save for
 * the same reason (each fresh cache page is a fault: 8 MB made a search 2x slower than 256 KiB). 256 KiB holds the b-tree interiors the joins
 * revisit; the rest of a query's pages stream through it from the OS page cache.
 */
#define CDB_FILE_CACHE_KIB 256

/* A URI path keeps letters, digits, "-._~/" and percent-escapes the rest ("?", "#", "%"...). */
static void uri_add_path(struct buf *u, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			buf_addc(u, (char)*p);
		} else {
			buf_addc(u, '%');
			buf_addc(u, hex[*p >> 4]);
			buf_addc(u, hex[*p & 15]);
		}
	}
}

/*
 * immutable=1: SQLite takes no locks and never looks for a journal or WAL file, nor checks
 * whether the file changed between statements. That is safe for a content database because
 * nobody writes one while pwaf reads it: `pwaf index` builds a temporary file and renames it
 * over the old one (atomic_replace), so a reader that has the file open keeps reading the old,
 * complete file; and it is built with journal_mode=OFF, so no hot journal or WAL file ever holds
 * part of it (a copy someone switched to WAL mode is read from its main file, and pwaf makes no
 * -wal or -shm file beside it). Changing a content database in place with another tool while
 * pwaf has it open is not supported. Without locks pwaf also reads a database on a read-only or
 * lock-less file system.
 */
static char *file_uri(const char *path)
{
	struct buf u = BUF_INIT;
	/* An absolute path gets an empty authority, so "//x" cannot be read as a host name. */
	buf_adds(&u, path[0] == '/' ? "file://" : "file:");
	uri_add_path(&u, path);
	buf_adds(&u, "?immutable=1");
	return buf_take(&u);
}

struct cdb *cdb_open(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	char *uri = file_uri(path);
	int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	/* No memory map (also when the SQLite build maps by default) and a small cache: see above. */
	sqlite3_exec(db, "PRAGMA mmap_size=0; PRAGMA cache_size=-" CDB_STR(CDB_FILE_CACHE_KIB), NULL, NULL, NULL);
	return verify(db, path, err, errlen);
}

struct cdb *cdb_open_image(const unsigned char *data, size_t len, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	if (len == 0) {
		snprintf(err, errlen, "this pwaf was built without content: use --db FILE");
		return NULL;
	}
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open the embedded content: out of memory");
		sqlite3_close(db);
		return NULL;
	}
	/* Read-only: SQLite never writes to the image, so static data is safe to hand over. */
	if (sqlite3_deserialize(db, "main", (unsigned char *)data, (sqlite3_int64)len, (sqlite3_int64)len,
				SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		snprintf(err, errlen, "the embedded content database is damaged: %s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	return verify(db, "embedded content", err, errlen);
}

void cdb_close(struct cdb *c)
{
	if (!c) return;
	sqlite3_close(c->db);
	free(c);
}

sqlite3 *cdb_sqlite(struct cdb *c)
{
	return c->db;
}

const char *cdb_errmsg(struct cdb *c)
{
	return sqlite3_errmsg(c->db);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static char **json_strings(const char *json)
{
	cJSON *a = json ? cJSON_Parse(json) : NULL;
	int n = cJSON_IsArray(a) ? cJSON_GetArraySize(a) : 0;
	char **v = xcalloc((size_t)n + 1, sizeof *v);
	int k = 0;
	for (int i = 0; i < n; i++) {
		cJSON *e = cJSON_GetArrayItem(a, i);
		if (cJSON_IsString(e)) v[k++] = xstrdup(e->valuestring);
	}
	cJSON_Delete(a);
	return v;
}

void doc_from_row(struct doc *d, sqlite3_stmt *st)
{
	memset(d, 0, sizeof *d);
	d->id = col_dup(st, 0);
	d->kind = col_dup(st, 1);
	d->title = col_dup(st, 2);
	d->pillar = col_dup(st, 3);
	d->level = col_dup(st, 4);
	d->page = col_dup(st, 5);
	d->source = col_dup(st, 6);
	d->path = col_dup(st, 7);
	d->partners = json_strings((const char *)sqlite3_column_text(st, 8));
	d->probes = json_strings((const char *)sqlite3_column_text(st, 9));
	d->keywords = col_dup(st, 10);
	d->order = sqlite3_column_int(st, 11);
}

static void list_push(struct doc_list *l, sqlite3_stmt *st)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	doc_from_row(&l->v[l->n++], st);
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
	if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else sqlite3_bind_null(st, i);
}

int cdb_list(struct cdb *c, const struct doc_filter *f, struct doc_list *out)
{
	static const char sql[] =
		"SELECT " DOC_COLUMNS " FROM docs d"
		" WHERE (?1 IS NULL OR d.kind = ?1)"
		" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM facets x WHERE x.id = d.id AND x.partner = ?2))"
		" AND (?3 IS NULL OR d.pillar = ?3) AND (?4 IS NULL OR d.level = ?4)"
		" AND (?5 IS NULL OR d.page = ?5)"
		" AND (?6 IS NULL OR instr(lower(d.id || ' ' || d.title), lower(?6)) > 0)"
		" ORDER BY d.kind = 'item', CASE WHEN d.kind = 'page' THEN d.ord END, d.id";
	struct doc_filter none = { 0 };
	if (!f) f = &none;
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
	bind_opt(st, 1, f->kind);
	bind_opt(st, 2, f->partner);
	bind_opt(st, 3, f->pillar);
	bind_opt(st, 4, f->level);
	bind_opt(st, 5, f->page);
	bind_opt(st, 6, f->text);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) list_push(out, st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int cdb_items_of(struct cdb *c, const char *page, struct doc_list *out)
{
	struct doc_filter f = { .kind = "item", .page = page };
	return cdb_list(c, &f, out);
}

int cdb_get(struct cdb *c, const char *id, struct doc *out)
{
	static const char sql[] =
		"SELECT " DOC_COLUMNS ", d.body, d.check_sql, d.check_line FROM docs d WHERE d.id = ?1"
		" UNION ALL SELECT " DOC_COLUMNS ", d.body, d.check_sql, d.check_line FROM docs d"
		" WHERE d.id = ?1 COLLATE NOCASE AND NOT EXISTS (SELECT 1 FROM docs e WHERE e.id = ?1) LIMIT 1";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		doc_from_row(out, st);
		out->body = col_dup(st, 12);
		out->check_sql = col_dup(st, 13);
		out->check_line = sqlite3_column_int(st, 14);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

const char *cdb_meta(struct cdb *c, const char *key, char *buf, size_t len)
{
	return sqlite_meta_get(c->db, key, buf, len);
}

const char *sqlite_meta_get(sqlite3 *db, const char *key, char *buf, size_t len)
{
	sqlite3_stmt *st;
	const char *r = NULL;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK) return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st, 0));
		r = buf;
	}
	sqlite3_finalize(st);
	return r;
}

static void strv_free(char **v)
{
	if (!v) return;
	for (char **p = v; *p; p++) free(*p);
	free(v);
}

void doc_free(struct doc *d)
{
	free(d->id); free(d->kind); free(d->title); free(d->pillar); free(d->level);
	free(d->page); free(d->source); free(d->path); free(d->keywords); free(d->body);
	free(d->check_sql);
	strv_free(d->partners);
	strv_free(d->probes);
	memset(d, 0, sizeof *d);
}

void doc_list_free(struct doc_list *l)
{
	for (size_t i = 0; i < l->n; i++) doc_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

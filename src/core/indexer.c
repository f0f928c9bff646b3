/* indexer.c - build the content database (pages, items, facets, links, FTS5) from content/. */
#include "core/indexer.h"
#include "core/errlen.h"
#include "core/vocab.h"

#include "core/atomicfile.h"

#include "core/buf.h"
#include "core/frontmatter.h"
#include "core/mdscan.h"
#include "core/probes.h"
#include "core/readfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char schema_sql[] =
	"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;"
	"PRAGMA cache_size=-8192; PRAGMA temp_store=MEMORY;"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
	"CREATE TABLE docs(id TEXT PRIMARY KEY COLLATE NOCASE, kind TEXT NOT NULL, title TEXT NOT NULL, pillar TEXT,"
	" level TEXT, page TEXT, source TEXT, ord INTEGER NOT NULL DEFAULT 0, path TEXT NOT NULL,"
	" partners TEXT NOT NULL, keywords TEXT, probes TEXT, check_sql TEXT, check_line INTEGER,"
	" body TEXT NOT NULL, body_line INTEGER NOT NULL);"
	"CREATE TABLE facets(id TEXT NOT NULL, partner TEXT NOT NULL, PRIMARY KEY(partner, id)) WITHOUT ROWID;"
	"CREATE TABLE links(src TEXT NOT NULL, dst TEXT NOT NULL, anchor TEXT, line INTEGER NOT NULL);"
	"CREATE TABLE headings(id TEXT NOT NULL, level INTEGER NOT NULL, text TEXT NOT NULL,"
	" slug TEXT NOT NULL, line INTEGER NOT NULL);"
	"CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, keywords, headings, body,"
	" tokenize = 'porter unicode61 remove_diacritics 2');"
	/* Ids of files that had errors: links to them are not reported again as broken. */
	"CREATE TEMP TABLE failed(id TEXT PRIMARY KEY COLLATE NOCASE);"
	/* Bulk load: no incremental merging; one 'optimize' at the end builds a single segment. */
	"INSERT INTO fts(fts, rank) VALUES('automerge', 0);";

/* Built after the bulk inserts (faster than maintaining them row by row), before validation. */
static const char index_sql[] =
	"CREATE INDEX links_dst ON links(dst);"
	"CREATE INDEX docs_page ON docs(page);"
	"CREATE INDEX headings_id ON headings(id, slug);";

enum { ST_DOC, ST_FACET, ST_LINK, ST_HEADING, ST_FTS, ST_COUNT };

static const char *stmt_sql[ST_COUNT] = {
	[ST_DOC] = ("INSERT INTO docs(id, kind, title, pillar, level, page, source, ord, path, partners, keywords,"
		    " probes, check_sql, check_line, body, body_line) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"),
	[ST_FACET] = "INSERT OR IGNORE INTO facets(id, partner) VALUES(?,?)",
	[ST_LINK] = "INSERT INTO links(src, dst, anchor, line) VALUES(?,?,?,?)",
	[ST_HEADING] = "INSERT INTO headings(id, level, text, slug, line) VALUES(?,?,?,?,?)",
	/* fts rows share the docs row's rowid, so searches join on it without reading fts content. */
	[ST_FTS] = "INSERT INTO fts(rowid, id, title, keywords, headings, body) VALUES(?,?,?,?,?,?)",
};

struct ictx {
	sqlite3 *db;
	sqlite3 *checkdb;          /* empty snapshot schema, to compile check SQL against */
	sqlite3_stmt *st[ST_COUNT];
	struct diag *d;
	struct indexer_stats *stats;
	const char *dir;
};

static void db_error(struct ictx *c, const char *file, const char *what)
{
	diag_add(c->d, file, 0, "%s: %s", what, sqlite3_errmsg(c->db));
}

/* The whole of a regular file of at most INDEXER_MAX_FILE bytes (never a FIFO named x.md, nor a
 * link to /dev/zero); errors are about the whole file (file:0). */
static char *read_file(const char *path, size_t *len, struct diag *d)
{
	char err[PWAF_ERRLEN];
	int missing;
	char *text = readfile_regular(path, INDEXER_MAX_FILE, len, &missing, err, sizeof err);
	if (!text) {
		if (strncmp(err, "not a regular", 13) == 0) diag_add(d, path, 0, "%s: content files are Markdown files", err);
		else diag_add(d, path, 0, "%s", err);
	}
	return text;
}

static char *json_list(const struct fm_list *l)
{
	struct buf b = BUF_INIT;
	buf_addc(&b, '[');
	for (size_t i = 0; i < l->n; i++) {
		if (i) buf_addc(&b, ',');
		buf_addc(&b, '"');
		for (const char *p = l->v[i]; *p; p++) {
			if (*p == '"' || *p == '\\') buf_addc(&b, '\\');
			if ((unsigned char)*p < 0x20) buf_addf(&b, "\\u%04x", *p);
			else buf_addc(&b, *p);
		}
		buf_addc(&b, '"');
	}
	buf_addc(&b, ']');
	return buf_take(&b);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else sqlite3_bind_null(st, i);
}

static int step_reset(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Check SQL must compile against the snapshot schema, read only listed probes, and return
 * (status, evidence). */
static void validate_check(struct ictx *c, const char *path, const struct frontmatter *fm,
			   const struct mdscan *s)
{
	int line = fm->body_line + s->check_line - 1;
	if (s->nchecks > 1)
		diag_add(c->d, path, line, "more than one 'sql check' block: an item has one check");
	if (s->check_sql && fm->kind && vocab_kind_of(fm->kind) == KIND_PAGE)
		diag_add(c->d, path, line, "a 'sql check' block belongs in an item, not a page");
	if (s->check_sql && fm->probes.n == 0)
		diag_add(c->d, path, line, "the check reads the snapshot but 'probes' does not list its endpoints");
	if (!s->check_sql && fm->probes.n)
		diag_add(c->d, path, fm->line[FM_PROBES], "'probes' is set but the item has no 'sql check' block");
	for (size_t i = 0; i < fm->probes.n; i++)
		if (!probe_find(fm->probes.v[i]))
			diag_add(c->d, path, fm->line[FM_PROBES], "unknown probe '%s' (valid: %s)",
				 fm->probes.v[i], probe_names());
	if (!s->check_sql) return;
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	if (sqlite3_prepare_v2(c->checkdb, s->check_sql, -1, &st, &tail) != SQLITE_OK) {
		diag_add(c->d, path, line, "check SQL does not compile: %s", sqlite3_errmsg(c->checkdb));
		return;
	}
	while (tail && (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';')) tail++;
	if (tail && *tail)
		diag_add(c->d, path, line, "check SQL holds more than one statement");
	else if (!sqlite3_stmt_readonly(st))
		diag_add(c->d, path, line, "check SQL must only read the snapshot");
	else if (sqlite3_column_count(st) != 2 || strcmp(sqlite3_column_name(st, 0), "status") != 0 ||
		 strcmp(sqlite3_column_name(st, 1), "evidence") != 0)
		diag_add(c->d, path, line, "check SQL must return two columns named status and evidence");
	sqlite3_finalize(st);
}

/* One parsed content file: what the writes below store. The scan's offsets are relative to the
 * body, which starts at fm.body_line. */
struct parsed {
	const char *path;
	struct frontmatter fm;
	struct mdscan scan;
	char *keywords;            /* "a, b, c", or NULL when there are none */
};

/* The file line of a body line. */
static int file_line(const struct parsed *p, int body_line)
{
	return p->fm.body_line + body_line - 1;
}

/* The path of the file that already holds id (NULL when not found); the caller frees it. */
static char *path_of_id(struct ictx *c, const char *id)
{
	sqlite3_stmt *q;
	char *path = NULL;
	if (sqlite3_prepare_v2(c->db, "SELECT path FROM docs WHERE id = ? COLLATE NOCASE", -1, &q, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) path = xstrdup((const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return path;
}

/* docs: one row. Returns 0 stored, 1 a duplicate id (reported), -1 a database error (reported). */
static int insert_docs_row(struct ictx *c, const struct parsed *p)
{
	const struct frontmatter *fm = &p->fm;
	sqlite3_stmt *st = c->st[ST_DOC];
	char *partners = json_list(&fm->partners);
	char *probes = fm->probes.n ? json_list(&fm->probes) : NULL;
	bind_text(st, 1, fm->id);
	bind_text(st, 2, fm->kind);
	bind_text(st, 3, fm->title);
	bind_text(st, 4, fm->pillar);
	bind_text(st, 5, fm->level);
	bind_text(st, 6, fm->page);
	bind_text(st, 7, fm->source);
	sqlite3_bind_int(st, 8, fm->order);
	bind_text(st, 9, p->path);
	bind_text(st, 10, partners);
	bind_text(st, 11, p->keywords);
	bind_text(st, 12, probes);
	bind_text(st, 13, p->scan.check_sql);
	if (p->scan.check_sql) sqlite3_bind_int(st, 14, file_line(p, p->scan.check_line));
	sqlite3_bind_text(st, 15, fm->body, (int)fm->body_len, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 16, fm->body_line);
	int rc = step_reset(st);
	free(partners);
	free(probes);
	if (rc == SQLITE_CONSTRAINT) {
		char *first = path_of_id(c, fm->id);
		diag_add(c->d, p->path, fm->line[FM_ID], "duplicate id '%s' (already used by %s)", fm->id,
			 first ? first : "another file");
		free(first);
		return 1;
	}
	if (rc != SQLITE_DONE) { db_error(c, p->path, "cannot store document"); return -1; }
	return 0;
}

/* fts: one row sharing the docs row's rowid (the row just inserted). */
static int insert_fts_row(struct ictx *c, const struct parsed *p)
{
	sqlite3_stmt *st = c->st[ST_FTS];
	sqlite3_bind_int64(st, 1, sqlite3_last_insert_rowid(c->db));
	bind_text(st, 2, p->fm.id);
	bind_text(st, 3, p->fm.title);
	bind_text(st, 4, p->keywords ? p->keywords : "");
	bind_text(st, 5, p->scan.headings_text);
	bind_text(st, 6, p->scan.text);
	if (step_reset(st) != SQLITE_DONE) { db_error(c, p->path, "cannot index document"); return -1; }
	return 0;
}

/* facets: one row per partner type. */
static int insert_facets(struct ictx *c, const struct parsed *p)
{
	sqlite3_stmt *st = c->st[ST_FACET];
	for (size_t i = 0; i < p->fm.partners.n; i++) {
		bind_text(st, 1, p->fm.id);
		bind_text(st, 2, p->fm.partners.v[i]);
		if (step_reset(st) != SQLITE_DONE) { db_error(c, p->path, "cannot store facet"); return -1; }
	}
	return 0;
}

/* headings: one row per heading, with its anchor slug. */
static int insert_headings(struct ictx *c, const struct parsed *p)
{
	sqlite3_stmt *st = c->st[ST_HEADING];
	for (size_t i = 0; i < p->scan.nheadings; i++) {
		const struct mdscan_heading *h = &p->scan.headings[i];
		bind_text(st, 1, p->fm.id);
		sqlite3_bind_int(st, 2, h->level);
		bind_text(st, 3, h->text);
		bind_text(st, 4, h->slug);
		sqlite3_bind_int(st, 5, file_line(p, h->line));
		if (step_reset(st) != SQLITE_DONE) { db_error(c, p->path, "cannot store heading"); return -1; }
	}
	return 0;
}

/* links: one row per internal link (target id, anchor); validated after all files are stored. */
static int insert_links(struct ictx *c, const struct parsed *p)
{
	sqlite3_stmt *st = c->st[ST_LINK];
	for (size_t i = 0; i < p->scan.nlinks; i++) {
		const char *t = p->scan.links[i].target;
		if (!mdscan_link_is_internal(t)) continue;
		const char *hash = strchr(t, '#');
		char *dst = hash ? xstrndup(t, (size_t)(hash - t)) : xstrdup(t);
		bind_text(st, 1, p->fm.id);
		bind_text(st, 2, *dst ? dst : p->fm.id);
		bind_text(st, 3, hash ? hash + 1 : NULL);
		sqlite3_bind_int(st, 4, file_line(p, p->scan.links[i].line));
		free(dst);
		if (step_reset(st) != SQLITE_DONE) { db_error(c, p->path, "cannot store link"); return -1; }
		c->stats->links++;
	}
	return 0;
}

/* Store one valid file in every table. Returns 0 (a duplicate id is a reported error, not a
 * failure of the build), -1 on a database error. */
static int store_doc(struct ictx *c, const struct parsed *p)
{
	int rc = insert_docs_row(c, p);
	if (rc != 0) return rc > 0 ? 0 : -1;
	if (insert_fts_row(c, p) < 0 || insert_facets(c, p) < 0 || insert_headings(c, p) < 0 ||
	    insert_links(c, p) < 0)
		return -1;
	if (vocab_kind_of(p->fm.kind) == KIND_PAGE) c->stats->pages++;
	else c->stats->items++;
	if (p->scan.check_sql) c->stats->checks++;
	return 0;
}

static char *keywords_joined(const struct fm_list *l)
{
	if (l->n == 0) return NULL;
	struct buf kw = BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		if (i) buf_adds(&kw, ", ");
		buf_adds(&kw, l->v[i]);
	}
	if (kw.len == 0) { buf_free(&kw); return NULL; }
	return buf_take(&kw);
}

static void note_failed(struct ictx *c, const char *id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO failed(id) VALUES(?)", -1, &st, NULL) != SQLITE_OK) return;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

/* Parse and validate one file's text into p (front matter, Markdown scan, check SQL); every
 * problem is reported to c->d. Returns 1 when p holds a scan (to be freed with mdscan_free), else 0. */
static int parse_doc(struct ictx *c, struct parsed *p, const char *expected_id, const char *text, size_t len)
{
	if (memchr(text, '\0', len)) {
		diag_add(c->d, p->path, 0, "binary file: content files are UTF-8 Markdown");
		return 0;
	}
	if (fm_parse(&p->fm, p->path, expected_id, text, len, c->d) != 0) return 0;
	if (mdscan_run(&p->scan, p->fm.body, p->fm.body_len) < 0)
		diag_add(c->d, p->path, p->fm.body_line, "the Markdown parser rejected this file");
	if (!p->scan.h1)
		diag_add(c->d, p->path, p->fm.body_line, "the body has no '# Title' heading");
	validate_check(c, p->path, &p->fm, &p->scan);
	return 1;
}

/* Read, parse and validate one file; store it when it has no error. Returns -1 only on a
 * database error (errors in the file are reported and the walk goes on). */
static int index_file(struct ictx *c, const char *name)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/%s", c->dir, name);
	size_t len = 0;
	char *text = read_file(buf_str(&path), &len, c->d);
	if (!text) { buf_free(&path); return 0; }
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	char *expected = xstrndup(base, strlen(base) - 3);
	struct parsed p;
	int rc = 0;
	size_t errors_before = c->d->n;
	memset(&p, 0, sizeof p);
	p.path = buf_str(&path);
	if (parse_doc(c, &p, expected, text, len)) {
		if (c->d->n == errors_before) {
			p.keywords = keywords_joined(&p.fm.keywords);
			rc = store_doc(c, &p);
			free(p.keywords);
		}
		mdscan_free(&p.scan);
	}
	if (c->d->n != errors_before) note_failed(c, p.fm.id ? p.fm.id : expected);
	fm_free(&p.fm);
	free(expected);
	free(text);
	buf_free(&path);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories already walked, by device and inode: each is walked once, however many symbolic
 * links lead to it (two links to '.' would otherwise recurse without end). */
struct walk {
	const char *root;
	char **names;
	size_t n;
	struct { dev_t dev; ino_t ino; } *seen;
	size_t nseen;
	struct diag *d;
};

static int walk_once(struct walk *w, const struct stat *sb)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == sb->st_dev && w->seen[i].ino == sb->st_ino) return 0;
	w->seen = xrealloc(w->seen, (w->nseen + 1) * sizeof *w->seen);
	w->seen[w->nseen].dev = sb->st_dev;
	w->seen[w->nseen].ino = sb->st_ino;
	w->nseen++;
	return 1;
}

static int is_md(const char *name)
{
	size_t l = strlen(name);
	return l > 3 && strcmp(name + l - 3, ".md") == 0;
}

/* Collect *.md names below rel (relative paths, dot files skipped). Entries are looked at with
 * lstat; a symbolic link is followed to a directory (walked once) or taken as a file; what is not
 * a regular file is reported when read_file opens it. */
static void walk_dir(struct walk *w, const char *rel)
{
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s%s%s", w->root, *rel ? "/" : "", rel);
	DIR *dp = opendir(buf_str(&path));
	if (!dp) {
		diag_add(w->d, buf_str(&path), 0, "cannot open content directory: %s", strerror(errno));
		buf_free(&path);
		return;
	}
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		if (e->d_name[0] == '.') continue;
		struct buf child = BUF_INIT, full = BUF_INIT;
		buf_addf(&child, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		buf_addf(&full, "%s/%s", w->root, buf_str(&child));
		struct stat sb;
		int ok = lstat(buf_str(&full), &sb) == 0;
		if (ok && S_ISLNK(sb.st_mode) && stat(buf_str(&full), &sb) != 0) ok = 0;  /* dangling: read_file says so */
		if (ok && S_ISDIR(sb.st_mode)) {
			if (walk_once(w, &sb)) walk_dir(w, buf_str(&child));
		} else if (is_md(e->d_name)) {
			w->names = xrealloc(w->names, (w->n + 1) * sizeof *w->names);
			w->names[w->n++] = buf_take(&child);
		}
		buf_free(&child);
		buf_free(&full);
	}
	closedir(dp);
	buf_free(&path);
}

static int list_dir(const char *dir, char ***names, size_t *n, struct diag *d)
{
	struct walk w = { dir, NULL, 0, NULL, 0, d };
	struct stat sb;
	if (stat(dir, &sb) == 0) walk_once(&w, &sb);
	walk_dir(&w, "");
	free(w.seen);
	*names = w.names;
	*n = w.n;
	if (d->n) return -1;
	qsort(*names, *n, sizeof **names, name_cmp);
	if (*n == 0) diag_add(d, dir, 0, "no .md files in the content directory");
	return *n ? 0 : -1;
}

/* Cross-file rules, as queries over what was stored: every row is one error. */
static void cross_validate(struct ictx *c)
{
	if (sqlite3_exec(c->db, index_sql, NULL, NULL, NULL) != SQLITE_OK) {
		db_error(c, c->dir, "cannot index links");
		return;
	}
	static const char *rules[] = {
		"SELECT d.path, d.body_line, 'item page ''' || d.page || ''' does not exist'"
		" FROM docs d WHERE d.kind = 'item' AND d.page NOT IN (SELECT id FROM docs)"
		" AND d.page NOT IN (SELECT id FROM failed)",
		"SELECT d.path, d.body_line, 'item page ''' || d.page || ''' is an item, not a page'"
		" FROM docs d JOIN docs p ON p.id = d.page WHERE d.kind = 'item' AND p.kind <> 'page'",
		"SELECT s.path, l.line, 'broken link: no page or item has id ''' || l.dst || ''''"
		" FROM links l JOIN docs s ON s.id = l.src WHERE l.dst NOT IN (SELECT id FROM docs)"
		" AND l.dst NOT IN (SELECT id FROM failed)",
		"SELECT s.path, l.line, 'broken link: ''' || l.dst || ''' has no heading #' || l.anchor"
		" FROM links l JOIN docs s ON s.id = l.src WHERE l.anchor IS NOT NULL AND l.anchor <> ''"
		" AND l.dst IN (SELECT id FROM docs)"
		" AND NOT EXISTS (SELECT 1 FROM headings h WHERE h.id = l.dst AND h.slug = l.anchor)",
	};
	for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(c->db, rules[i], -1, &st, NULL) != SQLITE_OK) {
			db_error(c, c->dir, "validation query failed");
			continue;
		}
		while (sqlite3_step(st) == SQLITE_ROW)
			diag_add(c->d, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1), "%s",
				 (const char *)sqlite3_column_text(st, 2));
		sqlite3_finalize(st);
	}
}

static int open_dbs(struct ictx *c, const char *tmp)
{
	if (sqlite3_open_v2(tmp, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		diag_add(c->d, tmp, 0, "cannot create database: %s", c->db ? sqlite3_errmsg(c->db) : "out of memory");
		return -1;
	}
	if (sqlite3_open(":memory:", &c->checkdb) != SQLITE_OK ||
	    sqlite3_exec(c->checkdb, probe_schema_sql(), NULL, NULL, NULL) != SQLITE_OK) {
		diag_add(c->d, tmp, 0, "cannot create the check schema");
		return -1;
	}
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v2(c->db, stmt_sql[i], -1, &c->st[i], NULL) != SQLITE_OK) {
			db_error(c, tmp, "cannot prepare");
			return -1;
		}
	return sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int finish_db(struct ictx *c, const char *tmp)
{
	struct buf meta = BUF_INIT;
	buf_addf(&meta, "INSERT INTO meta VALUES('schema_version','%d'),('pages','%d'),('items','%d'),"
		 "('built_at', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now'));",
		 CONTENT_SCHEMA_VERSION, c->stats->pages, c->stats->items);
	int rc = sqlite3_exec(c->db, buf_str(&meta), NULL, NULL, NULL);
	buf_free(&meta);
	if (rc == SQLITE_OK) rc = sqlite3_exec(c->db, "INSERT INTO fts(fts) VALUES('optimize')", NULL, NULL, NULL);
	if (rc == SQLITE_OK) rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) db_error(c, tmp, "cannot finish database");
	return rc == SQLITE_OK ? 0 : -1;
}

static void close_dbs(struct ictx *c)
{
	for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(c->st[i]);
	sqlite3_close(c->db);
	sqlite3_close(c->checkdb);
}

int indexer_build(const char *content_dir, const char *output, struct indexer_stats *st, struct diag *d)
{
	struct indexer_stats dummy;
	struct ictx c;
	memset(&c, 0, sizeof c);
	c.d = d;
	c.stats = st ? st : &dummy;
	memset(c.stats, 0, sizeof *c.stats);
	c.dir = content_dir;
	char **names = NULL;
	size_t n = 0;
	if (list_dir(content_dir, &names, &n, d) < 0) { free(names); return -1; }

	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "%s.tmp.%ld", output, (long)getpid());
	unlink(buf_str(&tmp));
	int rc = open_dbs(&c, buf_str(&tmp));
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && index_file(&c, names[i]) < 0) rc = -1;
		free(names[i]);
	}
	free(names);
	if (rc == 0) cross_validate(&c);
	if (rc == 0 && d->n == 0) rc = finish_db(&c, buf_str(&tmp));
	close_dbs(&c);
	char err[PWAF_ERRLEN];
	if (rc == 0 && d->n == 0 && atomic_replace(buf_str(&tmp), output, err, sizeof err) != 0)
		diag_add(d, output, 0, "%s", err + strlen(output) + 2);
	if (d->n) unlink(buf_str(&tmp));
	buf_free(&tmp);
	return d->n ? -1 : 0;
}

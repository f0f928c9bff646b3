/* search.c - ranked full-text search over the content database (FTS5, bm25). */
#include "core/search.h"

#include "core/contentdb_sql.h"

#include "core/buf.h"

#include <ctype.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 32
#define MAX_WORD_BYTES 64

/* bm25 weights by column: id (unindexed), title, keywords, headings, body. */
#define BM25_EXPR "bm25(fts, 0.0, 10.0, 8.0, 4.0, 1.0)"
/* bm25 is negative (lower is better). Among the best candidates by bm25, pages (the entry
 * points) get a bonus, and so do documents whose title starts with the first word typed (?7). */
#define RANK_EXPR "top.r * (1.0 + 0.2 * (d.kind = 'page')" \
	" + 0.3 * (?7 IS NOT NULL AND lower(substr(d.title, 1, length(?7))) = lower(?7)))"
#define FILTERS " AND (?2 IS NULL OR d.kind = ?2)" \
	" AND (?3 IS NULL OR EXISTS (SELECT 1 FROM facets x WHERE x.id = d.id AND x.partner = ?3))" \
	" AND (?4 IS NULL OR d.pillar = ?4) AND (?5 IS NULL OR d.level = ?5)"
/* Two phases: the best ?8 candidates by bm25 alone (reading only the index), then the bonus,
 * the documents' fields and snippets for those few. Filters need the docs row in phase one. */
#define OUTER "SELECT " DOC_COLUMNS ", " RANK_EXPR " AS rank, snippet(fts, -1, char(1), char(2), '…', 14)" \
	" FROM top JOIN fts ON fts.rowid = top.rid JOIN docs d ON d.rowid = top.rid" \
	" WHERE fts MATCH ?1 ORDER BY rank LIMIT ?6"

static const char sql_plain[] =
	"WITH top AS (SELECT fts.rowid AS rid, " BM25_EXPR " AS r FROM fts WHERE fts MATCH ?1"
	" AND ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL ORDER BY r LIMIT ?8) " OUTER;
static const char sql_filtered[] =
	"WITH top AS (SELECT fts.rowid AS rid, " BM25_EXPR " AS r FROM fts JOIN docs d ON d.rowid = fts.rowid"
	" WHERE fts MATCH ?1" FILTERS " ORDER BY r LIMIT ?8) " OUTER;

static const char *const stop_words[] = {
	"a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "could", "do", "does", "for",
	"from", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our",
	"should", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they",
	"this", "to", "us", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with",
	"would", "you", "your", "each", "any", "all", "get", "there", NULL
};

static int is_stop_word(const char *w, size_t n)
{
	for (const char *const *s = stop_words; *s; s++)
		if (strlen(*s) == n && strncasecmp(*s, w, n) == 0) return 1;
	return 0;
}

static int is_word_byte(unsigned char c)
{
	return c >= 0x80 || isalnum(c);
}

struct word {
	const char *start;   /* a run of non-space text: may hold punctuation ("customer_id") */
	size_t len;
	int stop;
};

/* Split on white space; each chunk becomes one phrase of its alphanumeric parts. */
static size_t split_words(const char *text, struct word *w, size_t max)
{
	size_t n = 0;
	const char *p = text;
	while (*p && n < max) {
		while (*p && !is_word_byte((unsigned char)*p)) p++;
		if (!*p) break;
		const char *s = p;
		/* A chunk runs until white space; punctuation inside joins its parts ("customer_id"). */
		while (*p && !isspace((unsigned char)*p)) p++;
		const char *e = p;
		while (e > s && !is_word_byte((unsigned char)e[-1])) e--;
		w[n].start = s;
		w[n].len = (size_t)(e - s);
		w[n].stop = is_stop_word(s, w[n].len);
		n++;
	}
	return n;
}

static void add_phrase(struct buf *q, const struct word *w)
{
	buf_addc(q, '"');
	size_t kept = 0;
	int gap = 0;
	for (size_t i = 0; i < w->len && kept < MAX_WORD_BYTES; i++) {
		unsigned char c = (unsigned char)w->start[i];
		if (is_word_byte(c)) {
			if (gap && kept) buf_addc(q, ' ');
			gap = 0;
			buf_addc(q, (char)c);
			kept++;
		} else {
			gap = 1;
		}
	}
	buf_addc(q, '"');
}

char *search_build_query(const char *text, enum search_mode mode, int prefix)
{
	struct word w[MAX_WORDS];
	size_t n = split_words(text ? text : "", w, MAX_WORDS);
	size_t content = 0;
	for (size_t i = 0; i < n; i++) content += !w[i].stop;
	if (n == 0) return NULL;
	struct buf q = BUF_INIT;
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		if (content && w[i].stop) continue;
		if (used++) buf_adds(&q, mode == SEARCH_ALL_WORDS ? " AND " : " OR ");
		add_phrase(&q, &w[i]);
		/* Prefix only the last word, and only when the user is still typing it. */
		if (prefix && i == n - 1) buf_addc(&q, '*');
	}
	return buf_take(&q);
}

static int seen(const struct search_hits *h, const char *id)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->v[i].doc.id, id) == 0) return 1;
	return 0;
}

static int run_query(struct cdb *c, const char *q, const char *first_word, const struct doc_filter *f,
		     int limit, struct search_hits *out)
{
	int filtered = f->kind || f->partner || f->pillar || f->level;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(cdb_sqlite(c), filtered ? sql_filtered : sql_plain, -1, &st, NULL) != SQLITE_OK) return -1;
	sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
	const char *vals[] = { f->kind, f->partner, f->pillar, f->level };
	for (int i = 0; i < 4; i++) {
		if (vals[i]) sqlite3_bind_text(st, i + 2, vals[i], -1, SQLITE_STATIC);
		else sqlite3_bind_null(st, i + 2);
	}
	sqlite3_bind_int(st, 6, limit + (int)out->n);
	if (first_word) sqlite3_bind_text(st, 7, first_word, -1, SQLITE_STATIC);
	else sqlite3_bind_null(st, 7);
	int want = limit + (int)out->n;
	sqlite3_bind_int(st, 8, want * 4 > 40 ? want * 4 : 40);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && (int)out->n < limit) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (seen(out, id)) continue;
		out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
		struct search_hit *h = &out->v[out->n++];
		doc_from_row(&h->doc, st);
		h->score = -sqlite3_column_double(st, 12);
		const unsigned char *sn = sqlite3_column_text(st, 13);
		h->snippet = xstrdup(sn ? (const char *)sn : "");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

/* A query that is exactly an id (as people type "BO-TAG-01") finds that document first. */
static void add_exact_id(struct cdb *c, const char *text, const struct doc_filter *f, struct search_hits *out)
{
	while (*text == ' ') text++;
	size_t n = strlen(text);
	while (n && text[n - 1] == ' ') n--;
	if (n == 0 || n > 64 || memchr(text, ' ', n)) return;
	char id[65];
	memcpy(id, text, n);
	id[n] = '\0';
	struct doc d;
	if (cdb_get(c, id, &d) != 0) return;
	int keep = (!f->kind || strcmp(f->kind, d.kind) == 0) && (!f->pillar || (d.pillar && strcmp(f->pillar, d.pillar) == 0)) &&
		   (!f->level || (d.level && strcmp(f->level, d.level) == 0));
	if (keep && f->partner) {
		keep = 0;
		for (char **p = d.partners; *p; p++) keep |= strcmp(*p, f->partner) == 0;
	}
	if (!keep) { doc_free(&d); return; }
	free(d.body); d.body = NULL;
	free(d.check_sql); d.check_sql = NULL;
	out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
	struct search_hit *h = &out->v[out->n++];
	h->doc = d;
	h->score = 1.0;      /* raised above the best ranked hit in search_run */
	struct buf sn = BUF_INIT;
	buf_addc(&sn, SEARCH_MARK_ON);
	buf_adds(&sn, d.id);
	buf_addc(&sn, SEARCH_MARK_OFF);
	buf_addf(&sn, " %s", d.title);
	h->snippet = buf_take(&sn);
}

int search_run(struct cdb *c, const char *text, const struct doc_filter *f, int limit, int prefix,
	       struct search_hits *out)
{
	struct doc_filter none = { 0 };
	memset(out, 0, sizeof *out);
	if (!f) f = &none;
	if (limit <= 0) return 0;
	size_t exact = 0;
	if (text) add_exact_id(c, text, f, out);
	exact = out->n;
	struct word w[1];
	char *first = NULL;
	for (size_t n = split_words(text ? text : "", w, 1); n; n = 0)
		if (!w[0].stop) first = xstrndup(w[0].start, w[0].len);
	for (int mode = SEARCH_ALL_WORDS; mode <= SEARCH_ANY_WORD && (int)out->n < limit; mode++) {
		char *q = search_build_query(text, (enum search_mode)mode, prefix);
		if (!q) break;
		int rc = run_query(c, q, first, f, limit, out);
		free(q);
		if (rc < 0) { free(first); return -1; }
	}
	free(first);
	if (exact && out->n > 1) out->v[0].score = out->v[1].score + 1.0;   /* the id typed in full ranks first */
	return 0;
}

void search_hits_free(struct search_hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		doc_free(&h->v[i].doc);
		free(h->v[i].snippet);
	}
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

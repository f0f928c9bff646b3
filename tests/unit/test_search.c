/* test_search.c - query escaping, bm25 ranking with column weights, filters, snippets, files read in place. */
#include "core/buf.h"
#include "core/contentdb_sql.h"   /* cdb_sqlite, sqlite3: the tests look under the handle */
#include "core/search.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CDB_TEST_STR2(x) #x
#define CDB_TEST_STR(x) CDB_TEST_STR2(x)

static char *dir;
static struct cdb *db;
static struct search_hits h;

static void add(const char *name, char *text)
{
	tu_write(dir, name, text);
	free(text);
}

static void setup(void)
{
	dir = tu_tmpdir();
	add("oauth-m2m.md", tu_page("oauth-m2m", "OAuth machine-to-machine", "connected-isv",
				   "Service principals get tokens with client credentials.\n\n## Token lifetime\n\nOne hour."));
	add("telemetry.md", tu_page("telemetry", "Telemetry and attribution", "connected-isv",
				   "Set the User-Agent. Unrelated mention of oauth once."));
	add("cost.md", tu_page("cost", "Cost attribution", "built-on",
			      "Tags flow into system billing usage. Chargeback per customer."));
	add("BO-TAG-01.md", tu_item("BO-TAG-01", "customer_id tag on all compute", "cost", "required",
				    "Every cluster carries the customer_id tag so cost is attributed per tenant."));
	add("BO-TAG-02.md", tu_item("BO-TAG-02", "Cluster policy per tenant", "cost", "recommended",
				    "## Token rotation\n\nA policy fixes the tag. Rotate personal access tokens."));
	add("rotation.md", tu_page("rotation", "Token rotation", "mcp", "Rotate them."));
	add("diacritics.md", tu_page("diacritics", "Überblick der Plattform", "mcp", "Café résumé."));
	struct diag d = { 0 };
	cr_assert_eq(tu_index(dir, &d), 0, "%s", tu_diag_text(&d));
	diag_free(&d);
	db = tu_open(dir);
	cr_assert_not_null(db);
	memset(&h, 0, sizeof h);
}

static void teardown(void)
{
	search_hits_free(&h);
	cdb_close(db);
	tu_rmrf(dir);
	free(dir);
}

TestSuite(search, .init = setup, .fini = teardown);

static int run(const char *q, const struct doc_filter *f, int limit)
{
	search_hits_free(&h);
	return search_run(db, q, f, limit, 0, &h);
}

Test(search, oauth_ranks_the_oauth_page_first)
{
	cr_assert_eq(run("oauth", NULL, 10), 0);
	cr_assert_geq(h.n, 2);
	cr_assert_str_eq(h.v[0].doc.id, "oauth-m2m");
	cr_assert_gt(h.v[0].score, h.v[1].score, "scores fall with rank");
}

Test(search, title_outweighs_headings)
{
	cr_assert_eq(run("token rotation", NULL, 10), 0);
	cr_assert_geq(h.n, 2);
	cr_assert_str_eq(h.v[0].doc.id, "rotation", "title match first");
	cr_assert_str_eq(h.v[1].doc.id, "BO-TAG-02", "heading match second");
}

Test(search, stemming_finds_other_word_forms)
{
	cr_assert_eq(run("tagging customers", NULL, 10), 0);
	cr_assert_geq(h.n, 1);
	cr_assert_str_eq(h.v[0].doc.id, "BO-TAG-01");
}

Test(search, filters_by_partner_kind_and_level)
{
	struct doc_filter f = { .partner = "built-on" };
	cr_assert_eq(run("tag", &f, 10), 0);
	for (size_t i = 0; i < h.n; i++) cr_assert(strcmp(h.v[i].doc.id, "rotation") != 0);
	struct doc_filter k = { .kind = "page" };
	cr_assert_eq(run("tag", &k, 10), 0);
	cr_assert_eq(h.n, 1);
	cr_assert_str_eq(h.v[0].doc.id, "cost");
	struct doc_filter l = { .level = "recommended" };
	cr_assert_eq(run("tag", &l, 10), 0);
	cr_assert_eq(h.n, 1);
	cr_assert_str_eq(h.v[0].doc.id, "BO-TAG-02");
}

Test(search, every_word_matches_rank_before_some_words_match)
{
	cr_assert_eq(run("chargeback oauth", NULL, 10), 0);
	cr_assert_geq(h.n, 2, "no doc has both words: any-word results fill up the list");
	int cost = 0, oauth = 0;
	for (size_t i = 0; i < h.n; i++) {
		cost |= strcmp(h.v[i].doc.id, "cost") == 0;
		oauth |= strcmp(h.v[i].doc.id, "oauth-m2m") == 0;
	}
	cr_assert(cost && oauth);
	cr_assert_eq(run("customer tag cluster", NULL, 10), 0);
	cr_assert_str_eq(h.v[0].doc.id, "BO-TAG-01");
}

Test(search, fts_syntax_in_user_input_is_literal)
{
	const char *nasty[] = { "\"", "\"oauth", "oauth\"\"", "NOT oauth", "oauth AND", "OR", "NEAR(a b)",
				"*", "oauth*", "(((", "col:oauth", "title:oauth", "^oauth", "a - b", "'; DROP TABLE docs; --",
				"\\", "{a b}", "+", "oauth OR OR OR", "\xff\xfe", NULL };
	for (int i = 0; nasty[i]; i++)
		cr_assert_eq(run(nasty[i], NULL, 10), 0, "query %d failed: %s", i, sqlite3_errmsg(cdb_sqlite(db)));
	cr_assert_eq(run("NOT oauth", NULL, 10), 0);
	cr_assert_geq(h.n, 1, "NOT is a word, not an operator");
}

Test(search, empty_and_stop_word_only_queries)
{
	cr_assert_null(search_build_query("", SEARCH_ALL_WORDS, 0));
	cr_assert_null(search_build_query("  ?!  ", SEARCH_ALL_WORDS, 0));
	cr_assert_eq(run("", NULL, 10), 0);
	cr_assert_eq(h.n, 0);
	char *q = search_build_query("what is the", SEARCH_ALL_WORDS, 0);
	cr_assert_not_null(q, "stop words are kept when nothing else is left");
	free(q);
}

Test(search, ten_kilobytes_of_text)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++) buf_adds(&b, "oauth \"x\" ");
	cr_assert_geq(b.len, 10000);
	cr_assert_eq(run(buf_str(&b), NULL, 10), 0);
	cr_assert_geq(h.n, 1);
	buf_free(&b);
}

Test(search, query_building_quotes_each_word)
{
	char *q = search_build_query("which tag attributes \"cost\" customer_id", SEARCH_ALL_WORDS, 0);
	cr_assert_str_eq(q, "\"tag\" AND \"attributes\" AND \"cost\" AND \"customer id\"");
	free(q);
	q = search_build_query("oau", SEARCH_ANY_WORD, 1);
	cr_assert_str_eq(q, "\"oau\"*");
	free(q);
}

Test(search, prefix_search_as_you_type)
{
	search_hits_free(&h);
	cr_assert_eq(search_run(db, "oaut", NULL, 10, 1, &h), 0);
	cr_assert_geq(h.n, 1);
	cr_assert_str_eq(h.v[0].doc.id, "oauth-m2m");
}

Test(search, snippets_mark_the_match)
{
	cr_assert_eq(run("chargeback", NULL, 10), 0);
	cr_assert_eq(h.n, 1);
	char *on = strchr(h.v[0].snippet, SEARCH_MARK_ON);
	cr_assert_not_null(on, "%s", h.v[0].snippet);
	cr_assert(strncmp(on + 1, "Chargeback", 10) == 0, "%s", on);
	cr_assert_eq(on[11], SEARCH_MARK_OFF);
}

Test(search, limit_is_respected)
{
	cr_assert_eq(run("tag", NULL, 1), 0);
	cr_assert_eq(h.n, 1);
}

Test(search, diacritics_are_folded)
{
	cr_assert_eq(run("uberblick", NULL, 10), 0);
	cr_assert_eq(h.n, 1);
	cr_assert_str_eq(h.v[0].doc.id, "diacritics");
	cr_assert_eq(run("cafe", NULL, 10), 0);
	cr_assert_eq(h.n, 1);
}

Test(search, an_exact_id_comes_first)
{
	cr_assert_eq(run("bo-tag-02", NULL, 10), 0);
	cr_assert_geq(h.n, 1);
	cr_assert_str_eq(h.v[0].doc.id, "BO-TAG-02");
	struct doc_filter f = { .kind = "page" };
	cr_assert_eq(run("BO-TAG-02", &f, 10), 0);
	for (size_t i = 0; i < h.n; i++) cr_assert_str_neq(h.v[i].doc.id, "BO-TAG-02", "filters still apply");
}

/* ---- a database file is read in place ---------------------------------------------------- */

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return (unsigned char *)buf_take(&b);
}

/* Every answer from the file opened in place equals the answer from the same bytes in memory
 * (the way the embedded database is opened): hits, scores, snippets, lists and bodies. */
Test(search, a_file_read_in_place_answers_like_the_same_database_in_memory)
{
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/out.db", dir);
	size_t len;
	unsigned char *image = slurp(path, &len);
	struct cdb *mem = cdb_open_image(image, len, err, sizeof err);
	cr_assert_not_null(mem, "%s", err);
	const char *queries[] = { "oauth", "token rotation", "tagging customers", "chargeback oauth", "bo-tag-02", "cafe", NULL };
	struct doc_filter filters[] = { { 0 }, { .partner = "built-on" }, { .kind = "item", .level = "required" } };
	for (int q = 0; queries[q]; q++)
		for (size_t k = 0; k < sizeof filters / sizeof *filters; k++) {
			struct search_hits a, b;
			cr_assert_eq(search_run(db, queries[q], &filters[k], 10, q % 2, &a), 0);
			cr_assert_eq(search_run(mem, queries[q], &filters[k], 10, q % 2, &b), 0);
			cr_assert_eq(a.n, b.n, "'%s' filter %zu: %zu hits in place, %zu in memory", queries[q], k, a.n, b.n);
			for (size_t i = 0; i < a.n; i++) {
				cr_assert_str_eq(a.v[i].doc.id, b.v[i].doc.id, "'%s' hit %zu", queries[q], i);
				cr_assert_eq(a.v[i].score, b.v[i].score, "'%s' hit %zu", queries[q], i);
				cr_assert_str_eq(a.v[i].snippet, b.v[i].snippet, "'%s' hit %zu", queries[q], i);
			}
			search_hits_free(&a);
			search_hits_free(&b);
		}
	struct doc_list la, lb;
	cr_assert_eq(cdb_list(db, NULL, &la), 0);
	cr_assert_eq(cdb_list(mem, NULL, &lb), 0);
	cr_assert_eq(la.n, 7);
	cr_assert_eq(la.n, lb.n);
	for (size_t i = 0; i < la.n; i++) {
		cr_assert_str_eq(la.v[i].id, lb.v[i].id);
		struct doc da, dm;
		cr_assert_eq(cdb_get(db, la.v[i].id, &da), 0);
		cr_assert_eq(cdb_get(mem, la.v[i].id, &dm), 0);
		cr_assert_str_eq(da.body, dm.body, "%s", la.v[i].id);
		doc_free(&da);
		doc_free(&dm);
	}
	doc_list_free(&la);
	doc_list_free(&lb);
	cdb_close(mem);
	free(image);
}

/* A kB figure from /proc/self/status ("VmHWM", "RssFile"), or -1. */
static long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f) return -1;
	char line[256];
	long kb = -1;
	size_t n = strlen(field);
	while (kb < 0 && fgets(line, sizeof line, f))
		if (strncmp(line, field, n) == 0 && line[n] == ':') kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

#define BIG_DOCS 12000   /* with 4,000-byte bodies: a database of about 50 MB */

/* In a child process, so that building it leaves the test's peak memory untouched: a content
 * database (the small tree of the search suite) padded with BIG_DOCS documents. */
static void build_big(const char *path)
{
	pid_t pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		struct diag d = { 0 };
		sqlite3 *w = NULL;
		int ok = tu_index(dir, &d) == 0 && sqlite3_open(path, &w) == SQLITE_OK &&
			 sqlite3_exec(w, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
				      "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " CDB_TEST_STR(BIG_DOCS) " - 1)"
				      " INSERT INTO docs(id, kind, title, ord, path, partners, body, body_line)"
				      " SELECT 'pad-' || i, 'page', 'Padding ' || i, 100 + i, 'pad.md', '[\"mcp\"]', hex(randomblob(2000)), 1 FROM n",
				      NULL, NULL, NULL) == SQLITE_OK;
		sqlite3_close(w);
		_exit(ok ? 0 : 1);
	}
	int st = 0;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "could not build the large database");
}

/* `--db FILE` reads the pages it needs into a small cache: it neither loads the file into memory
 * nor maps it (a mapped page stays resident, and counts, once read). Reading every document of a
 * 50 MB database raises neither the file-backed resident memory nor the peak by more than a
 * fraction of the file's size. */
Test(search, reading_every_document_of_a_large_file_keeps_memory_flat)
{
	char path[512], err[256], id[32];
	snprintf(path, sizeof path, "%s/out.db", dir);
	cdb_close(db);
	db = NULL;
	build_big(path);
	struct stat sb;
	cr_assert_eq(stat(path, &sb), 0);
	long size_kb = (long)(sb.st_size / 1024);
	cr_assert_gt(size_kb, 40 * 1024, "the database is only %ld kB", size_kb);
	long hwm0 = status_kb("VmHWM"), file0 = status_kb("RssFile");
	if (hwm0 < 0 || file0 < 0) cr_skip_test("no /proc/self/status here");

	db = cdb_open(path, err, sizeof err);
	cr_assert_not_null(db, "%s", err);
	size_t body_bytes = 0;
	for (int i = 0; i < BIG_DOCS; i++) {
		struct doc d;
		snprintf(id, sizeof id, "pad-%d", i);
		cr_assert_eq(cdb_get(db, id, &d), 0, "%s", id);
		body_bytes += strlen(d.body);
		doc_free(&d);
	}
	cr_assert_eq(body_bytes, (size_t)BIG_DOCS * 4000, "every body was read");
	cr_assert_eq(run("token rotation", NULL, 10), 0);
	cr_assert_str_eq(h.v[0].doc.id, "rotation", "search still works on the large file");
	long file1 = status_kb("RssFile"), hwm1 = status_kb("VmHWM");
	cr_assert_lt(file1 - file0, size_kb / 8, "file pages resident: +%ld kB for a %ld kB file (mapped?)",
		     file1 - file0, size_kb);
#if !defined(__SANITIZE_ADDRESS__)
	/* AddressSanitizer keeps freed blocks aside, so the peak says nothing in that build. */
	cr_assert_lt(hwm1 - hwm0, size_kb / 4, "peak memory: +%ld kB for a %ld kB file", hwm1 - hwm0, size_kb);
#else
	(void)hwm1;
#endif
}

/* test_search.c - query escaping, bm25 ranking with column weights, filters and snippets. */
#include "buf.h"
#include "search.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

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

/* test_indexer.c - building the content database and every cross-file validation error. */
#include "core/buf.h"
#include "core/indexer.h"
#include "core/search.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;
static struct diag d;

static void setup(void)
{
	dir = tu_tmpdir();
	memset(&d, 0, sizeof d);
	char *p = tu_page("cost", "Cost attribution", "built-on", "See [the tag item](BO-TAG-01).\n\n## Budget policies\n\nText.");
	tu_write(dir, "cost.md", p);
	free(p);
	p = tu_item("BO-TAG-01", "customer_id tag on compute", "cost", "required",
		    "Back to [cost](cost#budget-policies) and [docs](https://docs.databricks.com).");
	tu_write(dir, "BO-TAG-01.md", p);
	free(p);
}

static void teardown(void)
{
	diag_free(&d);
	tu_rmrf(dir);
	free(dir);
}

TestSuite(indexer, .init = setup, .fini = teardown);

static int out_exists(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/out.db", dir);
	return access(path, F_OK) == 0;
}

Test(indexer, builds_pages_items_facets_and_links)
{
	struct indexer_stats st;
	char out[512];
	snprintf(out, sizeof out, "%s/out.db", dir);
	cr_assert_eq(indexer_build(dir, out, &st, &d), 0, "%s", tu_diag_text(&d));
	cr_assert_eq(st.pages, 1);
	cr_assert_eq(st.items, 1);
	cr_assert_eq(st.links, 2, "two internal links, the https one is external");
	struct cdb *c = tu_open(dir);
	cr_assert_not_null(c);
	struct doc_filter f = { .partner = "built-on", .kind = "item" };
	struct doc_list l;
	cr_assert_eq(cdb_list(c, &f, &l), 0);
	cr_assert_eq(l.n, 1);
	cr_assert_str_eq(l.v[0].id, "BO-TAG-01");
	cr_assert_str_eq(l.v[0].page, "cost");
	doc_list_free(&l);
	struct doc doc;
	cr_assert_eq(cdb_get(c, "bo-tag-01", &doc), 0, "ids are found whatever their case");
	cr_assert(strstr(doc.body, "# customer_id tag on compute") != NULL);
	doc_free(&doc);
	cr_assert_eq(cdb_get(c, "nope", &doc), 1);
	cdb_close(c);
}

Test(indexer, duplicate_id_in_a_subdirectory)
{
	char *p = tu_page("cost", "Another cost", "built-on", "x");
	tu_write(dir, "more/cost.md", p);
	free(p);
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 2, "duplicate id 'cost'"), "%s", tu_diag_text(&d));
	cr_assert(strstr(d.v[0].file, "more/cost.md") != NULL, "%s", tu_diag_text(&d));
	cr_assert(!out_exists(), "no output is left behind");
}

Test(indexer, item_on_a_missing_page)
{
	char *p = tu_item("BO-TAG-02", "Policy", "no-such-page", "recommended", "x");
	tu_write(dir, "BO-TAG-02.md", p);
	free(p);
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "item page 'no-such-page' does not exist"), "%s", tu_diag_text(&d));
	cr_assert(!out_exists());
}

Test(indexer, item_whose_page_is_an_item)
{
	char *p = tu_item("BO-TAG-02", "Policy", "BO-TAG-01", "recommended", "x");
	tu_write(dir, "BO-TAG-02.md", p);
	free(p);
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "is an item, not a page"), "%s", tu_diag_text(&d));
}

Test(indexer, broken_link_names_file_and_line)
{
	char *p = tu_page("other", "Other", "mcp", "line one\n\nline two has [a bad link](no-such-id) in it.");
	tu_write(dir, "other.md", p);
	free(p);
	cr_assert_eq(tu_index(dir, &d), -1);
	/* 7 lines of front matter, blank, "# Other", blank, "line one", blank: line 13 */
	cr_assert(tu_diag_has(&d, 13, "broken link: no page or item has id 'no-such-id'"), "%s", tu_diag_text(&d));
	cr_assert(strstr(d.v[0].file, "other.md") != NULL);
}

/* The line is where the link is, not an earlier mention of its target in prose or another link. */
Test(indexer, broken_link_line_is_the_links_own)
{
	char *p = tu_page("other", "Other", "mcp",
			  "Mentions (no-such-id and <no-such-id> in prose.\n\n"
			  "At last, [a bad link](no-such-id).\n\n"
			  "An [escaped one](no\\-such) too.");
	tu_write(dir, "other.md", p);
	free(p);
	cr_assert_eq(tu_index(dir, &d), -1);
	/* 7 lines of front matter, blank, "# Other", blank: the body's lines start at 11 */
	cr_assert(tu_diag_has(&d, 13, "broken link: no page or item has id 'no-such-id'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 15, "broken link: no page or item has id 'no-such'"), "%s", tu_diag_text(&d));
}

Test(indexer, broken_anchor)
{
	char *p = tu_page("other", "Other", "mcp", "See [x](cost#no-such-heading).");
	tu_write(dir, "other.md", p);
	free(p);
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 11, "has no heading #no-such-heading"), "%s", tu_diag_text(&d));
}

Test(indexer, links_to_urls_and_same_page_anchors_are_fine)
{
	char *p = tu_page("other", "Other", "mcp", "[a](https://x.y/z#q) [b](mailto:a@b.c) [c](#other)");
	tu_write(dir, "other.md", p);
	free(p);
	cr_assert_eq(tu_index(dir, &d), 0, "%s", tu_diag_text(&d));
}

static void write_checked(const char *probes, const char *sql)
{
	struct buf body = BUF_INIT;
	buf_addf(&body, "Text.\n\n```sql check\n%s\n```\n", sql);
	char *p = tu_item("BO-TAG-03", "Checked", "cost", "required", buf_str(&body));
	struct buf b = BUF_INIT;
	char *src = strstr(p, "source:");
	buf_add(&b, p, (size_t)(src - p));
	if (probes) buf_addf(&b, "probes: [%s]\n", probes);
	buf_adds(&b, src);
	tu_write(dir, "BO-TAG-03.md", buf_str(&b));
	free(p);
	buf_free(&b);
	buf_free(&body);
}

Test(indexer, check_sql_that_does_not_compile)
{
	write_checked("tokens", "SELECT 'pass' AS status, evidence FROM nowhere");
	cr_assert_eq(tu_index(dir, &d), -1);
	/* 11 lines of front matter, blank, title, blank, "Text.", blank: the fence is line 17 */
	cr_assert(tu_diag_has(&d, 17, "check SQL does not compile"), "%s", tu_diag_text(&d));
}

Test(indexer, check_sql_must_return_status_and_evidence)
{
	write_checked("clusters", "SELECT count(*) AS n FROM objects");
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "two columns named status and evidence"), "%s", tu_diag_text(&d));
}

Test(indexer, check_sql_may_not_write)
{
	write_checked("clusters", "DELETE FROM objects RETURNING 'x' AS status, 'y' AS evidence");
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "only read"), "%s", tu_diag_text(&d));
}

Test(indexer, check_needs_known_probes)
{
	write_checked("clusterz", "SELECT 'pass' AS status, '' AS evidence");
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "unknown probe 'clusterz'"), "%s", tu_diag_text(&d));
	diag_free(&d);
	write_checked(NULL, "SELECT 'pass' AS status, '' AS evidence");
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "'probes' does not list"), "%s", tu_diag_text(&d));
}

Test(indexer, a_valid_check_is_stored)
{
	write_checked("clusters", "SELECT CASE WHEN count(*) = 0 THEN 'unknown' ELSE 'pass' END AS status,\n"
		      "       count(*) || ' clusters' AS evidence FROM objects WHERE endpoint = 'clusters'");
	cr_assert_eq(tu_index(dir, &d), 0, "%s", tu_diag_text(&d));
	struct cdb *c = tu_open(dir);
	struct doc doc;
	cr_assert_eq(cdb_get(c, "BO-TAG-03", &doc), 0);
	cr_assert_not_null(doc.check_sql);
	cr_assert(strstr(doc.check_sql, "count(*) = 0") != NULL);
	cr_assert_str_eq(doc.probes[0], "clusters");
	cr_assert(strstr(doc.body, "sql check") != NULL);
	doc_free(&doc);
	cdb_close(c);
}

Test(indexer, failure_leaves_an_existing_output_untouched)
{
	tu_write(dir, "out.db", "previous");
	tu_write(dir, "bad.md", "no front matter\n");
	cr_assert_eq(tu_index(dir, &d), -1);
	char path[600];
	snprintf(path, sizeof path, "%s/out.db", dir);
	FILE *f = fopen(path, "r");
	char buf[32] = "";
	cr_assert_not_null(f);
	cr_assert_not_null(fgets(buf, sizeof buf, f));
	fclose(f);
	cr_assert_str_eq(buf, "previous");
}

Test(indexer, missing_directory)
{
	char out[512];
	snprintf(out, sizeof out, "%s/out.db", dir);
	cr_assert_eq(indexer_build("/nonexistent/content", out, NULL, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "cannot open content directory"), "%s", tu_diag_text(&d));
}

Test(indexer, body_without_title_heading)
{
	tu_write(dir, "notitle.md", "---\nid: notitle\nkind: page\ntitle: X\npartners: [mcp]\n---\nNo heading here.\n");
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 7, "no '# Title' heading"), "%s", tu_diag_text(&d));
}

Test(indexer, binary_file_is_rejected)
{
	char bin[] = "---\nid: b\0\0\0";
	char path[512];
	snprintf(path, sizeof path, "%s/b.md", dir);
	FILE *f = fopen(path, "wb");
	fwrite(bin, 1, sizeof bin, f);
	fclose(f);
	cr_assert_eq(tu_index(dir, &d), -1);
	cr_assert(tu_diag_has(&d, 0, "binary file"), "%s", tu_diag_text(&d));
}

Test(indexer, opening_a_file_that_is_not_a_content_db)
{
	tu_write(dir, "junk.db", "this is not sqlite");
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/junk.db", dir);
	cr_assert_null(cdb_open(path, err, sizeof err));
	cr_assert(strstr(err, "junk.db") != NULL, "%s", err);
	cr_assert_null(cdb_open("/nonexistent.db", err, sizeof err));
	cr_assert(strstr(err, "cannot open") != NULL, "%s", err);
}

/* test_slug.c - heading anchors: one rule (core/slug.c) for the indexer and the renderer, repeated headings,
 * symbols; the scanner's heading and link lines. */
#include "core/buf.h"
#include "core/indexer.h"
#include "core/mdscan.h"
#include "md/render.h"
#include "core/slug.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static void expect_slug(const char *text, const char *want)
{
	char *s = slug_make(text, strlen(text));
	cr_assert_str_eq(s, want, "slug of \"%s\"", text);
	free(s);
}

Test(slug, a_repeated_heading_gets_1_and_2)
{
	struct slug_set set = { 0 };
	const char *texts[] = { "Setup", "Setup", "Setup", "Setup 1", "Setup-2" , "Other" };
	const char *want[] = { "setup", "setup-1", "setup-2", "setup-1-1", "setup-2-1", "other" };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char *s = slug_set_add(&set, texts[i], strlen(texts[i]));
		cr_assert_str_eq(s, want[i], "heading %zu \"%s\"", i, texts[i]);
		free(s);
	}
	slug_set_free(&set);
}

Test(slug, a_literal_suffix_written_first_is_skipped)
{
	struct slug_set set = { 0 };
	const char *texts[] = { "Step-1", "Step", "Step", "Step" };
	const char *want[] = { "step-1", "step", "step-2", "step-3" };
	for (size_t i = 0; i < 4; i++) {
		char *s = slug_set_add(&set, texts[i], strlen(texts[i]));
		cr_assert_str_eq(s, want[i]);
		free(s);
	}
	slug_set_free(&set);
}

Test(slug, many_repeats_stay_unique)
{
	struct slug_set set = { 0 };
	for (int i = 0; i < 500; i++) {
		char *s = slug_set_add(&set, "FAQ", 3);
		char want[16];
		if (i) snprintf(want, sizeof want, "faq-%d", i);
		else snprintf(want, sizeof want, "faq");
		cr_assert_str_eq(s, want);
		free(s);
	}
	cr_assert_eq(set.n, 500);
	slug_set_free(&set);
}

Test(slug, em_dash_symbols_and_non_ascii)
{
	expect_slug("Tokens — lifetime & scope", "tokens--lifetime--scope");
	expect_slug("OAuth M2M: Token lifetime (1 h)", "oauth-m2m-token-lifetime-1-h");
	expect_slug("“Quoted” → arrows ✓ 🚀 end", "quoted--arrows---end");
	expect_slug("Café (1 h) / 50% × 2", "café-1-h--50--2");
	expect_slug("Überblick: Größe", "Überblick-größe");   /* letters outside ASCII are kept as written */
	expect_slug("日本語の見出し。", "日本語の見出し");
	expect_slug("snake_case and kebab-case", "snake_case-and-kebab-case");
	expect_slug("a\x1b[31mb\xff c\xc2\x9b", "a31mb-c");    /* controls, a stray byte and a C1 CSI dropped */
	expect_slug("", "");
}

/* The same body through the indexer's scanner and the renderer: the same anchors, in order. */
Test(slug, the_indexer_and_the_renderer_agree)
{
	const char *body =
		"# Title\n\n"
		"## Setup\n\ntext\n\n"
		"## Setup\n\n"
		"## Tokens — lifetime &amp; scope\n\n"
		"### Use `pwaf check` with [the demo](demo) and ![a logo](x.png)\n\n"
		"## *Emphasis* and **strong** &#8212; &eacute;t&eacute;\n\n"
		"Setext heading\n--------------\n\n"
		"## Line<br>break <span>html</span>\n\n"
		"## 🚀 Launch ✓\n\n"
		"## Setup\n";
	struct mdscan s;
	cr_assert_eq(mdscan_run(&s, body, strlen(body)), 0);
	struct md_opts o = { .width = 80 };
	struct md_doc *d = md_render(body, strlen(body), &o);
	cr_assert_not_null(d);
	cr_assert_eq(s.nheadings, d->nheadings, "indexer %zu headings, renderer %zu", s.nheadings, d->nheadings);
	for (size_t i = 0; i < s.nheadings; i++)
		cr_assert_str_eq(s.headings[i].slug, d->headings[i].slug, "heading %zu: indexer '%s', renderer '%s'", i,
				 s.headings[i].slug, d->headings[i].slug);
	cr_assert_str_eq(d->headings[2].slug, "setup-1");
	cr_assert_str_eq(d->headings[3].slug, "tokens--lifetime--scope");
	cr_assert_str_eq(d->headings[4].slug, "use-pwaf-check-with-the-demo-and-a-logo");
	cr_assert_str_eq(d->headings[5].slug, "emphasis-and-strong--été");
	cr_assert_str_eq(d->headings[9].slug, "setup-2");
	md_doc_free(d);
	mdscan_free(&s);
}

/* Every anchor the indexer accepts is a heading the explorer can jump to. */
Test(slug, links_the_indexer_accepts_resolve_in_the_rendered_page)
{
	char *dir = tu_tmpdir();
	char *p = tu_page("guide", "Guide", "built-on",
			  "## Setup\n\nOne.\n\n## Setup\n\nTwo.\n\n## Tokens — lifetime &amp; scope\n\nThree.");
	tu_write(dir, "guide.md", p);
	free(p);
	p = tu_page("other", "Other", "built-on",
		    "See [two](guide#setup-1) and [three](guide#tokens--lifetime--scope).");
	tu_write(dir, "other.md", p);
	free(p);
	struct diag dg = { 0 };
	cr_assert_eq(tu_index(dir, &dg), 0, "%s", tu_diag_text(&dg));
	struct cdb *c = tu_open(dir);
	struct doc g;
	cr_assert_eq(cdb_get(c, "guide", &g), 0);
	struct md_opts o = { .width = 80 };
	struct md_doc *d = md_render(g.body, strlen(g.body), &o);
	int found = 0;
	for (size_t i = 0; i < d->nheadings; i++)
		found += strcmp(d->headings[i].slug, "setup-1") == 0 || strcmp(d->headings[i].slug, "tokens--lifetime--scope") == 0;
	cr_assert_eq(found, 2, "both anchors are headings of the rendered page");
	md_doc_free(d);
	doc_free(&g);
	cdb_close(c);
	diag_free(&dg);

	/* and one the renderer does not have is refused */
	p = tu_page("other", "Other", "built-on", "See [none](guide#setup-2).");
	tu_write(dir, "other.md", p);
	free(p);
	memset(&dg, 0, sizeof dg);
	cr_assert_eq(tu_index(dir, &dg), -1);
	cr_assert(tu_diag_has(&dg, 0, "has no heading #setup-2"), "%s", tu_diag_text(&dg));
	diag_free(&dg);
	tu_rmrf(dir);
	free(dir);
}

/* Heading lines are where the heading's text is: ATX, indented, setext, in a list, bare '#'. */
Test(mdscan, heading_lines_are_where_the_headings_are)
{
	const char *body =
		"# Title\n"            /* 1 */
		"\n"
		"Text.\n"              /* 3 */
		"\n"
		"Setext one\n"         /* 5 */
		"----------\n"
		"\n"
		"   ## Indented\n"     /* 8 */
		"\n"
		"- ### In a list\n"    /* 10 */
		"\n"
		"#\n"                  /* 12: a bare heading */
		"\n"
		"## Title\n";          /* 14: the same text as line 1 */
	struct mdscan s;
	cr_assert_eq(mdscan_run(&s, body, strlen(body)), 0);
	cr_assert_eq(s.nheadings, 6);
	int want[] = { 1, 5, 8, 10, 12, 14 };
	for (size_t i = 0; i < 6; i++)
		cr_expect_eq(s.headings[i].line, want[i], "heading %zu '%s': line %d, not %d", i, s.headings[i].text,
			     s.headings[i].line, want[i]);
	cr_assert_str_eq(s.headings_text, "Title\nSetext one\nIndented\nIn a list\n\nTitle");
	mdscan_free(&s);
}

/* 10,000 links and 10,000 headings keep their lines, found in n log n (each link's line was
 * counted from the top of the body before: 10^9 steps here). */
Test(mdscan, many_links_and_headings_keep_their_lines)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 10000; i++) buf_addf(&b, "## H%d\n[l](#t%d)\n", i, i % 7);
	struct mdscan s;
	cr_assert_eq(mdscan_run(&s, b.data, b.len), 0);
	cr_assert_eq(s.nheadings, 10000);
	cr_assert_eq(s.nlinks, 10000);
	for (size_t i = 0; i < 10000; i += 997) {
		cr_assert_eq(s.headings[i].line, (int)(2 * i + 1));
		cr_assert_eq(s.links[i].line, (int)(2 * i + 2), "link %zu: line %d", i, s.links[i].line);
	}
	mdscan_free(&s);
	buf_free(&b);
}

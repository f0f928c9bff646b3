/* test_frontmatter.c - front matter parsing and every per-file validation error. */
#include "core/frontmatter.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static struct frontmatter fm;
static struct diag d;

static int parse(const char *expected_id, const char *text)
{
	fm_free(&fm);          /* a test may parse twice */
	diag_free(&d);
	return fm_parse(&fm, "x.md", expected_id, text, strlen(text), &d);
}

static void teardown(void)
{
	fm_free(&fm);
	diag_free(&d);
}

TestSuite(frontmatter, .fini = teardown);

#define ITEM_HEAD "---\nid: BO-TAG-01\nkind: item\ntitle: Tag it\npartners: [built-on, connected-isv]\n" \
	"pillar: measurement-attribution\nlevel: required\npage: cost\nsource: https://example.com/x\n"

Test(frontmatter, parses_every_field_of_an_item)
{
	cr_assert_eq(parse("BO-TAG-01", ITEM_HEAD "keywords: [chargeback, \"cost: per tenant\"]\n"
			   "probes: [clusters]\n---\n# Tag it\nbody\n"), 0, "%s", tu_diag_text(&d));
	cr_assert_str_eq(fm.id, "BO-TAG-01");
	cr_assert_str_eq(fm.kind, "item");
	cr_assert_eq(fm.partners.n, 2);
	cr_assert_str_eq(fm.partners.v[1], "connected-isv");
	cr_assert_str_eq(fm.pillar, "measurement-attribution");
	cr_assert_str_eq(fm.level, "required");
	cr_assert_str_eq(fm.page, "cost");
	cr_assert_str_eq(fm.keywords.v[1], "cost: per tenant");
	cr_assert_str_eq(fm.probes.v[0], "clusters");
	cr_assert_eq(fm.body_line, 13);
	cr_assert(strncmp(fm.body, "# Tag it", 8) == 0);
	cr_assert_eq(fm.line[FM_PILLAR], 6);
}

Test(frontmatter, accepts_a_minimal_page_with_comments_crlf_and_bom)
{
	const char *t = "\xEF\xBB\xBF---\r\nid: intro # a comment\r\nkind: page\r\ntitle: Intro\r\n"
			"partners: mcp\r\norder: 3\r\n---\r\n# Intro\r\n";
	cr_assert_eq(parse("intro", t), 0, "%s", tu_diag_text(&d));
	cr_assert_str_eq(fm.id, "intro");
	cr_assert_eq(fm.partners.n, 1, "a single value is a one-element list");
	cr_assert_eq(fm.order, 3);
}

Test(frontmatter, no_front_matter_is_reported_on_line_1)
{
	cr_assert_eq(parse(NULL, "# Just markdown\n"), -1);
	cr_assert(tu_diag_has(&d, 1, "no front matter"), "%s", tu_diag_text(&d));
}

Test(frontmatter, unclosed_front_matter)
{
	cr_assert_eq(parse(NULL, "---\nid: x\nkind: page\n# body\n"), -1);
	cr_assert(tu_diag_has(&d, 1, "not closed"), "%s", tu_diag_text(&d));
}

Test(frontmatter, malformed_yaml_names_its_line)
{
	cr_assert_eq(parse(NULL, "---\nid: x\nkind: page\ntitle: [unclosed\npartners: [mcp]\n---\n# x\n"), -1);
	cr_assert(tu_diag_has(&d, 0, "malformed front matter"), "%s", tu_diag_text(&d));
	cr_assert(d.v[0].line >= 4 && d.v[0].line <= 6, "line %d", d.v[0].line);
}

Test(frontmatter, unknown_field_names_its_line)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle: X\npartners: [mcp]\ncolour: red\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 6, "unknown field 'colour'"), "%s", tu_diag_text(&d));
}

Test(frontmatter, repeated_field)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle: X\ntitle: Y\npartners: [mcp]\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 5, "given twice"), "%s", tu_diag_text(&d));
}

Test(frontmatter, unknown_partner_lists_the_valid_ones)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle: X\npartners: [built-in]\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 5, "unknown partner type 'built-in'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 5, "connected-isv, built-on, data-collaboration or mcp"), "%s", tu_diag_text(&d));
}

Test(frontmatter, unknown_pillar_level_and_kind)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: article\ntitle: X\npartners: [mcp]\npillar: security\n"
			   "---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 3, "unknown kind 'article'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 6, "unknown pillar 'security'"), "%s", tu_diag_text(&d));
	cr_assert_eq(parse("BO-TAG-01", "---\nid: BO-TAG-01\nkind: item\ntitle: T\npartners: [built-on]\n"
			   "pillar: best-practices\nlevel: mandatory\npage: p\nsource: https://e.com\n---\n# T\n"), -1);
	cr_assert(tu_diag_has(&d, 7, "unknown level 'mandatory'"), "%s", tu_diag_text(&d));
}

Test(frontmatter, missing_fields_of_an_item)
{
	cr_assert_eq(parse("X-1", "---\nid: X-1\nkind: item\ntitle: T\npartners: [mcp]\n---\n# T\n"), -1);
	cr_assert(tu_diag_has(&d, 6, "missing field 'pillar'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 6, "missing field 'level'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 6, "missing field 'page'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 6, "missing field 'source'"), "%s", tu_diag_text(&d));
}

Test(frontmatter, missing_title_and_partners)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 4, "missing field 'title'"), "%s", tu_diag_text(&d));
	cr_assert(tu_diag_has(&d, 4, "missing field 'partners'"), "%s", tu_diag_text(&d));
}

Test(frontmatter, id_must_match_the_file_name)
{
	cr_assert_eq(parse("oauth-m2m", "---\nid: oauth-u2m\nkind: page\ntitle: X\npartners: [mcp]\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 2, "does not match the file name"), "%s", tu_diag_text(&d));
}

Test(frontmatter, id_with_spaces_is_rejected)
{
	cr_assert_eq(parse(NULL, "---\nid: oauth m2m\nkind: page\ntitle: X\npartners: [mcp]\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 2, "may hold only letters"), "%s", tu_diag_text(&d));
}

Test(frontmatter, source_must_be_https)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle: X\npartners: [mcp]\nsource: http://a.b\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 6, "https://"), "%s", tu_diag_text(&d));
}

Test(frontmatter, a_list_where_a_value_belongs)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle: [a, b]\npartners: [mcp]\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 4, "single value"), "%s", tu_diag_text(&d));
}

Test(frontmatter, order_must_be_a_number)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle: X\npartners: [mcp]\norder: first\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 6, "whole number"), "%s", tu_diag_text(&d));
}

Test(frontmatter, item_fields_on_a_page_are_rejected)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle: X\npartners: [mcp]\nlevel: required\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 6, "only for items"), "%s", tu_diag_text(&d));
}

Test(frontmatter, empty_value_is_an_error)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle:\npartners: [mcp]\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 4, "is empty"), "%s", tu_diag_text(&d));
}

Test(frontmatter, several_errors_are_all_reported)
{
	cr_assert_eq(parse("x", "---\nid: x\nkind: page\ntitle: X\npartners: [nope]\npillar: nope\nfoo: 1\n---\n# X\n"), -1);
	cr_assert_geq(d.n, 3, "%s", tu_diag_text(&d));
}

/* An alias as a key shifted keys and values until skip_value met the end of the stream and read
 * empty events forever (fuzz_content found it: fuzz/crashes/content/alias-key-endless-loop). */
Test(frontmatter, an_alias_or_a_list_as_a_key_is_an_error_not_a_hang, .timeout = 10)
{
	cr_assert_eq(parse("cost", "---\nid: cost\nkind: page\ntitle: T\n*artners: eckbu_lt-on]\npillar: x/y/\n---\n# T\n"), -1);
	cr_assert(tu_diag_has(&d, 0, "not aliases"), "%s", tu_diag_text(&d));
	cr_assert_eq(parse("x", "---\nid: x\n[a, b]: c\nkind: page\ntitle: X\npartners: [mcp]\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 3, "not lists or mappings"), "%s", tu_diag_text(&d));
	cr_assert_eq(d.n, 1, "the pair is skipped whole, the rest is read: %s", tu_diag_text(&d));
	cr_assert_str_eq(fm.kind, "page");
}

Test(frontmatter, size_and_nesting_are_capped_before_libyaml)
{
	char *big = malloc(FM_MAX_BYTES + 100);
	strcpy(big, "---\ntitle: ");
	size_t n = strlen(big);
	memset(big + n, 'a', FM_MAX_BYTES);
	strcpy(big + n + FM_MAX_BYTES, "\n---\n# X\n");
	cr_assert_eq(parse("x", big), -1);
	cr_assert(tu_diag_has(&d, 1, "front matter is too large"), "%s", tu_diag_text(&d));
	free(big);
	cr_assert_eq(parse("x", "---\nid: x\ntitle: [[[[[[[[[[[[[[[[[a]]]]]]]]]]]]]]]]]\n---\n# X\n"), -1);
	cr_assert(tu_diag_has(&d, 3, "nests deeper than 16 levels"), "%s", tu_diag_text(&d));
}

Test(frontmatter, brackets_in_quotes_and_comments_are_not_nesting)
{
	cr_assert_eq(fm_too_deep("title: \"[[[[[[[[[[[[[[[[[[[[\"\n", 28, 16), 0);
	cr_assert_eq(fm_too_deep("title: '[[[[[[[[[[[[[[[[[[[[ it''s'\n", 36, 16), 0);
	cr_assert_eq(fm_too_deep("title: x # [[[[[[[[[[[[[[[[[[[[\n", 32, 16), 0);
	/* A quote inside a plain word is not a quote: these brackets nest. */
	const char *t = "a: it's\nb: [[[[[[[[[[[[[[[[[[x\n";
	cr_assert_eq(fm_too_deep(t, strlen(t), 16), 3);
	/* Closing brackets inside quotes cannot hide real nesting. */
	t = "a: [[[[[[[[ \"]]]]]]]]\" [[[[[[[[[x\n";
	cr_assert_eq(fm_too_deep(t, strlen(t), 16), 2);
}

/* test_navtree.c - the explorer's navigation tree: facets, groups, order, reveal, breadcrumbs. */
#include "core/navtree.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static struct cdb *db;
static struct nav_tree t;

static void add(const char *name, char *text)
{
	tu_write(dir, name, text);
	free(text);
}

static void setup(void)
{
	dir = tu_tmpdir();
	add("intro.md", tu_page("intro", "Introduction", "connected-isv, built-on, data-collaboration, mcp", "Hi."));
	add("cost.md", tu_page("cost", "Cost attribution", "built-on", "Costs."));
	add("BO-TAG-01.md", tu_item("BO-TAG-01", "Tag compute", "cost", "required", "Tag it."));
	add("BO-TAG-02.md", tu_item("BO-TAG-02", "Tag policy", "cost", "recommended", "Policy."));
	struct diag d = { 0 };
	cr_assert_eq(tu_index(dir, &d), 0, "%s", tu_diag_text(&d));
	diag_free(&d);
	db = tu_open(dir);
	cr_assert_eq(nav_build(&t, db), 0);
}

static void teardown(void)
{
	nav_free(&t);
	cdb_close(db);
	tu_rmrf(dir);
	free(dir);
}

TestSuite(navtree, .init = setup, .fini = teardown);

Test(navtree, start_here_holds_pages_for_every_partner_type)
{
	cr_assert_str_eq(t.v[0].label, "Start here");
	int c = t.v[0].first_child;
	cr_assert_geq(c, 0);
	cr_assert_str_eq(t.v[c].doc_id, "intro");
	cr_assert_eq(t.v[c].next_sibling, -1, "cost is for built-on only");
}

Test(navtree, a_partner_group_holds_its_pages_and_their_items)
{
	int page = nav_find_doc(&t, "cost", -1);
	cr_assert_geq(page, 0);
	cr_assert_str_eq(t.v[t.v[page].parent].group, "built-on");
	int item = t.v[page].first_child;
	cr_assert_str_eq(t.v[item].doc_id, "BO-TAG-01");
	cr_assert_str_eq(t.v[t.v[item].next_sibling].doc_id, "BO-TAG-02");
	cr_assert_str_eq(t.v[item].label, "BO-TAG-01 Tag compute");
}

Test(navtree, the_pillar_facet_lists_items_by_pillar)
{
	int found = 0;
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].group && strcmp(t.v[i].group, "technical-standards") == 0)
			for (int c = t.v[i].first_child; c >= 0; c = t.v[c].next_sibling) found++;
	cr_assert_eq(found, 2);
}

Test(navtree, collapsed_nodes_hide_children_until_revealed)
{
	struct nav_rows r;
	nav_rows(&t, &r);
	int item = nav_find_doc(&t, "BO-TAG-02", -1);
	int visible = 0;
	for (size_t i = 0; i < r.n; i++) visible |= r.v[i] == item;
	cr_assert(!visible, "groups start collapsed");
	nav_rows_free(&r);
	nav_reveal(&t, item);
	nav_rows(&t, &r);
	for (size_t i = 0; i < r.n; i++) visible |= r.v[i] == item;
	cr_assert(visible);
	nav_rows_free(&r);
}

Test(navtree, breadcrumbs_name_the_path)
{
	int item = nav_find_doc(&t, "BO-TAG-01", -1);
	char *b = nav_breadcrumbs(&t, item);
	cr_assert_str_eq(b, "Built-On ISV › Cost attribution › BO-TAG-01");
	free(b);
}

Test(navtree, workshop_sequence_of_a_partner_type)
{
	int *v;
	size_t n = nav_partner_pages(&t, "built-on", &v);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(t.v[v[0]].doc_id, "intro");
	cr_assert_str_eq(t.v[v[1]].doc_id, "cost");
	free(v);
}

/* A second content set: pages with pillars and orders, and an item whose page is another partner type's. */
static void setup_pillars(void)
{
	dir = tu_tmpdir();
	static const char *const docs[][2] = {
		{ "pillar-technical-standards.md", "---\nid: pillar-technical-standards\nkind: page\ntitle: \"Pillar: TS\"\n"
			"partners: [connected-isv, built-on, data-collaboration, mcp]\npillar: technical-standards\norder: 9\nsource: https://example.com/x\n---\n\n# TS\n" },
		{ "z-late.md", "---\nid: z-late\nkind: page\ntitle: \"A late built-on page\"\npartners: [built-on]\n"
			"pillar: technical-standards\norder: 7\nsource: https://example.com/x\n---\n\n# Late\n" },
		{ "a-early.md", "---\nid: a-early\nkind: page\ntitle: \"Z early built-on page\"\npartners: [built-on]\n"
			"pillar: technical-standards\norder: 2\nsource: https://example.com/x\n---\n\n# Early\n" },
		{ "isv-auth.md", "---\nid: isv-auth\nkind: page\ntitle: \"ISV auth\"\npartners: [connected-isv]\n"
			"pillar: technical-standards\norder: 1\nsource: https://example.com/x\n---\n\n# ISV auth\n" },
		{ "BO-X-01.md", "---\nid: BO-X-01\nkind: item\ntitle: \"Stray\"\npartners: [built-on]\npillar: technical-standards\n"
			"level: info\npage: isv-auth\nsource: https://example.com/x\n---\n\n# Stray\n\nText.\n" },
		{ "BO-A-01.md", "---\nid: BO-A-01\nkind: item\ntitle: \"Late item\"\npartners: [built-on]\npillar: technical-standards\n"
			"level: required\npage: z-late\nsource: https://example.com/x\n---\n\n# Late item\n\nText.\n" },
		{ "BO-Z-01.md", "---\nid: BO-Z-01\nkind: item\ntitle: \"Early item\"\npartners: [built-on]\npillar: technical-standards\n"
			"level: required\npage: a-early\nsource: https://example.com/x\n---\n\n# Early item\n\nText.\n" },
	};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) tu_write(dir, docs[i][0], docs[i][1]);
	struct diag d = { 0 };
	cr_assert_eq(tu_index(dir, &d), 0, "%s", tu_diag_text(&d));
	diag_free(&d);
	db = tu_open(dir);
	cr_assert_eq(nav_build(&t, db), 0);
}

static int group_node(const char *facet, const char *group)
{
	for (int f = 0; f >= 0; f = t.v[f].next_sibling)
		if (strcmp(t.v[f].label, facet) == 0)
			for (int g = t.v[f].first_child; g >= 0; g = t.v[g].next_sibling)
				if (t.v[g].group && strcmp(t.v[g].group, group) == 0) return g;
	return -1;
}

Test(navtree_order, stray_items_sit_under_their_page_never_under_the_partner_type, .init = setup_pillars, .fini = teardown)
{
	int g = group_node("By partner type", "built-on");
	cr_assert_geq(g, 0);
	int pages = 0;
	for (int c = t.v[g].first_child; c >= 0; c = t.v[c].next_sibling) {
		cr_assert_neq(t.v[c].kind, NAV_ITEM, "%s sits directly under Built-On ISV", t.v[c].label);
		pages++;
		if (strcmp(t.v[c].doc_id, "isv-auth") == 0) {
			int item = t.v[c].first_child;
			cr_assert_geq(item, 0);
			cr_assert_str_eq(t.v[item].doc_id, "BO-X-01", "the stray item is under its own page");
		}
	}
	cr_assert_eq(pages, 3, "a-early, z-late and the stray item's page");
}

Test(navtree_order, by_pillar_lists_the_overview_first_then_the_reading_order, .init = setup_pillars, .fini = teardown)
{
	int g = group_node("By pillar", "technical-standards");
	cr_assert_geq(g, 0);
	const char *want[] = { "pillar-technical-standards", "isv-auth", "a-early", "z-late", "BO-X-01", "BO-Z-01", "BO-A-01" };
	size_t i = 0;
	for (int c = t.v[g].first_child; c >= 0; c = t.v[c].next_sibling, i++) {
		cr_assert_lt(i, sizeof want / sizeof *want, "more entries than expected: %s", t.v[c].doc_id);
		cr_assert_str_eq(t.v[c].doc_id, want[i], "entry %zu", i);
	}
	cr_assert_eq(i, sizeof want / sizeof *want);
}

/* test_navtree.c - the explorer's navigation tree: facets, groups, order, reveal, breadcrumbs. */
#include "navtree.h"
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

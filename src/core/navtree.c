/* navtree.c - build and walk the explorer's navigation tree. */
#include "core/navtree.h"

#include "core/buf.h"
#include "core/sanitize.h"
#include "core/vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int add_node(struct nav_tree *t, enum nav_kind kind, int parent, const char *label)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	int i = (int)t->n++;
	struct nav_node *nd = &t->v[i];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	nd->label = sanitize_line(label, strlen(label));
	nd->parent = parent;
	nd->first_child = nd->next_sibling = nd->last_child = -1;
	nd->depth = parent < 0 ? 0 : t->v[parent].depth + 1;
	nd->expanded = kind == NAV_FACET || kind == NAV_GROUP;
	if (parent >= 0) {
		struct nav_node *p = &t->v[parent];
		if (p->last_child >= 0) t->v[p->last_child].next_sibling = i;
		else p->first_child = i;
		p->last_child = i;
	} else {
		if (i > 0) t->v[t->last_root].next_sibling = i;
		t->last_root = i;
	}
	return i;
}

static int add_doc(struct nav_tree *t, int parent, const struct doc *d)
{
	struct buf label = BUF_INIT;
	int item = vocab_kind_of(d->kind) == KIND_ITEM;
	if (item) buf_addf(&label, "%s %s", d->id, d->title);
	else buf_adds(&label, d->title);
	int i = add_node(t, item ? NAV_ITEM : NAV_PAGE, parent, buf_str(&label));
	t->v[i].doc_id = xstrdup(d->id);
	if (d->level) t->v[i].level = xstrdup(d->level);
	buf_free(&label);
	return i;
}

static int has_partner(const struct doc *d, const char *p)
{
	for (char **s = d->partners; s && *s; s++)
		if (strcmp(*s, p) == 0) return 1;
	return 0;
}

static int for_everyone(const struct doc *d)
{
	for (const struct vocab_term *p = vocab_terms(VOCAB_PARTNER); p->id; p++)
		if (!has_partner(d, p->id)) return 0;
	return 1;
}

/* A page with its items (the items that share the group's partner, or all items for pillars). */
static void add_page_with_items(struct nav_tree *t, int group, const struct doc *page,
				const struct doc_list *items, const char *partner)
{
	int p = add_doc(t, group, page);
	for (size_t i = 0; i < items->n; i++) {
		const struct doc *it = &items->v[i];
		if (it->page && strcmp(it->page, page->id) == 0 && (!partner || has_partner(it, partner)))
			add_doc(t, p, it);
	}
}

static void build_partners(struct nav_tree *t, const struct doc_list *pages, const struct doc_list *items)
{
	int facet = add_node(t, NAV_FACET, -1, "By partner type");
	for (const struct vocab_term *p = vocab_terms(VOCAB_PARTNER); p->id; p++) {
		int g = add_node(t, NAV_GROUP, facet, p->label);
		t->v[g].group = p->id;
		t->v[g].expanded = 0;
		for (size_t i = 0; i < pages->n; i++)
			if (has_partner(&pages->v[i], p->id) && !for_everyone(&pages->v[i]))
				add_page_with_items(t, g, &pages->v[i], items, p->id);
		/* Items of this partner type whose page belongs to other partner types only: under that page
		 * (with those items alone), never loose under the partner type. */
		for (size_t k = 0; k < pages->n; k++) {
			const struct doc *pg = &pages->v[k];
			if (has_partner(pg, p->id) && !for_everyone(pg)) continue;
			int node = -1;
			for (size_t i = 0; i < items->n; i++) {
				const struct doc *it = &items->v[i];
				if (!has_partner(it, p->id) || !it->page || strcmp(it->page, pg->id) != 0) continue;
				if (node < 0) node = add_doc(t, g, pg);
				add_doc(t, node, it);
			}
		}
	}
}

/* Reading order: the framework's pages first, then each partner type's in turn, by their order. */
static int partner_rank(const struct doc *d)
{
	if (for_everyone(d)) return -1;
	int r = 0;
	for (const struct vocab_term *p = vocab_terms(VOCAB_PARTNER); p->id; p++, r++)
		if (has_partner(d, p->id)) return r;
	return r;
}

static int page_cmp(const void *x, const void *y, const char *pillar)
{
	const struct doc *a = *(const struct doc *const *)x, *b = *(const struct doc *const *)y;
	char overview[64];
	snprintf(overview, sizeof overview, "pillar-%s", pillar);
	int oa = strcmp(a->id, overview) != 0, ob = strcmp(b->id, overview) != 0;
	if (oa != ob) return oa - ob;
	int c = partner_rank(a) - partner_rank(b);
	if (c) return c;
	if (a->order != b->order) return a->order < b->order ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* qsort has no context argument: the comparators read these (nav_build is not reentrant anyway). */
static const char *sort_pillar;
static int page_cmp_q(const void *x, const void *y)
{
	return page_cmp(x, y, sort_pillar);
}

static const struct doc *const *sort_pages;
static size_t sort_npages;
static int page_pos(const char *id)
{
	for (size_t i = 0; id && i < sort_npages; i++)
		if (strcmp(sort_pages[i]->id, id) == 0) return (int)i;
	return (int)sort_npages;
}

static int item_cmp_q(const void *x, const void *y)
{
	const struct doc *a = *(const struct doc *const *)x, *b = *(const struct doc *const *)y;
	int c = page_pos(a->page) - page_pos(b->page);
	return c ? c : strcmp(a->id, b->id);
}

/* A pillar: its overview page first, then its pages in reading order, then its items in the
 * reading order of their pages (every page, for items whose page is another pillar's). */
static void build_pillars(struct nav_tree *t, const struct doc_list *pages, const struct doc_list *items)
{
	int facet = add_node(t, NAV_FACET, -1, "By pillar");
	const struct doc **all = xcalloc(pages->n + 1, sizeof *all);
	const struct doc **sel = xcalloc(pages->n + items->n + 1, sizeof *sel);
	for (size_t i = 0; i < pages->n; i++) all[i] = &pages->v[i];
	sort_pillar = "";
	qsort(all, pages->n, sizeof *all, page_cmp_q);   /* the reading order of every page */
	sort_pages = all;
	sort_npages = pages->n;
	for (const struct vocab_term *p = vocab_terms(VOCAB_PILLAR); p->id; p++) {
		int g = add_node(t, NAV_GROUP, facet, p->label);
		t->v[g].group = p->id;
		t->v[g].expanded = 0;
		size_t n = 0;
		for (size_t i = 0; i < pages->n; i++)
			if (pages->v[i].pillar && strcmp(pages->v[i].pillar, p->id) == 0) sel[n++] = &pages->v[i];
		sort_pillar = p->id;
		qsort(sel, n, sizeof *sel, page_cmp_q);
		for (size_t i = 0; i < n; i++) add_doc(t, g, sel[i]);
		n = 0;
		for (size_t i = 0; i < items->n; i++)
			if (items->v[i].pillar && strcmp(items->v[i].pillar, p->id) == 0) sel[n++] = &items->v[i];
		qsort(sel, n, sizeof *sel, item_cmp_q);
		for (size_t i = 0; i < n; i++) add_doc(t, g, sel[i]);
	}
	free(all);
	free(sel);
}

int nav_build(struct nav_tree *t, struct cdb *c)
{
	memset(t, 0, sizeof *t);
	struct doc_filter fp = { .kind = "page" }, fi = { .kind = "item" };
	struct doc_list pages, items;
	if (cdb_list(c, &fp, &pages) < 0) return -1;
	if (cdb_list(c, &fi, &items) < 0) { doc_list_free(&pages); return -1; }
	int start = add_node(t, NAV_FACET, -1, "Start here");
	for (size_t i = 0; i < pages.n; i++)
		if (for_everyone(&pages.v[i])) add_page_with_items(t, start, &pages.v[i], &items, NULL);
	build_partners(t, &pages, &items);
	build_pillars(t, &pages, &items);
	doc_list_free(&pages);
	doc_list_free(&items);
	return 0;
}

void nav_free(struct nav_tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].label);
		free(t->v[i].doc_id);
		free(t->v[i].level);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

static void rows_add(struct nav_rows *r, size_t *cap, int node)
{
	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 128;
		r->v = xrealloc(r->v, *cap * sizeof *r->v);
	}
	r->v[r->n++] = node;
}

static void rows_walk(const struct nav_tree *t, int node, struct nav_rows *r, size_t *cap)
{
	for (; node >= 0; node = t->v[node].next_sibling) {
		rows_add(r, cap, node);
		if (t->v[node].expanded) rows_walk(t, t->v[node].first_child, r, cap);
	}
}

void nav_rows(const struct nav_tree *t, struct nav_rows *out)
{
	size_t cap = 0;
	out->v = NULL;
	out->n = 0;
	if (t->n) rows_walk(t, 0, out, &cap);
}

void nav_rows_free(struct nav_rows *r)
{
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static int is_under(const struct nav_tree *t, int node, int ancestor)
{
	for (int p = node; p >= 0; p = t->v[p].parent)
		if (p == ancestor) return 1;
	return 0;
}

int nav_find_doc(const struct nav_tree *t, const char *doc_id, int under)
{
	int first = -1;
	for (size_t i = 0; i < t->n; i++) {
		if (!t->v[i].doc_id || strcasecmp(t->v[i].doc_id, doc_id) != 0) continue;
		if (under < 0 || is_under(t, (int)i, under)) return (int)i;
		if (first < 0) first = (int)i;
	}
	return first;
}

void nav_reveal(struct nav_tree *t, int node)
{
	for (int p = node >= 0 ? t->v[node].parent : -1; p >= 0; p = t->v[p].parent) t->v[p].expanded = 1;
}

size_t nav_partner_pages(const struct nav_tree *t, const char *partner, int **out)
{
	size_t n = 0;
	*out = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct nav_node *nd = &t->v[i];
		int in_start = nd->parent >= 0 && t->v[nd->parent].kind == NAV_FACET && nd->parent == 0;
		int in_group = nd->parent >= 0 && t->v[nd->parent].group && partner &&
			       strcmp(t->v[nd->parent].group, partner) == 0;
		if (nd->kind == NAV_PAGE && (in_start || in_group)) {
			*out = xrealloc(*out, (n + 1) * sizeof **out);
			(*out)[n++] = (int)i;
		}
	}
	return n;
}

char *nav_breadcrumbs(const struct nav_tree *t, int node)
{
	int path[16], n = 0;
	for (int p = node; p >= 0 && n < 16; p = t->v[p].parent) path[n++] = p;
	struct buf b = BUF_INIT;
	for (int i = n - 1; i >= 0; i--) {
		const struct nav_node *nd = &t->v[path[i]];
		if (nd->kind == NAV_FACET && n > 1) continue;   /* the facet is plain from the group's name */
		if (b.len) buf_adds(&b, " › ");
		buf_adds(&b, nd->kind == NAV_ITEM ? nd->doc_id : nd->label);
	}
	return buf_take(&b);
}

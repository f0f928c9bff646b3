/* navtree.h - the explorer's navigation tree: facets (partner type, pillar), groups, pages, items. */
#ifndef PWAF_NAVTREE_H
#define PWAF_NAVTREE_H

#include "core/contentdb.h"

enum nav_kind { NAV_FACET, NAV_GROUP, NAV_PAGE, NAV_ITEM };

struct nav_node {
	enum nav_kind kind;
	char *label;          /* for people, sanitized */
	char *doc_id;         /* NAV_PAGE / NAV_ITEM: the document; NULL otherwise */
	const char *group;    /* NAV_GROUP: the partner or pillar id (static vocab storage) */
	char *level;          /* NAV_ITEM: its level */
	int parent;           /* index, -1 for roots */
	int first_child, next_sibling, last_child;  /* indices, -1 when none */
	int depth;
	int expanded;
};

struct nav_tree {
	struct nav_node *v;
	size_t n, cap;
	int last_root;        /* roots are siblings of one another, starting at node 0 */
};

/* A visible row: the node index (rows are the expanded part of the tree, in order). */
struct nav_rows {
	int *v;
	size_t n;
};

/*
 * Build the tree from the content DB:
 *   Start here            (pages that concern every partner type)
 *   By partner type > Connected ISV > page > item ...
 *   By pillar       > Technical standards > page | item ...
 * Pages are ordered by their `order`, items by id. Facets and groups start expanded, pages collapsed.
 * Returns 0 or -1 (database error).
 */
int nav_build(struct nav_tree *t, struct cdb *c);
void nav_free(struct nav_tree *t);

/* The rows currently visible (children of collapsed nodes are hidden). */
void nav_rows(const struct nav_tree *t, struct nav_rows *out);
void nav_rows_free(struct nav_rows *r);

/* First node (in tree order) showing a document, preferring one under `under` (a node index or -1). */
int nav_find_doc(const struct nav_tree *t, const char *doc_id, int under);
/* Expand every ancestor of a node so it is visible. */
void nav_reveal(struct nav_tree *t, int node);
/* Pages of one partner type, in reading order (the workshop's sequence). Caller frees the array only. */
size_t nav_partner_pages(const struct nav_tree *t, const char *partner, int **out);
/* "Built-On ISV › Cost attribution › BO-TAG-01": the labels from the root to a node (malloc'd). */
char *nav_breadcrumbs(const struct nav_tree *t, int node);

#endif

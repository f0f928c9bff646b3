/* mdscan.h - scan a Markdown body for what the index needs: text, headings, links, check SQL. */
#ifndef PWAF_MDSCAN_H
#define PWAF_MDSCAN_H

#include <stddef.h>

struct mdscan_heading {
	int level;
	char *text;
	char *slug;
	int line;       /* line within the body, 1-based */
};

struct mdscan_link {
	char *target;   /* as written */
	int line;       /* line within the body, 1-based */
};

struct mdscan {
	char *text;                     /* plain text of the body (markup removed) */
	char *headings_text;            /* all heading texts, one per line */
	struct mdscan_heading *headings;
	size_t nheadings;
	struct mdscan_link *links;
	size_t nlinks;
	char *check_sql;                /* body of the first ```sql check block, or NULL */
	int check_line;                 /* its fence's line within the body */
	int nchecks;                    /* how many such blocks (more than one is an error) */
	char *h1;                       /* text of the first level-1 heading, or NULL */
};

/* Scan body[0..len); body[len] must be NUL. Returns 0, or -1 when md4c rejects the input. */
int mdscan_run(struct mdscan *s, const char *body, size_t len);
void mdscan_free(struct mdscan *s);

/*
 * A section of a body, as Markdown (malloc'd, trimmed), or NULL when it has none: with a heading,
 * the text under the level-2 heading of that text ("Why it matters") up to the next heading of
 * level 1 or 2; with heading NULL, the lead: the text after the level-1 title, before the first
 * level-2 heading. Headings inside fenced code blocks do not count.
 */
char *mdscan_section(const char *body, const char *heading);
/* The plain text of a Markdown fragment (markup removed, one paragraph a line; malloc'd). */
char *mdscan_plain(const char *md);

/* 1 when a link target is internal (an id, "id#anchor" or "#anchor"), 0 for URLs and the like. */
int mdscan_link_is_internal(const char *target);

#endif

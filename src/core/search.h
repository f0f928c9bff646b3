/* search.h - ranked full-text search over the content database, safe for any user input. */
#ifndef PWAF_SEARCH_H
#define PWAF_SEARCH_H

#include "core/contentdb.h"

/* Markers around matched terms in a hit's snippet. Never present in sanitized text. */
#define SEARCH_MARK_ON '\x01'
#define SEARCH_MARK_OFF '\x02'

struct search_hit {
	struct doc doc;
	double score;       /* higher is better */
	char *snippet;      /* plain text with SEARCH_MARK_ON/OFF around matches */
};

struct search_hits {
	struct search_hit *v;
	size_t n;
};

enum search_mode { SEARCH_ALL_WORDS, SEARCH_ANY_WORD };

/*
 * Turn free text into an FTS5 query that can never be a syntax error: words are split on
 * anything but letters and digits, each word becomes a quoted phrase, FTS5 operators and
 * punctuation are literal, stop words are dropped (unless nothing else is left), and at most
 * 32 words are kept. prefix makes the last word a prefix (for search-as-you-type).
 * Returns a malloc'd query, or NULL when the text holds no word.
 */
char *search_build_query(const char *text, enum search_mode mode, int prefix);

/*
 * Search: documents holding all the words first (ranked by bm25 with title > keywords >
 * headings > body), then, to fill up to limit, documents holding any of them.
 * Returns 0 (hits may be empty, also for a query with no words), -1 on a database error.
 */
int search_run(struct cdb *c, const char *text, const struct doc_filter *f, int limit, int prefix,
	       struct search_hits *out);
void search_hits_free(struct search_hits *h);

#endif

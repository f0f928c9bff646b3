/* build.h - the renderer's working state and the line-emitting helpers (not public). */
#ifndef PWAF_MD_BUILD_H
#define PWAF_MD_BUILD_H

#include "md/internal.h"
#include "core/slug.h"

enum { CTR_QUOTE, CTR_ITEM };

/* A container that prefixes every line inside it: a quote bar or a list item's marker/indent. */
struct md_ctr {
	uint8_t kind;
	bool done;          /* item: marker already printed, later lines get the hanging indent */
	uint8_t mlen, mw;   /* bytes and columns of mark */
	char mark[32];
};

struct md_list {
	bool ordered, tight;
	char delim;
	unsigned next;
};

struct md_cell {
	size_t toff, tlen;  /* bytes in md_table.text */
	size_t soff, nsty;  /* style tiles in md_table.sty (offsets relative to the cell) */
	size_t row, col;
};

struct md_table {
	struct md_buf text;
	struct md_span *sty;
	size_t nsty, capsty;
	struct md_cell *cells;
	size_t ncells, capcells;
	uint8_t *align;     /* per column, MD_ALIGN values */
	size_t ncols, capalign;
	size_t nrows, head_rows, col;
	bool in_head;
};

struct md_build {
	int width;
	bool ascii;
	struct md_doc *doc;
	size_t caplines, caplinks, capheads;

	/* the line being built: lt.p is the open string at the arena's tail (see emit.c) */
	struct md_buf lt;
	struct md_span *ls;
	size_t nls, capls;

	/* containers and lists */
	struct md_ctr *ctr;
	size_t nctr, capctr, nquote;
	struct md_list *lists;
	size_t nlists, caplists;
	bool need_blank;
	size_t blank_depth;

	/* inline text of the current leaf block */
	struct md_run run, tmp;
	bool in_leaf, html_gap;
	uint8_t base_role;
	int n_em, n_strong, n_del, n_u, n_code, n_img;
	struct { int link; size_t start; } lstack[8];
	size_t nlstack;

	/* leaf blocks collected raw */
	bool in_code, in_html;
	bool code_open, code_tab;   /* a code line is open; it holds a tab */
	size_t code_start;          /* where its code text starts in lt */
	int heading_level;
	size_t heading_off;
	struct md_buf code, lang, html, scratch;

	bool in_table;
	struct md_table tbl;
	struct md_frags frags;
	struct md_frags *colf;
	size_t ncolf;

	struct md_strset linkset;
	struct md_buf htext;         /* the open heading's plain text, for its anchor (core/slug.h) */
	struct slug_set slugs;       /* the anchors given so far: repeated headings get -1, -2 */
};

/* emit.c */
size_t md_avail(const struct md_build *b);
void md_line_begin(struct md_build *b);
void md_line_put(struct md_build *b, const char *s, size_t n, uint8_t role, uint8_t attr, int link);
void md_line_repeat(struct md_build *b, const char *s, size_t count, uint8_t role);
void md_line_put_frag(struct md_build *b, const struct md_frags *f, size_t i);
void md_line_end(struct md_build *b, unsigned flags, int heading);
void md_emit_frags(struct md_build *b, const struct md_frags *f, unsigned flags, int heading);
void md_emit_run(struct md_build *b, const struct md_run *r);
void md_block_end(struct md_build *b);
void md_ctr_push(struct md_build *b, uint8_t kind, const char *mark, size_t mlen, size_t mw);
void md_ctr_pop(struct md_build *b);

/* table.c */
void md_table_begin(struct md_build *b);
void md_table_cell_end(struct md_build *b, int align);
void md_table_row_end(struct md_build *b);
void md_table_end(struct md_build *b);
void md_table_free(struct md_table *t);

#endif

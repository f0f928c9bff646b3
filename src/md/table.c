/* table.c - GFM tables fitted to the width: column sizing, cell wrapping, borders, fallback. */
#include "md/build.h"

#include <md4c.h>
#include <stdlib.h>
#include <string.h>

/* Border pieces: left, fill, junction, right for top / header rule / row rule / bottom. */
struct borders { const char *v, *top[4], *head[4], *row[4], *bot[4]; };


/* A cell's text. The table's text buffer is NULL while every cell is empty, and NULL + 0 is
 * undefined behaviour (fuzz_md found it: fuzz/crashes/md/empty-cells-null-offset). */
static const char *cell_text(const struct md_table *t, const struct md_cell *c)
{
	return t->text.p ? t->text.p + c->toff : "";
}

static const struct borders box = {
	"\xE2\x94\x82",
	{ "\xE2\x94\x8C", "\xE2\x94\x80", "\xE2\x94\xAC", "\xE2\x94\x90" },
	{ "\xE2\x95\x9E", "\xE2\x95\x90", "\xE2\x95\xAA", "\xE2\x95\xA1" },
	{ "\xE2\x94\x9C", "\xE2\x94\x80", "\xE2\x94\xBC", "\xE2\x94\xA4" },
	{ "\xE2\x94\x94", "\xE2\x94\x80", "\xE2\x94\xB4", "\xE2\x94\x98" },
};

static const struct borders ascii = {
	"|",
	{ "+", "-", "+", "+" },
	{ "+", "=", "+", "+" },
	{ "+", "-", "+", "+" },
	{ "+", "-", "+", "+" },
};

void md_table_begin(struct md_build *b)
{
	struct md_table *t = &b->tbl;
	t->text.len = 0;
	t->nsty = t->ncells = t->ncols = t->nrows = t->head_rows = t->col = 0;
	t->in_head = false;
	b->in_table = true;
	md_run_clear(&b->run);
}

/* Move the cell's inline text from b->run into the table. */
void md_table_cell_end(struct md_build *b, int align)
{
	struct md_table *t = &b->tbl;
	if (!md_grow((void **)&t->cells, &t->capcells, t->ncells + 1, sizeof *t->cells)) return;
	struct md_cell *c = &t->cells[t->ncells++];
	*c = (struct md_cell){ t->text.len, b->run.text.len, t->nsty, b->run.nsty, t->nrows, t->col };
	md_buf_put(&t->text, b->run.text.p, b->run.text.len);
	if (b->run.nsty && md_grow((void **)&t->sty, &t->capsty, t->nsty + b->run.nsty, sizeof *t->sty)) {
		memcpy(t->sty + t->nsty, b->run.sty, b->run.nsty * sizeof *t->sty);
		t->nsty += b->run.nsty;
	}
	if (t->col >= t->ncols) {
		if (!md_grow((void **)&t->align, &t->capalign, t->col + 1, 1)) return;
		for (size_t i = t->ncols; i <= t->col; i++) t->align[i] = MD_ALIGN_DEFAULT;
		t->ncols = t->col + 1;
	}
	if (t->nrows == 0) t->align[t->col] = (uint8_t)align;
	t->col++;
	md_run_clear(&b->run);
	/* A link still open (md4c can let a bare URL run over the '|') goes on in the next cell. */
	for (size_t i = 0; i < b->nlstack && i < sizeof b->lstack / sizeof *b->lstack; i++) b->lstack[i].start = 0;
}

void md_table_row_end(struct md_build *b)
{
	struct md_table *t = &b->tbl;
	if (t->in_head) t->head_rows++;
	t->nrows++;
	t->col = 0;
}

/* ---- column widths --------------------------------------------------------------------- */

/* Hand out extra columns one round at a time to columns still below their natural width. */
static void water_fill(size_t *w, const size_t *nat, size_t ncols, size_t extra)
{
	while (extra) {
		size_t active = 0;
		for (size_t c = 0; c < ncols; c++) active += w[c] < nat[c];
		if (!active) return;
		size_t share = extra / active ? extra / active : 1;
		for (size_t c = 0; c < ncols && extra; c++) {
			if (w[c] >= nat[c]) continue;
			size_t add = nat[c] - w[c] < share ? nat[c] - w[c] : share;
			if (add > extra) add = extra;
			w[c] += add;
			extra -= add;
		}
	}
}

/*
 * Widths for the columns within avail text columns: natural widths when they fit; else every
 * column gets at least its longest word and the rest is shared; else words must break and
 * the space is shared out evenly (at least min_w each).
 */
static void widths_fit(size_t *w, const size_t *nat, const size_t *word, size_t ncols, size_t avail,
                       size_t min_w)
{
	size_t sn = 0, sw = 0;
	for (size_t c = 0; c < ncols; c++) { sn += nat[c]; sw += word[c]; }
	if (sn <= avail) {
		memcpy(w, nat, ncols * sizeof *w);
		return;
	}
	if (sw <= avail) {
		memcpy(w, word, ncols * sizeof *w);
		water_fill(w, nat, ncols, avail - sw);
		return;
	}
	size_t used = 0;
	for (size_t c = 0; c < ncols; c++) {
		w[c] = nat[c] < min_w ? nat[c] : min_w;
		used += w[c];
	}
	water_fill(w, nat, ncols, avail > used ? avail - used : 0);
}

/* ---- drawing ---------------------------------------------------------------------------- */

static void rule_line(struct md_build *b, const char *const piece[4], const size_t *w, size_t ncols)
{
	md_line_begin(b);
	md_line_put(b, piece[0], strlen(piece[0]), MD_ROLE_BORDER, 0, -1);
	for (size_t c = 0; c < ncols; c++) {
		md_line_repeat(b, piece[1], w[c] + 2, MD_ROLE_BORDER);
		const char *j = c + 1 < ncols ? piece[2] : piece[3];
		md_line_put(b, j, strlen(j), MD_ROLE_BORDER, 0, -1);
	}
	md_line_end(b, 0, -1);
}

static void pad(struct md_build *b, size_t n)
{
	md_line_repeat(b, " ", n, MD_ROLE_TEXT);
}

/* Wrap every cell of row r into b->colf[c]; returns the row's height in lines. */
static size_t row_wrap(struct md_build *b, size_t first, size_t r, const size_t *w)
{
	struct md_table *t = &b->tbl;
	for (size_t c = 0; c < t->ncols; c++) b->colf[c].nln = 0;
	for (size_t i = first; i < t->ncells && t->cells[i].row == r; i++) {
		const struct md_cell *cell = &t->cells[i];
		md_wrap(cell_text(t, cell), cell->tlen, t->sty ? t->sty + cell->soff : NULL, cell->nsty, w[cell->col],
		        &b->colf[cell->col]);
	}
	size_t h = 1;
	for (size_t c = 0; c < t->ncols; c++) if (b->colf[c].nln > h) h = b->colf[c].nln;
	return h;
}

static void row_draw(struct md_build *b, const struct borders *bd, size_t h, const size_t *w)
{
	struct md_table *t = &b->tbl;
	size_t vl = strlen(bd->v);
	for (size_t k = 0; k < h; k++) {
		md_line_begin(b);
		md_line_put(b, bd->v, vl, MD_ROLE_BORDER, 0, -1);
		for (size_t c = 0; c < t->ncols; c++) {
			const struct md_frags *f = &b->colf[c];
			size_t fw = k < f->nln ? f->ln[k].width : 0;
			size_t room = w[c] > fw ? w[c] - fw : 0, left = 0;
			if (t->align[c] == MD_ALIGN_RIGHT) left = room;
			else if (t->align[c] == MD_ALIGN_CENTER) left = room / 2;
			pad(b, 1 + left);
			if (k < f->nln) md_line_put_frag(b, f, k);
			pad(b, room - left + 1);
			md_line_put(b, bd->v, vl, MD_ROLE_BORDER, 0, -1);
		}
		md_line_end(b, 0, -1);
	}
}

/* Too narrow for columns: each row becomes "Header: value" lines, rows apart. */
static void draw_records(struct md_build *b)
{
	struct md_table *t = &b->tbl;
	size_t head_end = 0;
	while (head_end < t->ncells && t->cells[head_end].row < t->head_rows) head_end++;
	bool body = head_end < t->ncells;
	size_t i = body ? head_end : 0;
	while (i < t->ncells) {
		size_t r = t->cells[i].row;
		for (; i < t->ncells && t->cells[i].row == r; i++) {
			const struct md_cell *cell = &t->cells[i];
			struct md_run *run = &b->tmp;
			md_run_clear(run);
			if (body && cell->col < head_end) {
				const struct md_cell *hc = &t->cells[cell->col];
				for (size_t k = 0; k < hc->nsty; k++) {
					const struct md_span *s = &t->sty[hc->soff + k];
					md_run_put(run, cell_text(t, hc) + s->off, s->len, MD_ROLE_TH, s->attr, s->link);
				}
				md_run_put(run, ": ", 2, MD_ROLE_TH, 0, -1);
			}
			for (size_t k = 0; k < cell->nsty; k++) {
				const struct md_span *s = &t->sty[cell->soff + k];
				md_run_put(run, cell_text(t, cell) + s->off, s->len, s->role, s->attr, s->link);
			}
			md_emit_run(b, run);
		}
		md_block_end(b);
	}
}

void md_table_end(struct md_build *b)
{
	struct md_table *t = &b->tbl;
	b->in_table = false;
	size_t nc = t->ncols;
	if (!nc || !t->ncells) return;
	const struct borders *bd = b->ascii ? &ascii : &box;
	size_t avail = md_avail(b), overhead = 3 * nc + 1;
	const size_t min_w = 3;
	if (avail < overhead + nc * min_w) {
		draw_records(b);
		return;
	}
	if (b->ncolf < nc) {
		size_t old = b->ncolf;
		if (!md_grow((void **)&b->colf, &b->ncolf, nc, sizeof *b->colf)) return;
		memset(b->colf + old, 0, (b->ncolf - old) * sizeof *b->colf);
	}
	size_t *nat = calloc(3 * nc, sizeof *nat);
	if (!nat) { md_oom = 1; return; }
	size_t *word = nat + nc, *w = nat + 2 * nc;
	for (size_t i = 0; i < t->ncells; i++) {
		const struct md_cell *c = &t->cells[i];
		size_t n, lw;
		md_measure(cell_text(t, c), c->tlen, &n, &lw);
		if (n > nat[c->col]) nat[c->col] = n;
		if (lw > word[c->col]) word[c->col] = lw;
	}
	for (size_t c = 0; c < nc; c++) if (!nat[c]) nat[c] = word[c] = 1;
	size_t sum_word = 0;
	for (size_t c = 0; c < nc; c++) sum_word += word[c];
	if (sum_word > avail - overhead && avail - overhead < nc * 6) {
		/* words would be chopped into slivers: records read better */
		free(nat);
		draw_records(b);
		return;
	}
	widths_fit(w, nat, word, nc, avail - overhead, min_w);

	/* wrap all body rows first to learn whether any spans several lines */
	rule_line(b, bd->top, w, nc);
	size_t i = 0, r = 0;
	bool multi = false;
	for (size_t k = 0; k < t->ncells; k++) {
		if (t->cells[k].row < t->head_rows) continue;
		size_t nn, lw;
		md_measure(cell_text(t, &t->cells[k]), t->cells[k].tlen, &nn, &lw);
		if (nn > w[t->cells[k].col] || memchr(cell_text(t, &t->cells[k]), '\n', t->cells[k].tlen)) multi = true;
	}
	for (r = 0; r < t->nrows; r++) {
		if (r && r == t->head_rows) rule_line(b, bd->head, w, nc);
		else if (r > t->head_rows && multi) rule_line(b, bd->row, w, nc);
		size_t h = row_wrap(b, i, r, w);
		row_draw(b, bd, h, w);
		while (i < t->ncells && t->cells[i].row == r) i++;
	}
	rule_line(b, bd->bot, w, nc);
	free(nat);
}

void md_table_free(struct md_table *t)
{
	md_buf_free(&t->text);
	free(t->sty);
	free(t->cells);
	free(t->align);
	*t = (struct md_table){ 0 };
}

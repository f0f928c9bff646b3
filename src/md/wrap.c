/* wrap.c - greedy word wrapping of styled text by display width, breaking over-long words. */
#include "internal.h"

#include <stdlib.h>

struct wrap {
	const char *t;
	const struct md_span *sty;
	size_t nsty;
	size_t cur;            /* style tile holding the next byte to copy */
	struct md_frags *f;
	struct md_frag *line;  /* open line, or NULL */
};

static void line_open(struct wrap *w)
{
	struct md_frags *f = w->f;
	if (!md_grow((void **)&f->ln, &f->capln, f->nln + 1, sizeof *f->ln)) return;
	w->line = &f->ln[f->nln++];
	*w->line = (struct md_frag){ f->text.len, 0, f->nsp, 0, 0 };
}

static void line_close(struct wrap *w)
{
	if (!w->line) line_open(w);  /* an empty line (hard break on its own) */
	w->line = NULL;
}

/* Copy t[a..b) to the open line with its styles; cols is its display width. */
static void line_put(struct wrap *w, size_t a, size_t b, size_t cols)
{
	if (!w->line) line_open(w);
	struct md_frag *l = w->line;
	if (!l || a >= b) return;
	struct md_frags *f = w->f;
	size_t rel = f->text.len - l->off;   /* where t[a] lands, relative to the line */
	md_buf_put(&f->text, w->t + a, b - a);
	while (a < b) {
		while (w->cur + 1 < w->nsty && w->sty[w->cur].off + w->sty[w->cur].len <= a) w->cur++;
		const struct md_span *s = &w->sty[w->cur];
		size_t end = s->off + s->len < b ? s->off + s->len : b;
		if (end <= a) end = b;  /* defensive: tiles always cover the text */
		struct md_span *last = l->nsp ? &f->sp[f->nsp - 1] : NULL;
		if (last && last->role == s->role && last->attr == s->attr && last->link == s->link) {
			last->len += end - a;
		} else if (md_grow((void **)&f->sp, &f->capsp, f->nsp + 1, sizeof *f->sp)) {
			f->sp[f->nsp++] = (struct md_span){ rel, end - a, s->role, s->attr, s->link };
			l->nsp++;
		}
		rel += end - a;
		a = end;
	}
	l->len = f->text.len - l->off;
	l->width += cols;
}

static bool ascii_only(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80) return false;
	return true;
}

static size_t cols_of(const char *s, size_t n)
{
	return ascii_only(s, n) ? n : md_text_width(s, n);
}

/* Put a word wider than the width: chop it at code points into width-column pieces. */
static void put_long_word(struct wrap *w, size_t a, size_t b, size_t width)
{
	while (a < b) {
		size_t used, n = md_clip_cols(w->t + a, b - a, width, &used);
		if (n == 0) {   /* one code point wider than the whole width */
			uint32_t cp;
			n = md_utf8_next(w->t + a, b - a, &cp);
			used = (size_t)md_cp_width(cp);
		}
		line_put(w, a, a + n, used);
		a += n;
		if (a < b) line_close(w);
	}
}

/*
 * Lay out text[0..len) (styled by the tiles sty) in lines of at most width columns into out,
 * which is cleared first. Spaces separate words and vanish at line ends; '\n' forces a break.
 * Empty text gives no lines.
 */
void md_wrap(const char *text, size_t len, const struct md_span *sty, size_t nsty, size_t width,
             struct md_frags *out)
{
	out->text.len = 0;
	out->nsp = 0;
	out->nln = 0;
	if (width < 1) width = 1;
	struct wrap w = { text, sty, nsty, 0, out, NULL };
	size_t i = 0, cols = 0;
	while (i < len) {
		if (text[i] == '\n') {
			line_close(&w);
			cols = 0;
			i++;
			continue;
		}
		size_t gap = i;
		while (i < len && text[i] == ' ') i++;
		if (i >= len || text[i] == '\n') continue;
		size_t ws = i;
		while (i < len && text[i] != ' ' && text[i] != '\n') i++;
		size_t ww = cols_of(text + ws, i - ws);
		if (w.line && w.line->len) {
			if (cols + (ws - gap) + ww <= width) {
				line_put(&w, gap, i, (ws - gap) + ww);
				cols += (ws - gap) + ww;
				continue;
			}
			line_close(&w);
		}
		if (ww <= width) {
			line_put(&w, ws, i, ww);
			cols = ww;
		} else {
			put_long_word(&w, ws, i, width);
			cols = w.line ? w.line->width : 0;
		}
	}
	w.line = NULL;
}

/* Natural width (widest '\n'-separated segment, as md_wrap would lay it out on one line)
 * and the widest single word of text. */
void md_measure(const char *text, size_t len, size_t *natural, size_t *longest_word)
{
	size_t nat = 0, word = 0, seg = 0, i = 0;
	while (i < len) {
		if (text[i] == '\n') { seg = 0; i++; continue; }
		size_t gap = i;
		while (i < len && text[i] == ' ') i++;
		if (i >= len || text[i] == '\n') continue;
		size_t ws = i;
		while (i < len && text[i] != ' ' && text[i] != '\n') i++;
		size_t ww = cols_of(text + ws, i - ws);
		seg += (seg ? ws - gap : 0) + ww;
		if (ww > word) word = ww;
		if (seg > nat) nat = seg;
	}
	*natural = nat;
	*longest_word = word;
}

void md_frags_free(struct md_frags *f)
{
	md_buf_free(&f->text);
	free(f->sp);
	free(f->ln);
	*f = (struct md_frags){ 0 };
}

/*
 * wrap.c - greedy word wrapping of styled text by display width, breaking over-long words.
 *
 * Every wrapped line is a contiguous byte range of the input (leading and trailing spaces of
 * a line fall outside it), so md_wrap() only records ranges: no text or style is copied here.
 */
#include "md/internal.h"
#include "core/swar.h"

#include <stdlib.h>

struct wrap {
	const struct md_span *sty;
	size_t nsty;
	size_t cur;            /* style tile holding the start of the newest line */
	struct md_frags *f;
	struct md_frag *line;  /* open line, or NULL */
};

/* Open a line starting at byte off. */
static void line_open(struct wrap *w, size_t off)
{
	struct md_frags *f = w->f;
	w->line = NULL;
	if (!md_grow((void **)&f->ln, &f->capln, f->nln + 1, sizeof *f->ln)) return;
	while (w->cur + 1 < w->nsty && w->sty[w->cur].off + w->sty[w->cur].len <= off) w->cur++;
	w->line = &f->ln[f->nln++];
	*w->line = (struct md_frag){ off, 0, w->cur, 0 };
}

static void line_close(struct wrap *w, size_t off)
{
	if (!w->line) line_open(w, off);  /* an empty line (hard break on its own) */
	w->line = NULL;
}

/* Extend (or open) the line to end at b; t[a..b) adds cols columns. */
static void line_put(struct wrap *w, size_t a, size_t b, size_t cols)
{
	if (!w->line) line_open(w, a);
	if (!w->line) return;
	w->line->len = b - w->line->off;
	w->line->width += cols;
}

/* End of the word starting at s[i] (at the next ' ', '\n' or len); *ascii: no byte >= 0x80. */
static size_t word_end(const char *s, size_t len, size_t i, bool *ascii)
{
	uint64_t hi = 0;
	while (i + 8 <= len) {
		uint64_t v = swar_load(s + i);
		uint64_t m = swar_eq(v, ' ') | swar_eq(v, '\n');
		hi |= v & swar_before(m);
		if (m) {
			*ascii = !hi;
			return i + swar_first(m);
		}
		i += 8;
	}
	while (i < len && s[i] != ' ' && s[i] != '\n') hi |= (unsigned char)s[i++] & 0x80;
	*ascii = !hi;
	return i;
}

/* Columns of the word s[a..b): its length when ASCII (as wrapping has always counted it). */
static size_t word_cols(const char *s, size_t a, size_t b, bool ascii)
{
	return ascii ? b - a : text_width(s + a, b - a);
}

/* Put a word wider than the width: chop it at code points into width-column pieces. */
static void put_long_word(struct wrap *w, const char *t, size_t a, size_t b, size_t width)
{
	while (a < b) {
		size_t used, n = text_clip_cols(t + a, b - a, width, &used);
		if (n == 0) {   /* one code point wider than the whole width */
			uint32_t cp;
			n = utf8_next(t + a, b - a, &cp);
			used = (size_t)cp_width(cp);
		}
		line_put(w, a, a + n, used);
		a += n;
		if (a < b) line_close(w, a);
	}
}

/* Is s[a..b) free of '\n' and of bytes >= 0x80 (so its width is its length)? */
static bool plain_ascii(const char *s, size_t a, size_t b)
{
	for (; a + 8 <= b; a += 8) {
		uint64_t v = swar_load(s + a);
		if ((v & SWAR_HIGH) | swar_eq(v, '\n')) return false;
	}
	for (; a < b; a++)
		if ((unsigned char)s[a] >= 0x80 || s[a] == '\n') return false;
	return true;
}

/*
 * The common case in one step: a new line starting with a word at t[*i], where the next
 * width + 1 bytes are plain ASCII. The line ends at the last word end within width columns;
 * it is left open at *i = that end. False (nothing done) when the first word is too long or
 * the bytes are not plain ASCII: the word-by-word loop takes over.
 */
static bool fast_line(struct wrap *w, const char *t, size_t len, size_t *i, size_t width)
{
	size_t a = *i, q = a + width, e;
	if (!plain_ascii(t, a, q < len ? q + 1 : len)) return false;
	if (q >= len) {
		e = len;
	} else {
		e = q;
		if (t[q] != ' ')
			while (e > a && t[e - 1] != ' ') e--;   /* back to the start of the word crossing q */
		if (e == a) return false;
	}
	while (t[e - 1] == ' ') e--;
	line_put(w, a, e, e - a);
	*i = e;
	return true;
}

/*
 * Lay out text[0..len) (styled by the tiles sty) in lines of at most width columns into out,
 * which is cleared first and then refers to text and sty. Spaces separate words and vanish
 * at line ends; '\n' forces a break. Empty text gives no lines.
 */
void md_wrap(const char *text, size_t len, const struct md_span *sty, size_t nsty, size_t width,
             struct md_frags *out)
{
	out->text = text;
	out->sty = sty;
	out->nsty = nsty;
	out->nln = 0;
	if (width < 1) width = 1;
	struct wrap w = { sty, nsty, 0, out, NULL };
	size_t i = 0, cols = 0;
	while (i < len) {
		if (text[i] == '\n') {
			line_close(&w, i);
			cols = 0;
			i++;
			continue;
		}
		if (!w.line && text[i] != ' ' && fast_line(&w, text, len, &i, width)) {
			cols = w.line ? w.line->width : 0;
			size_t j = i;
			while (j < len && text[j] == ' ') j++;
			if (j < len && text[j] != '\n') {   /* the next word did not fit */
				w.line = NULL;
				i = j;
			}
			continue;
		}
		size_t gap = i;
		while (i < len && text[i] == ' ') i++;
		if (i >= len || text[i] == '\n') continue;
		size_t ws = i;
		bool ascii;
		i = word_end(text, len, i, &ascii);
		size_t ww = word_cols(text, ws, i, ascii);
		if (w.line && w.line->len) {
			if (cols + (ws - gap) + ww <= width) {
				line_put(&w, gap, i, (ws - gap) + ww);
				cols += (ws - gap) + ww;
				continue;
			}
			w.line = NULL;
			i = ws;   /* the word starts the next line: maybe in one step */
			continue;
		}
		if (ww <= width) {
			line_put(&w, ws, i, ww);
			cols = ww;
		} else {
			put_long_word(&w, text, ws, i, width);
			cols = w.line ? w.line->width : 0;
		}
	}
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
		bool ascii;
		i = word_end(text, len, i, &ascii);
		size_t ww = word_cols(text, ws, i, ascii);
		seg += (seg ? ws - gap : 0) + ww;
		if (ww > word) word = ww;
		if (seg > nat) nat = seg;
	}
	*natural = nat;
	*longest_word = word;
}

void md_frags_free(struct md_frags *f)
{
	free(f->ln);
	*f = (struct md_frags){ 0 };
}

/* print.c - md_print(): write a rendered document as plain text or with ANSI SGR styles. */
#include "md/internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Output goes through a local buffer: one fwrite per 64 KiB, not one per span. */
struct out {
	FILE *f;
	size_t len;
	int err;
	char buf[65536 + 64];   /* slack past the flush limit for whole-word stores */
};
#define OUT_LIMIT 65536

static void out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len) o->err = 1;
	o->len = 0;
}

static inline void out_put(struct out *o, const char *s, size_t n)
{
	if (o->len + n > OUT_LIMIT) {
		out_flush(o);
		if (n > OUT_LIMIT) {
			if (fwrite(s, 1, n, o->f) != n) o->err = 1;
			return;
		}
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static const char *const role_sgr[MD_ROLE_COUNT] = {
	[MD_ROLE_TEXT] = "",        [MD_ROLE_H1] = "1;35",     [MD_ROLE_H2] = "1;36",
	[MD_ROLE_H3] = "1;32",      [MD_ROLE_H4] = "1;33",     [MD_ROLE_EMPH] = "3",
	[MD_ROLE_STRONG] = "1",     [MD_ROLE_CODE] = "36",     [MD_ROLE_CODEBLOCK] = "33",
	[MD_ROLE_LINK] = "4;34",    [MD_ROLE_QUOTE] = "3",     [MD_ROLE_MARKER] = "33",
	[MD_ROLE_BORDER] = "2",     [MD_ROLE_TH] = "1",        [MD_ROLE_IMAGE] = "35",
};

/* SGR sequence for every role x attribute combination, built once per call; at most 15
 * bytes ("\033[1;35;1;3;4;9m"), so each is copied as one 16-byte block. */
struct sgr_table { char s[MD_ROLE_COUNT][16][16]; uint8_t n[MD_ROLE_COUNT][16]; };

static void sgr_build(struct sgr_table *t)
{
	static const char *const attr_sgr[4] = { "1", "3", "4", "9" };
	for (int r = 0; r < MD_ROLE_COUNT; r++) {
		for (int a = 0; a < 16; a++) {
			char codes[24] = "";
			strcpy(codes, role_sgr[r] ? role_sgr[r] : "");
			for (int k = 0; k < 4; k++) {
				if (!(a & (1 << k))) continue;
				if ((r == MD_ROLE_STRONG && k == 0) || (r == MD_ROLE_EMPH && k == 1)) continue;
				if (codes[0]) strcat(codes, ";");
				strcat(codes, attr_sgr[k]);
			}
			int n = codes[0] ? snprintf(t->s[r][a], sizeof t->s[r][a], "\033[%sm", codes) : 0;
			t->n[r][a] = (uint8_t)n;
		}
	}
}

/*
 * Bytes of a code line that fit in width-1 columns, for clipping with a marker. A line no
 * longer in bytes than width fits: no code point is wider than its UTF-8 length (ASCII is at
 * most one column, anything longer at most two).
 */
static size_t clip_bytes(const struct md_line *l, int width)
{
	if (width <= 0 || !(l->flags & MD_LINE_CODE) || l->len <= (size_t)width) return l->len;
	if (text_width(l->text, l->len) <= (size_t)width) return l->len;
	return text_clip_cols(l->text, l->len, (size_t)width - 1, NULL);
}

static void line_plain(struct out *o, const struct md_line *l, size_t n)
{
	out_put(o, l->text, n);
}

/* Room for n more bytes in o's buffer; false when n is more than it can ever hold. */
static bool out_room(struct out *o, size_t n)
{
	if (o->len + n > OUT_LIMIT) out_flush(o);
	return n <= OUT_LIMIT;
}

/* Each span as SGR + text + reset (no SGR for plain text); written straight into the buffer
 * when the whole line fits there. */
static void line_ansi(struct out *o, const struct sgr_table *t, const struct md_line *l, size_t n)
{
	bool direct = out_room(o, n + l->nspans * (sizeof t->s[0][0] + 4) + 1);
	for (size_t i = 0; i < l->nspans; i++) {
		const struct md_span *s = &l->spans[i];
		if (s->off >= n) break;
		size_t len = s->off + s->len > n ? n - s->off : s->len;
		uint8_t r = s->role < MD_ROLE_COUNT ? s->role : 0, a = s->attr & 15;
		size_t k = t->n[r][a];
		if (!direct) {
			if (k) out_put(o, t->s[r][a], k);
			out_put(o, l->text + s->off, len);
			if (k) out_put(o, "\033[0m", 4);
			continue;
		}
		char *p = o->buf + o->len;
		memcpy(p, t->s[r][a], 16);   /* room for it: see out_room() above and OUT_LIMIT */
		p += k;
		memcpy(p, l->text + s->off, len);
		p += len;
		memcpy(p, "\033[0m", 4);
		p += k ? 4 : 0;
		o->len = (size_t)(p - o->buf);
	}
}

int md_print(FILE *f, const struct md_doc *d, int ansi, int width)
{
	if (!f || !d) return -1;
	static _Thread_local struct out o;
	static _Thread_local struct sgr_table t;
	o.f = f;
	o.len = 0;
	o.err = 0;
	if (ansi) sgr_build(&t);
	const char *mark = d->ascii ? ">" : "\xE2\x80\xA6";
	for (size_t i = 0; i < d->nlines; i++) {
		const struct md_line *l = &d->lines[i];
		size_t n = clip_bytes(l, width);
		if (ansi) line_ansi(&o, &t, l, n);
		else line_plain(&o, l, n);
		if (n < l->len) {
			if (ansi) out_put(&o, "\033[2m", 4);
			out_put(&o, mark, strlen(mark));
			if (ansi) out_put(&o, "\033[0m", 4);
		}
		out_put(&o, "\n", 1);
	}
	if (d->nlinks) out_put(&o, "\n", 1);
	for (size_t i = 0; i < d->nlinks; i++) {
		char num[32];
		int k = snprintf(num, sizeof num, "[%zu] ", i + 1);
		out_put(&o, num, (size_t)k);
		if (ansi) out_put(&o, t.s[MD_ROLE_LINK][0], t.n[MD_ROLE_LINK][0]);
		out_put(&o, d->links[i].url, strlen(d->links[i].url));
		if (ansi) out_put(&o, "\033[0m", 4);
		out_put(&o, "\n", 1);
	}
	out_flush(&o);
	if (fflush(f) != 0) o.err = 1;
	return o.err || ferror(f) ? -1 : 0;
}

/* ui.c - drawing helpers: width-aware text (ASCII stand-ins outside UTF-8 locales), fills, the title and status lines. */
#include "tui/ui.h"

#include "tui/app.h"
#include "ws/live.h"
#include "md/render.h"
#include "tui/theme.h"
#include "core/translit.h"
#include "core/textwidth.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int ascii;   /* the locale is not UTF-8: every character is drawn as its ASCII stand-in */

void ui_set_ascii(int on)
{
	ascii = on;
}

/* Length in bytes of the UTF-8 sequence starting at s (1 for a stray byte). */
static size_t cp_len(const unsigned char *s, size_t left)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 1;
	return n <= left ? n : left;
}

static size_t ui_put_bytes(int y, int x, int w, const char *s, size_t len, int attr, int *cols);

int ui_put(int y, int x, int w, const char *s, size_t len, int attr)
{
	int used;
	ui_put_bytes(y, x, w, s, len, attr, &used);
	return used;
}

size_t ui_put_len(int y, int x, int w, const char *s, size_t len, int attr)
{
	int used;
	return ui_put_bytes(y, x, w, s, len, attr, &used);
}

/* Draw what fits of s in w columns: the bytes drawn, and in *cols the columns they took. */
static size_t ui_put_bytes(int y, int x, int w, const char *s, size_t len, int attr, int *cols)
{
	int used = 0;
	attrset(attr);
	move(y, x);
	size_t i = 0;
	while (i < len && used < w) {
		size_t n = cp_len((const unsigned char *)s + i, len - i);
		if (ascii && (unsigned char)s[i] >= 0x80) {
			uint32_t cp;
			n = translit_next(s + i, len - i, &cp);
			char one[4];
			size_t k = translit_cp(cp, one);
			if (used + (int)k > w) break;
			addnstr(one, (int)k);
			used += (int)k;
			i += n;
			continue;
		}
		int cw = (int)text_width(s + i, n);
		if (used + cw > w) break;
		addnstr(s + i, (int)n);
		used += cw;
		i += n;
	}
	attrset(A_NORMAL);
	*cols = used;
	return i;
}

int ui_width(const char *s)
{
	if (!ascii) return (int)text_width(s, strlen(s));
	char *t = translit_ascii(s, strlen(s));
	int w = (int)strlen(t);
	free(t);
	return w;
}

const char *ui_glyph(const char *utf8, const char *plain)
{
	return ascii ? plain : utf8;
}

void ui_fill(int y, int x, int w, int attr)
{
	if (w <= 0) return;
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

/* The title bar: the long name when right fits beside it, else " pwaf" and as much of right as fits.
 * The last hl bytes of right are drawn in hl_attr (a failure in its colour). */
static void title_draw(struct app *a, const char *right, size_t hl, int hl_attr)
{
	int attr = theme_attr(R_TITLE);
	ui_fill(0, 0, a->cols_n, attr);
	static const char long_title[] = " pwaf · Partner Well-Architected Framework";
	int rw = ui_width(right);
	const char *title = a->cols_n >= 60 && ui_width(long_title) + rw + 2 < a->cols_n ? long_title : " pwaf";
	int used = ui_put(0, 0, a->cols_n, title, strlen(title), attr);
	int room = a->cols_n - used - 2;
	if (room <= 0 || !*right) return;
	int x = a->cols_n - (rw < room ? rw : room) - 1;
	size_t len = strlen(right);
	if (hl > len) hl = len;   /* a prefix and summary cut to the buffer */
	size_t plain = len - hl;
	int pw = ui_put(0, x, room, right, plain, attr);
	if (hl && pw < room) ui_put(0, x + pw, room - pw, right + plain, hl, hl_attr);
}

void ui_title(struct app *a, const char *right)
{
	title_draw(a, right, 0, 0);
}

void ui_title_live(struct app *a, const char *prefix)
{
	char right[320];
	const char *fail = a->live ? live_failure(a->live) : "";
	const char *sum = a->live ? live_summary(a->live) : "";
	snprintf(right, sizeof right, "%s%s", prefix ? prefix : "", sum);
	/* A failure stays on screen, in the failure colour, until it is fixed or retried. */
	title_draw(a, right, fail[0] ? strlen(sum) : 0, theme_attr(R_FAIL) | A_REVERSE);
}

/* The hints that fit in w columns: whole "key what" segments (two spaces apart) from the left. */
static size_t hints_fit(const char *hints, int w)
{
	size_t best = 0;
	for (const char *p = hints; *p;) {
		const char *e = strstr(p, "  ");
		size_t end = e ? (size_t)(e - hints) : strlen(hints);
		char *part = strndup(hints, end);
		int pw = part ? ui_width(part) : w + 1;
		free(part);
		if (pw > w) break;
		best = end;
		if (!e) break;
		p = e + 2;
		while (*p == ' ') p++;
	}
	return best;
}

/* Status: "[MODE] text ...   hints". The mode is written in words, never colour alone. A message
 * gets the width it needs; the key hints give way segment by segment instead of vanishing. */
void ui_status(struct app *a, const char *left, const char *hints)
{
	int y = a->rows_n - 1;
	int attr = theme_attr(R_STATUS);
	ui_fill(y, 0, a->cols_n, attr);
	char tag[24];
	snprintf(tag, sizeof tag, " %s ", mode_name(a->screen->mode(a)));
	for (char *p = tag; *p; p++) if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
	int x = ui_put(y, 0, a->cols_n, tag, strlen(tag), theme_attr(R_STATUS_KEY) | A_REVERSE);
	const char *text = a->msg[0] ? a->msg : left;
	int avail = a->cols_n - x - 2;
	int tw = ui_width(text);
	int own_line = a->msg[0] && tw > avail && y > 1;
	if (own_line) {
		/* a message longer than the status line has room for gets the lines above it, whole (at
		 * most three, cut anywhere: URLs have no spaces to break at) */
		int w = a->cols_n - 2, n = (tw + w - 1) / w;
		if (n > 3) n = 3;
		if (n > y - 1) n = y - 1;
		size_t off = 0, len = strlen(a->msg);
		for (int i = 0; i < n; i++) {
			ui_fill(y - n + i, 0, a->cols_n, attr);
			off += ui_put_len(y - n + i, 1, w, a->msg + off, len - off, theme_attr(R_STATUS_KEY));
		}
		text = left;
		tw = ui_width(text);
	}
	/* the message takes what it needs; plain status text (breadcrumbs) leaves the hints half */
	int keep = a->msg[0] && !own_line ? tw : (tw < avail / 2 ? tw : avail / 2);
	size_t hl = hints_fit(hints, avail - keep - 2);
	int hw = 0;
	if (hl) {
		char *h = strndup(hints, hl);
		hw = ui_width(h);
		ui_put(y, a->cols_n - hw - 1, hw, h, hl, attr);
		free(h);
	}
	ui_put(y, x + 1, avail - (hw ? hw + 2 : 0), text, strlen(text), a->msg[0] && !own_line ? theme_attr(R_STATUS_KEY) : attr);
}

void ui_input_add(char *s, size_t *len, size_t cap, int ch)
{
	if (ch < 0x20 || ch == 0x7f || ch > 0xff || *len + 1 >= cap) return;
	s[(*len)++] = (char)ch;
	s[*len] = '\0';
}

void ui_input_delete(char *s, size_t *len)
{
	if (!*len) return;
	do (*len)--; while (*len && ((unsigned char)s[*len] & 0xC0) == 0x80);
	s[*len] = '\0';
}

int ui_input_complete(const char *s, size_t len)
{
	size_t i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
	if (i == 0) return len == 0;
	return cp_len((const unsigned char *)s + i - 1, len - i + 1) == len - i + 1;
}

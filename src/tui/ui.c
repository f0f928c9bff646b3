/* ui.c - drawing helpers: width-aware text, fills, the title and status lines, prompt editing. */
#include "ui.h"

#include "app.h"

#include "render.h"
#include "theme.h"

#include <curses.h>
#include <string.h>

/* Length in bytes of the UTF-8 sequence starting at s (1 for a stray byte). */
static size_t cp_len(const unsigned char *s, size_t left)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 1;
	return n <= left ? n : left;
}

int ui_put(int y, int x, int w, const char *s, size_t len, int attr)
{
	int used = 0;
	attrset(attr);
	move(y, x);
	size_t i = 0;
	while (i < len && used < w) {
		size_t n = cp_len((const unsigned char *)s + i, len - i);
		int cw = (int)md_text_width(s + i, n);
		if (used + cw > w) break;
		addnstr(s + i, (int)n);
		used += cw;
		i += n;
	}
	attrset(A_NORMAL);
	return used;
}

void ui_fill(int y, int x, int w, int attr)
{
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void ui_title(struct app *a, const char *right)
{
	int attr = theme_attr(R_TITLE);
	ui_fill(0, 0, a->cols_n, attr);
	const char *title = a->cols_n >= 60 ? " pwaf · Partner Well-Architected Framework" : " pwaf";
	int used = ui_put(0, 0, a->cols_n, title, strlen(title), attr);
	int rw = (int)md_text_width(right, strlen(right));
	if (used + rw + 2 < a->cols_n) ui_put(0, a->cols_n - rw - 1, rw, right, strlen(right), attr);
}

/* Status: "[MODE] left ...   hints". The mode is written in words, never colour alone. */
void ui_status(struct app *a, const char *left, const char *hints)
{
	int y = a->rows_n - 1;
	int attr = theme_attr(R_STATUS);
	ui_fill(y, 0, a->cols_n, attr);
	char tag[24];
	snprintf(tag, sizeof tag, " %s ", mode_name(a->screen->mode(a)));
	for (char *p = tag; *p; p++) if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
	int x = ui_put(y, 0, a->cols_n, tag, strlen(tag), theme_attr(R_STATUS_KEY) | A_REVERSE);
	int hw = (int)md_text_width(hints, strlen(hints));
	int room = a->cols_n - x - 1 - (hw + 2 < a->cols_n - x - 10 ? hw + 2 : 0);
	const char *text = a->msg[0] ? a->msg : left;
	ui_put(y, x + 1, room, text, strlen(text), a->msg[0] ? theme_attr(R_STATUS_KEY) : attr);
	if (hw + 2 < a->cols_n - x - 10) ui_put(y, a->cols_n - hw - 1, hw, hints, strlen(hints), attr);
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

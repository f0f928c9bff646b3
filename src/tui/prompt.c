/* prompt.c - one-line text editing: insert at the cursor, move by character, delete by character, word or line. */
#include "tui/prompt.h"

#include "md/render.h"
#include "tui/ui.h"
#include "core/textwidth.h"

#include <curses.h>
#include <string.h>

static int cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

void prompt_set(struct prompt *p, const char *text)
{
	snprintf(p->text, sizeof p->text, "%s", text ? text : "");
	p->len = strlen(p->text);
	while (p->len && !ui_input_complete(p->text, p->len)) p->len--;   /* never cut a character in two */
	p->text[p->len] = '\0';
	p->cur = p->len;
}

void prompt_insert(struct prompt *p, int ch)
{
	if (ch < 0x20 || ch == 0x7f || ch > 0xff || p->len + 1 >= sizeof p->text) return;
	memmove(p->text + p->cur + 1, p->text + p->cur, p->len - p->cur + 1);
	p->text[p->cur++] = (char)ch;
	p->len++;
}

static size_t prev_char(const struct prompt *p, size_t i)
{
	if (!i) return 0;
	do i--; while (i && cont(p->text[i]));
	return i;
}

static size_t next_char(const struct prompt *p, size_t i)
{
	if (i >= p->len) return p->len;
	do i++; while (i < p->len && cont(p->text[i]));
	return i;
}

/* Remove bytes [from, to). */
static void cut(struct prompt *p, size_t from, size_t to)
{
	memmove(p->text + from, p->text + to, p->len - to + 1);
	p->len -= to - from;
	p->cur = from;
}

int prompt_edit(struct prompt *p, enum action act)
{
	size_t i;
	switch (act) {
	case ACT_DELETE: cut(p, prev_char(p, p->cur), p->cur); return 1;
	case ACT_DELETE_CHAR: i = p->cur; cut(p, i, next_char(p, i)); return 1;
	case ACT_CURSOR_LEFT: p->cur = prev_char(p, p->cur); return 1;
	case ACT_CURSOR_RIGHT: p->cur = next_char(p, p->cur); return 1;
	case ACT_LINE_START: p->cur = 0; return 1;
	case ACT_LINE_END: p->cur = p->len; return 1;
	case ACT_DELETE_LINE: cut(p, 0, p->cur); return 1;
	case ACT_DELETE_WORD:
		/* spaces before the cursor, then the word before them */
		for (i = p->cur; i && p->text[i - 1] == ' ';) i--;
		while (i && p->text[i - 1] != ' ') i--;
		cut(p, i, p->cur);
		return 1;
	default: return 0;
	}
}

int prompt_complete(const struct prompt *p)
{
	return ui_input_complete(p->text, p->len);
}

void prompt_draw(const struct prompt *p, int y, int x, int w, const char *label, int attr)
{
	ui_fill(y, x, w, attr);
	int lw = ui_put(y, x, w, label, strlen(label), attr);
	int room = w - lw - 1;
	if (room < 1) return;
	/* scroll: show the text from a character such that the cursor fits */
	size_t from = 0;
	while (from < p->cur && (int)text_width(p->text + from, p->cur - from) >= room) from = next_char(p, from);
	ui_put(y, x + lw, room, p->text + from, p->len - from, attr);
	move(y, x + lw + (int)text_width(p->text + from, p->cur - from));
	curs_set(1);
}

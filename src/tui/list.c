/* list.c - the list cursor: move, page, clamp, scroll into view. */
#include "list.h"

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void list_set_count(struct list_cursor *c, int n)
{
	c->n = n > 0 ? n : 0;
	c->sel = clamp(c->sel, 0, c->n ? c->n - 1 : 0);
	c->top = clamp(c->top, 0, c->sel);
}

void list_select(struct list_cursor *c, int i)
{
	c->sel = clamp(i, 0, c->n ? c->n - 1 : 0);
}

void list_move(struct list_cursor *c, int delta)
{
	list_select(c, c->sel + delta);
}

int list_act(struct list_cursor *c, enum action act, int page)
{
	switch (act) {
	case ACT_UP: list_move(c, -1); return 1;
	case ACT_DOWN: list_move(c, 1); return 1;
	case ACT_PGUP: list_move(c, -page); return 1;
	case ACT_PGDN: list_move(c, page); return 1;
	case ACT_TOP: list_select(c, 0); return 1;
	case ACT_BOTTOM: list_select(c, c->n - 1); return 1;
	default: return 0;
	}
}

void list_show(struct list_cursor *c, int h)
{
	if (h < 1) h = 1;
	if (c->sel < c->top) c->top = c->sel;
	if (c->sel >= c->top + h) c->top = c->sel - h + 1;
}

void list_scroll(struct list_cursor *c, int delta, int h)
{
	int last = c->n - (h > 0 ? h : 1);
	c->top = clamp(c->top + delta, 0, last > 0 ? last : 0);
	if (c->sel < c->top) c->sel = c->top;
	if (c->sel >= c->top + h) c->sel = clamp(c->top + h - 1, 0, c->n ? c->n - 1 : 0);
}

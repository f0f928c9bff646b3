/* list.c - the list cursor: move, page, clamp, scroll into view. */
#include "tui/list.h"

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

void list_select_near(struct list_cursor *c, int i, int dir, int (*ok)(int row, void *ctx), void *ctx)
{
	list_select(c, i);
	if (!c->n || ok(c->sel, ctx)) return;
	for (int pass = 0; pass < 2; pass++, dir = -dir)
		for (int r = c->sel + dir; r >= 0 && r < c->n; r += dir)
			if (ok(r, ctx)) { c->sel = r; return; }
}

int list_act_skip(struct list_cursor *c, enum action act, int page, int (*ok)(int row, void *ctx), void *ctx)
{
	int from = c->sel;
	if (!list_act(c, act, page)) return 0;
	int dir = act == ACT_UP || act == ACT_PGUP || act == ACT_BOTTOM ? -1 : 1;
	list_select_near(c, c->sel, dir, ok, ctx);
	if (c->n && !ok(c->sel, ctx)) c->sel = from;   /* nothing selectable that way */
	return 1;
}

void list_show(struct list_cursor *c, int h)
{
	if (h < 1) h = 1;
	if (c->sel < c->top) c->top = c->sel;
	if (c->sel >= c->top + h) c->top = c->sel - h + 1;
}

void list_show_above(struct list_cursor *c, int h, int (*ok)(int row, void *ctx), void *ctx)
{
	list_show(c, h);
	/* the rows from top - 1 to the selection are all headings, and the selection stays in view */
	while (c->top > 0 && c->sel - (c->top - 1) < h) {
		int heads = 1;
		for (int k = c->top - 1; k < c->sel && heads; k++) heads = !ok(k, ctx);
		if (!heads) break;
		c->top--;
	}
}

void list_scroll(struct list_cursor *c, int delta, int h)
{
	int last = c->n - (h > 0 ? h : 1);
	c->top = clamp(c->top + delta, 0, last > 0 ? last : 0);
	if (c->sel < c->top) c->sel = c->top;
	if (c->sel >= c->top + h) c->sel = clamp(c->top + h - 1, 0, c->n ? c->n - 1 : 0);
}

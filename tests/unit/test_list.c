/* test_list.c - the explorer's one list cursor (src/tui/list.c): move, page, clamp, scroll into view. */
#include "tui/list.h"

#include <criterion/criterion.h>

Test(list, moves_and_pages_stay_inside)
{
	struct list_cursor c = { 0 };
	list_set_count(&c, 10);
	cr_assert(list_act(&c, ACT_UP, 4));
	cr_assert_eq(c.sel, 0, "up at the top stays");
	list_act(&c, ACT_PGDN, 4);
	cr_assert_eq(c.sel, 4);
	list_act(&c, ACT_PGDN, 4);
	list_act(&c, ACT_PGDN, 4);
	cr_assert_eq(c.sel, 9, "page-down stops on the last row");
	list_act(&c, ACT_PGUP, 4);
	cr_assert_eq(c.sel, 5);
	list_act(&c, ACT_TOP, 4);
	cr_assert_eq(c.sel, 0);
	list_act(&c, ACT_BOTTOM, 4);
	cr_assert_eq(c.sel, 9);
	cr_assert_not(list_act(&c, ACT_OPEN, 4), "other actions are not the cursor's");
}

Test(list, an_empty_list_keeps_zero)
{
	struct list_cursor c = { 0 };
	list_set_count(&c, 0);
	list_act(&c, ACT_BOTTOM, 5);
	list_act(&c, ACT_DOWN, 5);
	cr_assert_eq(c.sel, 0);
	cr_assert_eq(c.top, 0);
	list_scroll(&c, 3, 5);
	cr_assert_eq(c.top, 0);
}

Test(list, a_shorter_list_clamps_the_selection)
{
	struct list_cursor c = { 0 };
	list_set_count(&c, 50);
	list_select(&c, 40);
	list_show(&c, 10);
	cr_assert_eq(c.top, 31, "the selection is the last row shown");
	list_set_count(&c, 20);
	cr_assert_eq(c.sel, 19);
	cr_assert(c.top <= c.sel);
	list_show(&c, 10);
	cr_assert(c.sel >= c.top && c.sel < c.top + 10, "the selection is in view");
}

Test(list, scrolling_never_passes_the_last_screenful)
{
	struct list_cursor c = { 0 };
	list_set_count(&c, 30);
	for (int i = 0; i < 20; i++) list_scroll(&c, 3, 10);
	cr_assert_eq(c.top, 20, "the wheel stops at the last screenful");
	cr_assert(c.sel >= 20 && c.sel < 30, "the selection follows into view: %d", c.sel);
	list_scroll(&c, -100, 10);
	cr_assert_eq(c.top, 0);
	cr_assert(c.sel < 10);
}

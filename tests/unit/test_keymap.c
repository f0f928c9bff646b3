/* test_keymap.c - a config's bind lines are checked against the action table: screen, action, key. */
#include "tui/keymap.h"

#include <criterion/criterion.h>
#include <string.h>

/* Parse text as the config file "cfg" and check its bind lines; the diagnostics joined in out. */
static int check_text(const char *text, char *out, size_t n)
{
	struct config c;
	struct diag d = { 0 };
	cr_assert_eq(config_parse(&c, "cfg", text, strlen(text), &d), 0);
	int rc = keymap_check(&c, &d);
	out[0] = 0;
	for (size_t i = 0; i < d.n; i++) {
		size_t l = strlen(out);
		snprintf(out + l, n - l, "%s:%d: %s\n", d.v[i].file, d.v[i].line, d.v[i].msg);
	}
	diag_free(&d);
	config_free(&c);
	return rc;
}

Test(keymap, action_that_does_not_apply_to_the_screen_is_an_error)
{
	char out[4096];
	cr_assert_eq(check_text("theme = dark\nbind tree x mark-done\n", out, sizeof out), -1);
	cr_assert(strstr(out, "cfg:2: action 'mark-done' does not apply to the tree screen (actions there: "), "%s", out);
	cr_assert(strstr(out, "refresh") && strstr(out, "filter-tree"), "names the tree's actions: %s", out);
	cr_assert_null(strstr(out, "mark-na"), "and only those: %s", out);
}

Test(keymap, every_wrong_word_is_reported_with_its_line)
{
	char out[4096];
	cr_assert_eq(check_text("bind trees x quit\nbind tree x quitt\nbind tree C-xy quit\nbind checklist D mark-done\n",
				out, sizeof out), -1);
	cr_assert(strstr(out, "cfg:1: unknown mode 'trees'"), "%s", out);
	cr_assert(strstr(out, "cfg:2: unknown action 'quitt'"), "%s", out);
	cr_assert(strstr(out, "cfg:3: unknown key 'C-xy'"), "%s", out);
	cr_assert_null(strstr(out, "cfg:4"), "a right line is no error: %s", out);
}

Test(keymap, right_lines_pass)
{
	char out[1024];
	cr_assert_eq(check_text("bind checklist D mark-done\nbind page x quit\nbind tree F5 refresh\n", out, sizeof out), 0);
	cr_assert_str_eq(out, "");
}

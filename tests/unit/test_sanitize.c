/* test_sanitize.c - untrusted text can never drive the terminal. */
#include "core/sanitize.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static char *clean(const char *s)
{
	return sanitize_text(s, strlen(s), 0, NULL);
}

Test(sanitize, escape_sequences_are_removed)
{
	char *s = clean("a\x1b[31mred\x1b[0m\x1b]0;title\x07z");
	cr_assert_null(strchr(s, '\x1b'));
	cr_assert_null(strchr(s, '\x07'));
	cr_assert(strstr(s, "red") != NULL);
	free(s);
}

Test(sanitize, c1_controls_are_removed)
{
	char *s = clean("a\xc2\x9b" "31mb");   /* U+009B is an 8-bit CSI */
	cr_assert_str_eq(s, "a31mb");
	free(s);
}

Test(sanitize, bidi_overrides_are_removed)
{
	char *s = clean("admin\xe2\x80\xae" "nimda\xe2\x81\xa6x\xe2\x81\xa9");
	cr_assert_str_eq(s, "adminnimdax");
	free(s);
}

Test(sanitize, invalid_utf8_becomes_replacement)
{
	char *s = clean("a\xff" "b\xc3");
	cr_assert_str_eq(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	free(s);
}

Test(sanitize, overlong_and_surrogate_encodings_are_invalid)
{
	char *s = clean("\xc0\xaf\xed\xa0\x80");
	cr_assert_null(strchr(s, '/'));
	cr_assert(strstr(s, "\xef\xbf\xbd") != NULL);
	free(s);
}

Test(sanitize, text_newlines_tabs_and_wide_chars_are_kept)
{
	char *s = sanitize_text("日本\tx\r\ny", 11, 1, NULL);
	cr_assert_str_eq(s, "日本\tx\ny");
	free(s);
	s = sanitize_line("a\nb\tc", 5);
	cr_assert_str_eq(s, "a b c");
	free(s);
}

/* Every ASCII byte: printable ones (space to '~') kept as they are, in runs or alone; DEL and the
 * C0 controls dropped; tab, CR and LF become spaces on a line. */
Test(sanitize, every_ascii_byte_at_the_edges_of_printable_runs)
{
	char all[128], want[128];
	size_t n = 0, w = 0;
	for (int c = 1; c < 128; c++) all[n++] = (char)c;
	for (int c = 1; c < 128; c++)
		if (c == '\t' || c == '\n' || c == '\r') want[w++] = ' ';
		else if (c >= 0x20 && c < 0x7f) want[w++] = (char)c;
	want[w] = '\0';
	char *s = sanitize_line(all, n);
	cr_assert_str_eq(s, want);
	free(s);
	s = sanitize_line("ab\x7f" "cd\x1f" "e~\x80" "f", 10);
	cr_assert_str_eq(s, "abcde~\xef\xbf\xbd" "f");
	free(s);
}

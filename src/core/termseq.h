/* termseq.h - the terminal sequences pwaf writes itself (OSC 8 links, OSC 52 copies, only with vetted text) and whether the user wants colour. */
#ifndef PWAF_TERMSEQ_H
#define PWAF_TERMSEQ_H

#include <stddef.h>

/*
 * 1 when url may go into a terminal sequence or to xdg-open: http://, https:// or mailto:, at most
 * 2,000 bytes, every byte printable ASCII other than space, backslash and the quote and angle
 * characters (so no ESC, BEL, ST or line break can end the sequence early or start another). 0 otherwise.
 */
int termseq_url_ok(const char *url);

/* "ESC ] 8 ; ; URL ESC \" into out (room for len), or 0 and "" when the URL is not ok. Returns the length. */
size_t termseq_link_open(const char *url, char *out, size_t len);
/* "ESC ] 8 ; ; ESC \": the end of a hyperlink. */
const char *termseq_link_close(void);

/* "ESC ] 52 ; c ; BASE64 BEL": put text (printable ASCII and spaces only, at most 2,000 bytes, else refused)
 * on the clipboard. Returns a malloc'd sequence, or NULL when the text is refused. */
char *termseq_copy(const char *text);

/* 1 when the user asked for no colour: NO_COLOR set and not empty (no-color.org). The one rule for
 * the commands' ANSI output and the explorer's theme alike. */
int termseq_no_color(void);

#endif

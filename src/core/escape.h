/* escape.h - untrusted text into HTML/XML, Markdown and CSV: the one set of escapers every report and export uses. */
#ifndef PWAF_ESCAPE_H
#define PWAF_ESCAPE_H

#include "core/buf.h"

#include <stddef.h>

/* Untrusted text made valid UTF-8 without control or bidi characters (tabs and newlines kept);
 * "" for NULL. Malloc'd. */
char *esc_clean(const char *s);

/* Cleaned s with & < > " ' as entities: text and attribute values of HTML and XML 1.0. */
void esc_html(struct buf *b, const char *s);

/* n bytes of one line of (clean) text with Markdown syntax escaped, so it stays literal text in a
 * paragraph or a table cell: \ ` * _ [ ] < > | & ~ # ! always, - + = at the start, "1." at the
 * start; newlines and tabs become spaces. */
void esc_md_line(struct buf *b, const char *s, size_t n);
/* Cleaned s as one escaped Markdown line. */
void esc_md(struct buf *b, const char *s);

/* Cleaned s as one RFC 4180 field followed by ',' or, when last, CRLF. free_text: a field a person
 * wrote, which a spreadsheet must not run as a formula: one starting with = + - @, a tab or a
 * carriage return gets a leading ' inside quotes. */
void esc_csv(struct buf *b, const char *s, int free_text, int last);

#endif

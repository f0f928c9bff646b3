/* fuzz_md.c - libFuzzer target: any bytes as Markdown, rendered (pwaf render, pages) and printed.
 * Inputs up to 1 KB: longer ones add no new structure, only time (md4c and the wrapper are linear;
 * at 2 KB the target ran under 4,000 inputs a second).
 * libfuzzer-flags: -max_len=1024
 */
#include "md/render.h"
#include "core/textwidth.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!devnull) {
		setlocale(LC_CTYPE, "C.UTF-8");
		devnull = fopen("/dev/null", "w");
	}
	/* The first byte picks the width (20-147) and the character set; the rest is the document. */
	if (size < 1) return 0;
	struct md_opts o = { .width = 20 + (data[0] & 0x7f), .ascii = data[0] >> 7 };
	struct md_doc *doc = md_render((const char *)data + 1, size - 1, &o);
	if (!doc) return 0;
	for (size_t i = 0; i < doc->nlines; i++) {
		const struct md_line *l = &doc->lines[i];
		/* The renderer's contract (render.h): no control characters, spans tile the line, width kept. */
		size_t at = 0;
		for (size_t k = 0; k < l->len; k++)
			if ((unsigned char)l->text[k] < 0x20 || l->text[k] == 0x7f) abort();
		for (size_t k = 0; k < l->nspans; k++) {
			if (l->spans[k].off != at || l->spans[k].role >= MD_ROLE_COUNT) abort();
			at += l->spans[k].len;
		}
		if (at != l->len || (l->len && !l->nspans)) abort();
		if (!(l->flags & MD_LINE_CODE) && text_width(l->text, l->len) > (size_t)o.width) abort();
	}
	/* Printed one way per input (the length's parity picks which; both ways cost a sixth of a run). */
	if ((size & 1 ? md_print(devnull, doc, 1, o.width) : md_print(devnull, doc, 0, 0)) != 0) abort();
	md_doc_free(doc);
	return 0;
}

/* fuzz_content.c - libFuzzer target: any bytes as a content file (front matter, Markdown scan, render). */
#include "frontmatter.h"
#include "mdscan.h"
#include "render.h"
#include "sanitize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text) return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct diag d = { 0 };
	struct frontmatter fm;
	if (fm_parse(&fm, "fuzz.md", NULL, text, size, &d) == 0) {
		struct mdscan s;
		mdscan_run(&s, fm.body, fm.body_len);
		mdscan_free(&s);
	}
	fm_free(&fm);
	diag_free(&d);
	for (int width = 10; width <= 120; width += 55) {
		struct md_opts o = { .width = width, .ascii = width == 65 };
		struct md_doc *doc = md_render(text, size, &o);
		if (doc) {
			for (size_t i = 0; i < doc->nlines; i++) {
				const struct md_line *l = &doc->lines[i];
				/* The renderer's contract: no control characters reach the terminal. */
				for (size_t k = 0; k < l->len; k++)
					if ((unsigned char)l->text[k] < 0x20 || l->text[k] == 0x7f) abort();
				if (!(l->flags & MD_LINE_CODE) && md_text_width(l->text, l->len) > (size_t)o.width) abort();
			}
		}
		md_doc_free(doc);
	}
	free(text);
	return 0;
}

/* render.c - md_render(): md4c callbacks that turn Markdown blocks and spans into lines. */
#include "md/build.h"
#include "core/entity.h"
#include "core/sanitize.h"

#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REPLACEMENT "\xEF\xBF\xBD"

/* ---- inline text ---------------------------------------------------------------------- */

static void style_now(const struct md_build *b, uint8_t *role, uint8_t *attr, int *link)
{
	uint8_t a = 0;
	if (b->n_strong) a |= MD_ATTR_BOLD;
	if (b->n_em) a |= MD_ATTR_ITALIC;
	if (b->n_u) a |= MD_ATTR_UNDERLINE;
	if (b->n_del) a |= MD_ATTR_STRIKE;
	uint8_t base = b->in_leaf ? b->base_role : (b->nquote ? MD_ROLE_QUOTE : MD_ROLE_TEXT);
	uint8_t r;
	if (b->n_code) r = MD_ROLE_CODE;
	else if (b->n_img) r = MD_ROLE_IMAGE;
	else if (b->nlstack) r = MD_ROLE_LINK;
	else if (base != MD_ROLE_TEXT && base != MD_ROLE_QUOTE) r = base;
	else if (b->n_strong) r = MD_ROLE_STRONG;
	else if (b->n_em) r = MD_ROLE_EMPH;
	else r = base;
	*role = r;
	*attr = a;
	/* Links nest deeper than lstack records (nlstack counts them all; fuzz_md found the read past
	 * lstack): text inside them belongs to the innermost recorded link. */
	size_t top = b->nlstack < sizeof b->lstack / sizeof *b->lstack ? b->nlstack : sizeof b->lstack / sizeof *b->lstack;
	*link = top ? b->lstack[top - 1].link : -1;
}

static void put_styled(struct md_build *b, const char *s, size_t n)
{
	uint8_t role, attr;
	int link;
	style_now(b, &role, &attr, &link);
	md_run_put(&b->run, s, n, role, attr, link);
}

/* Inline text: tabs and newlines become spaces ('\n' in a run means a hard break). */
static void put_inline(struct md_build *b, const char *s, size_t n)
{
	size_t i = 0;
	/* "a <img> b": the dropped tag must not leave two spaces behind */
	if (b->html_gap && n && (s[0] == ' ' || s[0] == '\t') && b->run.text.len &&
	    b->run.text.p[b->run.text.len - 1] == ' ')
		i = 1;
	b->html_gap = false;
	if (i >= n) return;
	uint8_t role, attr;
	int link;
	style_now(b, &role, &attr, &link);
	md_run_put_spaced(&b->run, s + i, n - i, role, attr, link);
}

static void put_entity(struct md_build *b, const char *s, size_t n)
{
	char out[16];
	int k = md_entity_decode(s, n, out);
	if (k < 0) put_inline(b, s, n);
	else put_inline(b, out, (size_t)k);
}

/* Is this inline HTML a <br> tag? */
static bool is_br_tag(const char *s, size_t n)
{
	if (n < 4 || s[0] != '<' || (s[1] != 'b' && s[1] != 'B') || (s[2] != 'r' && s[2] != 'R')) return false;
	return s[3] == '>' || s[3] == '/' || s[3] == ' ';
}

/* ---- attributes (URLs, code languages) ------------------------------------------------ */

static void attr_decode(const MD_ATTRIBUTE *a, struct md_buf *out)
{
	out->len = 0;
	if (!a || !a->text) return;
	for (int i = 0; a->substr_offsets[i] < a->size; i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		char ent[16];
		int k;
		switch (a->substr_types[i]) {
		case MD_TEXT_NULLCHAR: md_buf_put(out, REPLACEMENT, 3); break;
		case MD_TEXT_ENTITY:
			k = md_entity_decode(s, n, ent);
			if (k < 0) md_buf_put(out, s, n);
			else md_buf_put(out, ent, (size_t)k);
			break;
		default: md_buf_put(out, s, n); break;
		}
	}
}

/* Arena copy of buf, made safe for a terminal (one line). */
static char *arena_clean(struct md_build *b, const char *s, size_t n)
{
	if (s && md_line_is_plain(s, n)) return md_arena_strdup(&b->doc->arena, s, n);
	char *clean = sanitize_line(s ? s : "", s ? n : 0);
	if (!clean) { md_oom = 1; return NULL; }
	char *r = md_arena_strdup(&b->doc->arena, clean, strlen(clean));
	free(clean);
	return r;
}

/* ---- links ----------------------------------------------------------------------------- */

static int link_add(struct md_build *b, const MD_SPAN_A_DETAIL *d)
{
	attr_decode(&d->href, &b->scratch);
	char *url = arena_clean(b, b->scratch.p, b->scratch.len);
	if (!url) return -1;
	size_t n = strlen(url);
	int k = md_strset_get(&b->linkset, url, n);
	if (k >= 0) return k;
	struct md_doc *doc = b->doc;
	if (!md_grow((void **)&doc->links, &b->caplinks, doc->nlinks + 1, sizeof *doc->links)) return -1;
	k = (int)doc->nlinks;
	doc->links[doc->nlinks++] = (struct md_link){ url, NULL, SIZE_MAX };
	md_strset_put(&b->linkset, url, n, k);
	return k;
}

/* Autolinks (<https://x>, bare URLs, e-mail addresses) show their URL already: no [n]. */
static bool is_autolink(const char *url, const char *text, size_t n)
{
	size_t ul = strlen(url);
	if (ul == n && memcmp(url, text, n) == 0) return true;
	static const char *pre[] = { "mailto:", "http://" };
	for (size_t i = 0; i < 2; i++) {
		size_t pl = strlen(pre[i]);
		if (ul == pl + n && memcmp(url, pre[i], pl) == 0 && memcmp(url + pl, text, n) == 0) return true;
	}
	return false;
}

static void link_end(struct md_build *b)
{
	if (!b->nlstack) return;
	int k = b->lstack[b->nlstack - 1].link;
	size_t start = b->lstack[b->nlstack - 1].start;
	if (k < 0) { b->nlstack--; return; }
	struct md_link *l = &b->doc->links[k];
	/* A guard, not the fix: md_table_cell_end moves open links to the next cell (md4c can let a
	 * bare URL run over '|'); should md4c end a link past any other clear of the run, its text
	 * is what the run holds, never a negative length. */
	if (start > b->run.text.len) start = 0;
	const char *text = b->run.text.p ? b->run.text.p + start : "";
	size_t n = b->run.text.len - start;
	if (!l->text) {
		l->text = md_arena_strdup(&b->doc->arena, text, n);
		if (l->text)
			for (char *p = l->text; *p; p++) if (*p == '\n') *p = ' ';
	}
	if (!is_autolink(l->url, text, n)) {
		char num[24];
		num[0] = '[';
		size_t m = 1 + md_utoa(num + 1, (unsigned)k + 1);
		num[m++] = ']';
		md_run_put(&b->run, num, m, MD_ROLE_LINK, 0, k);
	}
	b->nlstack--;
}

/* ---- headings -------------------------------------------------------------------------- */

/* The heading's plain text for its anchor: what the indexer sees (core/mdscan.c), link numbers,
 * image markers and inline HTML left out, character references decoded. */
static void heading_text(struct md_build *b, MD_TEXTTYPE type, const char *text, size_t size)
{
	char ent[16];
	int k;
	switch (type) {
	case MD_TEXT_HTML: case MD_TEXT_NULLCHAR: break;
	case MD_TEXT_BR: case MD_TEXT_SOFTBR: md_buf_put(&b->htext, " ", 1); break;
	case MD_TEXT_ENTITY:
		k = entity_decode(text, size, ent);
		if (k < 0) md_buf_put(&b->htext, text, size);
		else md_buf_put(&b->htext, ent, (size_t)k);
		break;
	default: md_buf_put(&b->htext, text, size); break;
	}
}

static int heading_add(struct md_build *b, int level, const char *text, size_t n)
{
	struct md_doc *d = b->doc;
	if (!md_grow((void **)&d->headings, &b->capheads, d->nheadings + 1, sizeof *d->headings)) return -1;
	char *t = arena_clean(b, text, n);
	/* the anchor comes from the heading's plain text, as the indexer's does (core/slug.h) */
	char *anchor = slug_set_add(&b->slugs, b->htext.p ? b->htext.p : "", b->htext.len);
	if (!anchor) { md_oom = 1; return -1; }
	char *slug = md_arena_strdup(&d->arena, anchor, strlen(anchor));
	free(anchor);
	if (!t || !slug) return -1;
	d->headings[d->nheadings] = (struct md_heading){ level, t, slug, d->nlines };
	return (int)d->nheadings++;
}

static void heading_begin(struct md_build *b, unsigned level)
{
	static const uint8_t roles[] = { MD_ROLE_H1, MD_ROLE_H2, MD_ROLE_H3, MD_ROLE_H4 };
	b->heading_level = (int)level;
	b->htext.len = 0;
	b->in_leaf = true;
	b->base_role = roles[level > 4 ? 3 : level - 1];
	md_run_clear(&b->run);
	if (level >= 3) {
		static const char hashes[] = "###### ";
		md_run_put(&b->run, hashes + 6 - level, level + 1, MD_ROLE_MARKER, 0, -1);
	}
	b->heading_off = b->run.text.len;
}

static void heading_end(struct md_build *b)
{
	int level = b->heading_level;
	const char *t = b->run.text.p ? b->run.text.p : "";
	int h = heading_add(b, level, t + b->heading_off, b->run.text.len - b->heading_off);
	md_wrap(b->run.text.p, b->run.text.len, b->run.sty, b->run.nsty, md_avail(b), &b->frags);
	if (h >= 0 && b->frags.nln) {
		md_emit_frags(b, &b->frags, MD_LINE_HEADING, h);
		/* not doc->nlines before: a pending blank line may have come first */
		b->doc->headings[h].line = b->doc->nlines - b->frags.nln;
	}
	if (level <= 2 && b->frags.nln) {
		size_t w = 0;
		for (size_t i = 0; i < b->frags.nln; i++) if (b->frags.ln[i].width > w) w = b->frags.ln[i].width;
		const char *rule = level == 1 ? (b->ascii ? "=" : "\xE2\x95\x90") : (b->ascii ? "-" : "\xE2\x94\x80");
		md_line_begin(b);
		md_line_repeat(b, rule, w, level == 1 ? MD_ROLE_H1 : MD_ROLE_H2);
		md_line_end(b, MD_LINE_HEADING, h);
	}
	md_run_clear(&b->run);
	b->in_leaf = false;
	b->heading_level = 0;
	md_block_end(b);
}

/* ---- code blocks ------------------------------------------------------------------------ */

/* Expand tabs (stops every 4 columns) in s[0..n) into out. */
static void expand_tabs(const char *s, size_t n, struct md_buf *out)
{
	out->len = 0;
	size_t col = 0, i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '\t') j++;
		md_buf_put(out, s + i, j - i);
		if (j == n) break;
		col += text_width(s + i, j - i);
		size_t pad = 4 - col % 4;
		md_buf_put(out, "    ", pad);
		col += pad;
		i = j + 1;
	}
}

/* The code block's language line, first thing when the block opens. */
static void code_begin(struct md_build *b)
{
	b->in_code = true;
	b->code_open = b->code_tab = false;
	if (!b->lang.len) return;
	md_line_begin(b);
	md_line_put(b, b->ascii ? "-- " : "\xE2\x94\x80\xE2\x94\x80 ", b->ascii ? 3 : 7, MD_ROLE_BORDER, 0, -1);
	md_line_put(b, b->lang.p, b->lang.len, MD_ROLE_MARKER, 0, -1);
	md_line_end(b, MD_LINE_CODE, -1);
}

/* End the open code line, its tabs expanded now that the whole line is known. */
static void code_line_end(struct md_build *b)
{
	if (!b->code_open) {
		md_line_begin(b);
		md_line_put(b, "  ", 2, MD_ROLE_TEXT, 0, -1);
	} else if (b->code_tab) {
		b->code.len = 0;
		md_buf_put(&b->code, b->lt.p + b->code_start, b->lt.len - b->code_start);
		expand_tabs(b->code.p, b->code.len, &b->scratch);
		b->lt.len = b->code_start;
		b->nls--;   /* the code span, the only one after the indent */
		md_line_put(b, b->scratch.p, b->scratch.len, MD_ROLE_CODEBLOCK, 0, -1);
	}
	md_line_end(b, MD_LINE_CODE, -1);
	b->code_open = b->code_tab = false;
}

/* Code text as md4c gives it (a line in pieces, then "\n"): straight into the output line. */
static void code_text(struct md_build *b, const char *s, size_t n)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;
		if (k) {
			if (!b->code_open) {
				md_line_begin(b);
				md_line_put(b, "  ", 2, MD_ROLE_TEXT, 0, -1);
				b->code_open = true;
				b->code_start = b->lt.len;
			}
			if (memchr(s, '\t', k)) b->code_tab = true;
			md_line_put(b, s, k, MD_ROLE_CODEBLOCK, 0, -1);
		}
		if (!nl) break;
		code_line_end(b);
		s += k + 1;
		n -= k + 1;
	}
}

static void code_end(struct md_build *b)
{
	if (b->code_open) code_line_end(b);
	b->in_code = false;
	md_block_end(b);
}

/* ---- raw HTML blocks: tags, comments, scripts and styles dropped, text kept --------------- */

static bool tag_is(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n < k + 1) return false;
	for (size_t i = 0; i < k; i++)
		if ((s[1 + i] | 0x20) != name[i]) return false;
	return n == k + 1 || s[k + 1] == '>' || s[k + 1] == ' ' || s[k + 1] == '\n' || s[k + 1] == '/';
}

/* Offset just past the first occurrence of needle (case-insensitive) in s[i..n), or n. */
static size_t skip_past(const char *s, size_t n, size_t i, const char *needle)
{
	size_t k = strlen(needle);
	for (; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0) return i + k;
	return n;
}

/* A tag separates words unless it is an inline one (<b>, <a>, <span>...); <br> breaks the line. */
static void html_tag_gap(struct md_build *b, const char *tag, size_t n)
{
	static const char *const inline_tags[] = { "a", "abbr", "b", "code", "del", "em", "i", "ins",
		"kbd", "mark", "s", "small", "span", "strong", "sub", "sup", "u" };
	if (tag_is(tag, n, "br")) { put_styled(b, "\n", 1); return; }
	const char *t = tag[1] == '/' ? tag + 1 : tag;
	size_t tn = tag[1] == '/' ? n - 1 : n;
	for (size_t k = 0; k < sizeof inline_tags / sizeof *inline_tags; k++)
		if (tag_is(t, tn, inline_tags[k])) return;
	if (b->run.text.len && b->run.text.p[b->run.text.len - 1] != ' ') put_styled(b, " ", 1);
}

static void html_end(struct md_build *b)
{
	const char *s = b->html.p ? b->html.p : "";
	size_t n = b->html.len, i = 0;
	md_run_clear(&b->run);
	b->in_html = false;
	while (i < n) {
		char c = s[i];
		if (c == '<' && i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '/' || s[i + 1] == '?' ||
		                              ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'))) {
			size_t t = i;
			if (strncmp(s + i, "<!--", 4 < n - i ? 4 : n - i) == 0) { i = skip_past(s, n, i + 4, "-->"); continue; }
			const char *gt = memchr(s + i, '>', n - i);
			i = gt ? (size_t)(gt - s) + 1 : n;
			if (tag_is(s + t, i - t, "script")) i = skip_past(s, n, i, "</script>");
			else if (tag_is(s + t, i - t, "style")) i = skip_past(s, n, i, "</style>");
			html_tag_gap(b, s + t, i - t);
			continue;
		}
		if (c == '&') {
			const char *semi = memchr(s + i, ';', n - i < 40 ? n - i : 40);
			char out[16];
			int k = semi ? md_entity_decode(s + i, (size_t)(semi - s) - i + 1, out) : -1;
			if (k >= 0) {
				put_styled(b, out, (size_t)k);
				i = (size_t)(semi - s) + 1;
				continue;
			}
		}
		size_t j = i + 1;
		while (j < n && s[j] != '<' && s[j] != '&') j++;
		put_inline(b, s + i, j - i);
		i = j;
	}
	bool any = false;
	for (size_t k = 0; k < b->run.text.len && !any; k++) any = b->run.text.p[k] != ' ' && b->run.text.p[k] != '\n';
	if (any) {
		md_emit_run(b, &b->run);
		md_block_end(b);
	}
	md_run_clear(&b->run);
}

/* ---- lists ------------------------------------------------------------------------------ */

static void list_push(struct md_build *b, bool ordered, bool tight, char delim, unsigned start)
{
	if (!md_grow((void **)&b->lists, &b->caplists, b->nlists + 1, sizeof *b->lists)) return;
	b->lists[b->nlists++] = (struct md_list){ ordered, tight, delim, start };
}

static void list_pop(struct md_build *b)
{
	if (!b->nlists) return;
	b->nlists--;
	/* a list nested in a tight list's item runs straight on into the next item */
	if (!b->nlists || !b->lists[b->nlists - 1].tight) md_block_end(b);
}

static void item_begin(struct md_build *b, const MD_BLOCK_LI_DETAIL *d)
{
	char mark[32];
	size_t n = 0, w;
	struct md_list *l = b->nlists ? &b->lists[b->nlists - 1] : NULL;
	if (l && l->ordered) {
		n = md_utoa(mark, l->next++);
		mark[n++] = l->delim ? l->delim : '.';
		mark[n++] = ' ';
		w = n;
	} else if (d && d->is_task) {
		w = n = 0;
	} else {
		static const char *uni[] = { "\xE2\x80\xA2 ", "\xE2\x97\xA6 ", "\xE2\x96\xAA " };
		static const char *asc[] = { "* ", "- ", "+ " };
		size_t depth = b->nlists ? (b->nlists - 1) % 3 : 0;
		const char *m = b->ascii ? asc[depth] : uni[depth];
		n = strlen(m);
		memcpy(mark, m, n);
		w = 2;
	}
	if (d && d->is_task) {
		const char *box = (d->task_mark == 'x' || d->task_mark == 'X') ? "[x] " : "[ ] ";
		memcpy(mark + n, box, 4);
		n += 4;
		w += 4;
	}
	md_ctr_push(b, CTR_ITEM, mark, n, w);
}

/* Text of a tight list item arrives outside any paragraph: lay it out when the item moves on. */
static void flush_loose_text(struct md_build *b)
{
	if (!b->run.text.len) return;
	md_emit_run(b, &b->run);
	md_run_clear(&b->run);
}

static void item_end(struct md_build *b)
{
	flush_loose_text(b);
	if (b->nctr && !b->ctr[b->nctr - 1].done) {   /* an empty item still shows its marker */
		md_line_begin(b);
		md_line_end(b, 0, -1);
	}
	md_ctr_pop(b);
}

/* ---- md4c callbacks ---------------------------------------------------------------------- */

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_build *b = ud;
	if (md_oom) return -1;
	if (!b->in_leaf) flush_loose_text(b);
	switch (type) {
	case MD_BLOCK_QUOTE:
		md_ctr_push(b, CTR_QUOTE, b->ascii ? "| " : "\xE2\x94\x82 ", b->ascii ? 2 : 4, 2);
		break;
	case MD_BLOCK_UL: {
		const MD_BLOCK_UL_DETAIL *d = detail;
		list_push(b, false, d->is_tight, 0, 0);
		break;
	}
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;
		list_push(b, true, d->is_tight, d->mark_delimiter, d->start);
		break;
	}
	case MD_BLOCK_LI: item_begin(b, detail); break;
	case MD_BLOCK_HR:
		md_line_begin(b);
		md_line_repeat(b, b->ascii ? "-" : "\xE2\x94\x80", md_avail(b), MD_ROLE_BORDER);
		md_line_end(b, 0, -1);
		md_block_end(b);
		break;
	case MD_BLOCK_H: heading_begin(b, ((const MD_BLOCK_H_DETAIL *)detail)->level); break;
	case MD_BLOCK_CODE: {
		const MD_BLOCK_CODE_DETAIL *d = detail;
		attr_decode(&d->lang, &b->scratch);
		b->lang.len = 0;
		if (md_line_is_plain(b->scratch.p, b->scratch.len)) {
			md_buf_put(&b->lang, b->scratch.p, b->scratch.len);
		} else {
			char *lang = sanitize_line(b->scratch.p ? b->scratch.p : "", b->scratch.len);
			if (!lang) { md_oom = 1; return -1; }
			md_buf_put(&b->lang, lang, strlen(lang));
			free(lang);
		}
		code_begin(b);
		break;
	}
	case MD_BLOCK_HTML: b->in_html = true; b->html.len = 0; break;
	case MD_BLOCK_P:
		b->in_leaf = true;
		b->base_role = b->nquote ? MD_ROLE_QUOTE : MD_ROLE_TEXT;
		break;
	case MD_BLOCK_TABLE: md_table_begin(b); break;
	case MD_BLOCK_THEAD: b->tbl.in_head = true; break;
	case MD_BLOCK_TBODY: b->tbl.in_head = false; break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		b->in_leaf = true;
		b->base_role = type == MD_BLOCK_TH ? MD_ROLE_TH : MD_ROLE_TEXT;
		break;
	default: break;
	}
	return md_oom ? -1 : 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct md_build *b = ud;
	if (md_oom) return -1;
	switch (type) {
	case MD_BLOCK_QUOTE:
		flush_loose_text(b);
		md_ctr_pop(b);
		md_block_end(b);
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL: list_pop(b); break;
	case MD_BLOCK_LI: item_end(b); break;
	case MD_BLOCK_H: heading_end(b); break;
	case MD_BLOCK_CODE: code_end(b); break;
	case MD_BLOCK_HTML: html_end(b); break;
	case MD_BLOCK_P:
		md_emit_run(b, &b->run);
		md_run_clear(&b->run);
		b->in_leaf = false;
		md_block_end(b);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		md_table_cell_end(b, ((const MD_BLOCK_TD_DETAIL *)detail)->align);
		b->in_leaf = false;
		break;
	case MD_BLOCK_TR: md_table_row_end(b); break;
	case MD_BLOCK_TABLE:
		md_table_end(b);
		md_block_end(b);
		break;
	default: break;
	}
	return md_oom ? -1 : 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_build *b = ud;
	switch (type) {
	case MD_SPAN_EM: b->n_em++; break;
	case MD_SPAN_STRONG: b->n_strong++; break;
	case MD_SPAN_DEL: b->n_del++; break;
	case MD_SPAN_U: b->n_u++; break;
	case MD_SPAN_CODE: b->n_code++; break;
	case MD_SPAN_A:
		if (b->nlstack < sizeof b->lstack / sizeof *b->lstack) {
			b->lstack[b->nlstack].link = link_add(b, detail);
			b->lstack[b->nlstack].start = b->run.text.len;
		}
		b->nlstack++;
		break;
	case MD_SPAN_IMG:
		b->n_img++;
		put_styled(b, "[image: ", 8);
		break;
	default: break;
	}
	return md_oom ? -1 : 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct md_build *b = ud;
	(void)detail;
	switch (type) {
	case MD_SPAN_EM: b->n_em--; break;
	case MD_SPAN_STRONG: b->n_strong--; break;
	case MD_SPAN_DEL: b->n_del--; break;
	case MD_SPAN_U: b->n_u--; break;
	case MD_SPAN_CODE: b->n_code--; break;
	case MD_SPAN_A:
		if (b->nlstack <= sizeof b->lstack / sizeof *b->lstack) link_end(b);
		else b->nlstack--;
		break;
	case MD_SPAN_IMG:
		put_styled(b, "]", 1);
		b->n_img--;
		break;
	default: break;
	}
	return md_oom ? -1 : 0;
}

/* GFM: in a table cell, "\|" is a pipe even inside a code span (md4c leaves code text as written). */
static void put_table_code(struct md_build *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j + 1 < n && !(s[j] == '\\' && s[j + 1] == '|')) j++;
		if (j + 1 >= n) { put_inline(b, s + i, n - i); return; }
		put_inline(b, s + i, j - i);
		i = j + 1;   /* the backslash goes; the pipe starts the next run */
	}
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
	struct md_build *b = ud;
	if (b->in_code) { code_text(b, text, size); return md_oom ? -1 : 0; }
	if (b->in_html) { md_buf_put(&b->html, text, size); return md_oom ? -1 : 0; }
	if (type != MD_TEXT_NORMAL) b->html_gap = false;
	if (b->heading_level) heading_text(b, type, text, size);
	switch (type) {
	case MD_TEXT_NULLCHAR: put_styled(b, REPLACEMENT, 3); break;
	case MD_TEXT_BR: put_styled(b, "\n", 1); break;
	case MD_TEXT_SOFTBR: put_styled(b, " ", 1); break;
	case MD_TEXT_ENTITY: put_entity(b, text, size); break;
	case MD_TEXT_CODE:
		if (b->in_table) { put_table_code(b, text, size); break; }
		put_inline(b, text, size);
		break;
	case MD_TEXT_HTML:
		if (is_br_tag(text, size)) put_styled(b, "\n", 1);
		b->html_gap = true;
		return md_oom ? -1 : 0;
	default: put_inline(b, text, size); break;
	}
	return md_oom ? -1 : 0;
}

/* ---- entry points ------------------------------------------------------------------------ */

static void build_free(struct md_build *b)
{
	free(b->ls);
	free(b->ctr);
	free(b->lists);
	md_run_free(&b->run);
	md_run_free(&b->tmp);
	md_buf_free(&b->code);
	md_buf_free(&b->lang);
	md_buf_free(&b->html);
	md_buf_free(&b->scratch);
	md_table_free(&b->tbl);
	md_frags_free(&b->frags);
	for (size_t i = 0; i < b->ncolf; i++) md_frags_free(&b->colf[i]);
	free(b->colf);
	md_strset_free(&b->linkset);
	md_buf_free(&b->htext);
	slug_set_free(&b->slugs);
}

struct md_doc *md_render(const char *src, size_t len, const struct md_opts *o)
{
	md_oom = 0;
	if (!src) { src = ""; len = 0; }
	struct md_doc *doc = calloc(1, sizeof *doc);
	if (!doc) return NULL;
	struct md_build b = { 0 };
	b.doc = doc;
	b.width = o && o->width > 10 ? o->width : (o ? 10 : 80);
	b.ascii = o && o->ascii;
	doc->width = b.width;
	doc->ascii = b.ascii;
	size_t clen;
	char *owned;
	const char *clean = md_source_prepare(src, len, &clen, &owned);
	if (!clean) md_oom = 1;
	/* about one line per 25 source bytes: reserve once instead of copying while doubling
	 * (pages of the reserve never written are never touched) */
	if (clean && !md_oom) md_grow((void **)&doc->lines, &b.caplines, clen / 20 + 16, sizeof *doc->lines);
	if (clean && !md_oom) {
		MD_PARSER p = { 0 };
		p.flags = MD_DIALECT_GITHUB;
		p.enter_block = enter_block;
		p.leave_block = leave_block;
		p.enter_span = enter_span;
		p.leave_span = leave_span;
		p.text = on_text;
		if (md_parse(clean, (MD_SIZE)clen, &p, &b) != 0 && !md_oom) md_oom = 1;
	}
	free(owned);
	build_free(&b);
	for (size_t i = 0; i < doc->nlinks && !md_oom; i++) {
		if (!doc->links[i].text) doc->links[i].text = md_arena_strdup(&doc->arena, "", 0);
		if (doc->links[i].line == SIZE_MAX) doc->links[i].line = doc->nlines ? doc->nlines - 1 : 0;
	}
	if (md_oom) {
		md_doc_free(doc);
		return NULL;
	}
	return doc;
}

void md_doc_free(struct md_doc *d)
{
	if (!d) return;
	free(d->lines);
	free(d->links);
	free(d->headings);
	md_arena_free(d->arena);
	free(d);
}

/* llms.c - llms.txt and llms-full.txt of a content database, after the llms.txt convention. */
#include "core/llms.h"

#include "core/vocab.h"

#include <stdlib.h>
#include <string.h>

/* --- one-line summaries ---------------------------------------------------------------------- */

/* The first paragraph after the title (skipping headings, fences, tables and blank lines). */
static void first_paragraph(const char *md, struct buf *out)
{
	int fence = 0;
	for (const char *line = md; line && *line;) {
		const char *eol = strchr(line, '\n');
		size_t n = eol ? (size_t)(eol - line) : strlen(line);
		const char *p = line;
		while (p < line + n && (*p == ' ' || *p == '\t')) p++;
		size_t rest = (size_t)(line + n - p);
		int is_fence = rest >= 3 && (strncmp(p, "```", 3) == 0 || strncmp(p, "~~~", 3) == 0);
		if (is_fence) fence = !fence;
		int blank = rest == 0 || (rest == 1 && *p == '\r');
		if (fence || is_fence || *p == '#' || *p == '|' || (blank && out->len == 0)) {
			if (out->len) return;
		} else if (blank) {
			return;
		} else {
			if (*p == '>') { p++; rest--; }
			if (out->len) buf_addc(out, ' ');
			buf_add(out, p, rest);
		}
		line = eol ? eol + 1 : NULL;
	}
}

/* Links to their text, images to their alt text, code and strong marks removed, space collapsed. */
static void plain_text(const char *s, struct buf *out)
{
	for (const char *p = s; *p;) {
		if (*p == '!' && p[1] == '[') { p++; continue; }
		if (*p == '[') {
			const char *close = strchr(p, ']');
			if (close && close[1] == '(' && strchr(close, ')')) {
				buf_add(out, p + 1, (size_t)(close - p - 1));
				p = strchr(close, ')') + 1;
				continue;
			}
		}
		if (*p == '`' || (*p == '*' && p[1] == '*')) { p += *p == '`' ? 1 : 2; continue; }
		if (*p == '\r' || *p == '\t' || *p == '\n') { buf_addc(out, ' '); p++; continue; }
		if (*p == ' ' && out->len && out->data[out->len - 1] == ' ') { p++; continue; }
		buf_addc(out, *p++);
	}
}

char *llms_summary(const char *markdown, size_t max)
{
	struct buf para = BUF_INIT, text = BUF_INIT;
	first_paragraph(markdown ? markdown : "", &para);
	plain_text(buf_str(&para), &text);
	buf_free(&para);
	char *s = buf_take(&text);
	/* the first sentence: a full stop followed by a space, after at least 30 bytes */
	for (char *p = s; *p; p++)
		if ((*p == '.' || *p == '?' || *p == '!') && p[1] == ' ' && p - s >= 20) {
			p[1] = 0;
			break;
		}
	size_t chars = 0, cut = 0, last_space = 0;
	for (size_t i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80) continue;
		if (chars == max) { cut = i; break; }
		if (s[i] == ' ') last_space = i;
		chars++;
	}
	if (cut) {
		size_t at = last_space > max / 2 ? last_space : cut;
		s[at] = 0;
		char *t = xmalloc(at + 4);
		memcpy(t, s, at);
		memcpy(t + at, "…", 4);
		free(s);
		s = t;
	}
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ') s[--n] = 0;
	return s;
}

/* --- llms.txt -------------------------------------------------------------------------------- */

static int has_partner(const struct doc *d, const char *partner)
{
	for (char **p = d->partners; p && *p; p++)
		if (strcmp(*p, partner) == 0) return 1;
	return 0;
}

/* A page for every partner type (or for none) belongs to the framework section. */
static int framework_page(const struct doc *d)
{
	for (const struct vocab_term *t = vocab_terms(VOCAB_PARTNER); t->id; t++)
		if (!has_partner(d, t->id)) return d->partners == NULL || d->partners[0] == NULL;
	return 1;
}

/* "- [Title](pwaf://page/ID): description" */
static void link_line(struct buf *out, const struct doc *d, const char *summary)
{
	buf_adds(out, "- [");
	for (const char *p = d->title; *p; p++) {
		if (*p == '[' || *p == ']' || *p == '\\') buf_addc(out, '\\');
		buf_addc(out, *p);
	}
	buf_addf(out, "](" LLMS_URI_PREFIX "%s)", d->id);
	if (vocab_kind_of(d->kind) == KIND_ITEM)
		buf_addf(out, ": %s, %s. %s", d->id, vocab_label(VOCAB_LEVEL, d->level), summary);
	else if (*summary)
		buf_addf(out, ": %s", summary);
	buf_addc(out, '\n');
}

struct entry {
	struct doc d;       /* with body */
	char *summary;
};

static int load(struct cdb *c, struct entry **out, size_t *n, char *err, size_t errlen)
{
	struct doc_list l;
	if (cdb_list(c, NULL, &l) < 0) {
		msg_set(err, errlen, "cannot list the content: %s", cdb_errmsg(c));
		return -1;
	}
	struct entry *v = xcalloc(l.n + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (cdb_get(c, l.v[i].id, &v[k].d) != 0) continue;
		v[k].summary = llms_summary(v[k].d.body, 160);
		k++;
	}
	doc_list_free(&l);
	*out = v;
	*n = k;
	return 0;
}

static void free_entries(struct entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		doc_free(&v[i].d);
		free(v[i].summary);
	}
	free(v);
}

static void head(struct buf *out, const char *version, size_t pages, size_t items, int full)
{
	buf_adds(out, "# pwaf: the Databricks Partner Well-Architected Framework\n\n");
	buf_addf(out, "> The Databricks Partner Well-Architected Framework (PWAF) as bundled in pwaf %s: %zu pages of "
		      "guidance and %zu checklist items for Connected ISVs, Built-On ISVs, Data Collaboration providers "
		      "and MCP server publishers, across four pillars (architectural best practices, technical standards, "
		      "measurement & attribution, operations & lifecycle), written in pwaf's own words from the public "
		      "PWAF site, which each page links.\n\n", version, pages, items);
	buf_adds(out, "Links are pwaf resource URIs: `pwaf show ID` prints any of them in a terminal, and the MCP "
		      "server `pwaf mcp` serves them as resources (`resources/read`) beside tools that search the "
		      "framework and check a Databricks workspace against the checklist.");
	if (full) buf_adds(out, " This is the full form: every page and item follows in Markdown.");
	else buf_adds(out, " `pwaf llms --full` prints every page in full.");
	buf_adds(out, " Checklist levels: required items must be met; recommended ones are best practice.\n");
}

int llms_write(struct cdb *c, int full, const char *version, struct buf *out, char *err, size_t errlen)
{
	struct entry *v;
	size_t n, pages = 0, items = 0;
	if (load(c, &v, &n, err, errlen) < 0) return -1;
	for (size_t i = 0; i < n; i++) *(vocab_kind_of(v[i].d.kind) == KIND_PAGE ? &pages : &items) += 1;
	head(out, version, pages, items, full);
	if (full) {
		for (size_t i = 0; i < n; i++) {
			const struct doc *d = &v[i].d;
			const char *body = d->body ? d->body : "";
			while (*body == '\n') body++;
			buf_adds(out, "\n---\n\n");
			buf_adds(out, body);
			if (out->len && out->data[out->len - 1] != '\n') buf_addc(out, '\n');
			buf_addf(out, "\n%s `%s` (" LLMS_URI_PREFIX "%s)", vocab_label(VOCAB_KIND, d->kind), d->id, d->id);
			if (d->level) buf_addf(out, ", %s", vocab_label(VOCAB_LEVEL, d->level));
			if (d->source) buf_addf(out, "; source: <%s>", d->source);
			buf_adds(out, "\n");
		}
		free_entries(v, n);
		return 0;
	}
	buf_adds(out, "\n## Framework\n\n");
	for (size_t i = 0; i < n; i++)
		if (vocab_kind_of(v[i].d.kind) == KIND_PAGE && framework_page(&v[i].d)) link_line(out, &v[i].d, v[i].summary);
	for (const struct vocab_term *t = vocab_terms(VOCAB_PARTNER); t->id; t++) {
		buf_addf(out, "\n## %s\n\n", t->label);
		for (size_t i = 0; i < n; i++)
			if (vocab_kind_of(v[i].d.kind) == KIND_PAGE && !framework_page(&v[i].d) && has_partner(&v[i].d, t->id))
				link_line(out, &v[i].d, v[i].summary);
	}
	for (const struct vocab_term *t = vocab_terms(VOCAB_PARTNER); t->id; t++) {
		buf_addf(out, "\n## Checklist: %s\n\n", t->label);
		for (size_t i = 0; i < n; i++)
			if (vocab_kind_of(v[i].d.kind) == KIND_ITEM && has_partner(&v[i].d, t->id)) link_line(out, &v[i].d, v[i].summary);
	}
	free_entries(v, n);
	return 0;
}

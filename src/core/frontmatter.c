/* frontmatter.c - parse and validate the YAML front matter of one content file (libyaml). */
#include "core/frontmatter.h"

#include "core/buf.h"
#include "core/vocab.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static const char *field_names[FM_FIELD_COUNT] = {
	"id", "kind", "title", "partners", "pillar", "level", "page", "source",
	"keywords", "probes", "order"
};

const char *fm_field_name(enum fm_field f)
{
	return field_names[f];
}

static int field_lookup(const char *key)
{
	for (int i = 0; i < FM_FIELD_COUNT; i++)
		if (strcmp(field_names[i], key) == 0) return i;
	return -1;
}

static int field_is_list(int f)
{
	return f == FM_PARTNERS || f == FM_KEYWORDS || f == FM_PROBES;
}

static char **field_scalar(struct frontmatter *fm, int f)
{
	switch (f) {
	case FM_ID: return &fm->id;
	case FM_KIND: return &fm->kind;
	case FM_TITLE: return &fm->title;
	case FM_PILLAR: return &fm->pillar;
	case FM_LEVEL: return &fm->level;
	case FM_PAGE: return &fm->page;
	case FM_SOURCE: return &fm->source;
	default: return NULL;
	}
}

static struct fm_list *field_list(struct frontmatter *fm, int f)
{
	switch (f) {
	case FM_PARTNERS: return &fm->partners;
	case FM_KEYWORDS: return &fm->keywords;
	case FM_PROBES: return &fm->probes;
	default: return NULL;
	}
}

static void list_push(struct fm_list *l, const char *s, size_t n)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

/* Locate the front matter block. Returns the YAML text bounds and the body start. */
static int split_text(struct frontmatter *fm, const char *file, const char *text, size_t len,
		      const char **yaml, size_t *yaml_len, struct diag *d)
{
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
	if ((size_t)(end - p) < 4 || memcmp(p, "---", 3) != 0 || (p[3] != '\n' && p[3] != '\r')) {
		diag_add(d, file, 1, "no front matter: a content file starts with a line '---'");
		return -1;
	}
	const char *line = memchr(p, '\n', (size_t)(end - p));
	line = line ? line + 1 : end;
	*yaml = line;
	int lineno = 2;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - line);
		if (n && line[n - 1] == '\r') n--;
		if (n == 3 && (memcmp(line, "---", 3) == 0 || memcmp(line, "...", 3) == 0)) {
			*yaml_len = (size_t)(line - *yaml);
			fm->end_line = lineno;
			fm->body = nl ? nl + 1 : end;
			fm->body_len = (size_t)(end - fm->body);
			fm->body_line = lineno + 1;
			return 0;
		}
		line = nl ? nl + 1 : end;
		lineno++;
	}
	diag_add(d, file, 1, "front matter is not closed: add a line '---' after the last field");
	return -1;
}

struct walker {
	struct frontmatter *fm;
	const char *file;
	struct diag *d;
	int errors;
};

static void walk_error(struct walker *w, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void walk_error(struct walker *w, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_add(w->d, w->file, line, "%s", msg);
	w->errors++;
}

/* Consume a value that is not wanted (after an error) so parsing can go on. Nesting deeper than
 * FM_MAX_DEPTH stops the parse (fm_too_deep catches it first; this is the backstop). */
static int skip_value(struct walker *w, yaml_parser_t *p, yaml_event_t *ev)
{
	int depth = 0;
	do {
		if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) depth++;
		if (ev->type == YAML_SEQUENCE_END_EVENT || ev->type == YAML_MAPPING_END_EVENT) depth--;
		/* Not a value: the end of a collection or of the stream (after it libyaml returns empty
		 * events forever; fuzz_content found the loop). */
		if (depth < 0 || ev->type == YAML_NO_EVENT || ev->type == YAML_STREAM_END_EVENT ||
		    ev->type == YAML_DOCUMENT_START_EVENT || ev->type == YAML_DOCUMENT_END_EVENT) {
			walk_error(w, (int)ev->start_mark.line + 2, "malformed front matter: a value is missing");
			yaml_event_delete(ev);
			return -2;
		}
		if (depth == 0) { yaml_event_delete(ev); return 0; }
		if (depth > FM_MAX_DEPTH) {
			walk_error(w, (int)ev->start_mark.line + 2, "front matter nests deeper than %d levels", FM_MAX_DEPTH);
			yaml_event_delete(ev);
			return -2;
		}
		yaml_event_delete(ev);
		if (!yaml_parser_parse(p, ev)) return -1;
	} while (1);
}

static int read_list(struct walker *w, yaml_parser_t *p, struct fm_list *l, const char *key)
{
	yaml_event_t ev;
	for (;;) {
		if (!yaml_parser_parse(p, &ev)) return -1;
		if (ev.type == YAML_SEQUENCE_END_EVENT) { yaml_event_delete(&ev); return 0; }
		if (ev.type == YAML_NO_EVENT || ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			return -1;
		}
		int line = (int)ev.start_mark.line + 2;
		if (ev.type == YAML_SCALAR_EVENT) {
			if (ev.data.scalar.length == 0)
				walk_error(w, line, "empty entry in '%s'", key);
			else
				list_push(l, (const char *)ev.data.scalar.value, ev.data.scalar.length);
			yaml_event_delete(&ev);
		} else {
			walk_error(w, line, "'%s' takes a list of plain values, like [a, b]", key);
			{ int r = skip_value(w, p, &ev); if (r < 0) return r; }
		}
	}
}

static int read_field(struct walker *w, yaml_parser_t *p, const char *key, int line)
{
	struct frontmatter *fm = w->fm;
	int f = field_lookup(key);
	yaml_event_t ev;
	if (!yaml_parser_parse(p, &ev)) return -1;
	if (f < 0) {
		walk_error(w, line, "unknown field '%s' (fields: id, kind, title, partners, pillar, level, "
			   "page, source, keywords, probes, order)", key);
		return skip_value(w, p, &ev);
	}
	if (fm->line[f]) {
		walk_error(w, line, "field '%s' is given twice", key);
		return skip_value(w, p, &ev);
	}
	fm->line[f] = line;
	if (field_is_list(f)) {
		if (ev.type == YAML_SEQUENCE_START_EVENT) {
			yaml_event_delete(&ev);
			return read_list(w, p, field_list(fm, f), key);
		}
		if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length) {
			/* A single value is accepted as a one-element list. */
			list_push(field_list(fm, f), (const char *)ev.data.scalar.value, ev.data.scalar.length);
			yaml_event_delete(&ev);
			return 0;
		}
		walk_error(w, line, "'%s' takes a list, like [a, b]", key);
		return skip_value(w, p, &ev);
	}
	if (ev.type != YAML_SCALAR_EVENT) {
		walk_error(w, line, "'%s' takes a single value, not a list or a mapping", key);
		return skip_value(w, p, &ev);
	}
	const char *v = (const char *)ev.data.scalar.value;
	size_t n = ev.data.scalar.length;
	if (n == 0) {
		walk_error(w, line, "field '%s' is empty", key);
	} else if (f == FM_ORDER) {
		char *endp;
		long o = strtol(v, &endp, 10);
		if (*endp || o < -100000 || o > 100000)
			walk_error(w, line, "'order' takes a whole number, not '%s'", v);
		else
			fm->order = (int)o;
	} else {
		*field_scalar(fm, f) = xstrndup(v, n);
	}
	yaml_event_delete(&ev);
	return 0;
}

static int walk_yaml(struct walker *w, const char *yaml, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int rc = 0, in_map = 0, done = 0;
	if (!yaml_parser_initialize(&p)) return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)yaml, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) { rc = -1; break; }
		int line = (int)ev.start_mark.line + 2;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_ALIAS_EVENT:
			if (in_map) {
				/* A key that is a list, a mapping or an alias (*name): skip it and its value. */
				walk_error(w, line, "front matter keys are plain words ('key: value'), not %s",
					   ev.type == YAML_ALIAS_EVENT ? "aliases" : "lists or mappings");
				if ((rc = skip_value(w, &p, &ev)) < 0 || !yaml_parser_parse(&p, &ev)) {
					rc = rc < 0 ? rc : -1;
					done = 1;
				} else if ((rc = skip_value(w, &p, &ev)) < 0) {
					done = 1;
				}
				continue;
			}
			if (ev.type == YAML_MAPPING_START_EVENT) {
				in_map = 1;
				break;
			}
			walk_error(w, line, "front matter must be 'key: value' lines");
			if ((rc = skip_value(w, &p, &ev)) < 0) done = 1;
			continue;
		case YAML_MAPPING_END_EVENT:
			in_map = 0;
			break;
		case YAML_SCALAR_EVENT:
			if (!in_map) {
				walk_error(w, line, "front matter must be 'key: value' lines");
				break;
			} else {
				char *key = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
				yaml_event_delete(&ev);
				int r = read_field(w, &p, key, line);
				free(key);
				if (r < 0) { rc = r; done = 1; }
				continue;
			}
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	if (rc == -1) {   /* -2: an error already reported */
		int line = (int)p.problem_mark.line + 2;
		struct buf m = BUF_INIT;
		buf_addf(&m, "malformed front matter: %s", p.problem ? p.problem : "YAML error");
		if (p.context) buf_addf(&m, " (%s)", p.context);
		diag_add(w->d, w->file, line, "%s", buf_str(&m));
		buf_free(&m);
		w->errors++;
	}
	yaml_parser_delete(&p);
	return rc;
}

static int id_well_formed(const char *id)
{
	if (!*id) return 0;
	for (const char *c = id; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_') return 0;
	return 1;
}

static void check_term(struct walker *w, enum vocab_set set, const char *v, int line)
{
	if (v && !vocab_find(set, v)) {
		diag_add(w->d, w->file, line, "unknown %s '%s' (valid: %s)", vocab_set_name(set), v,
			 vocab_list(set));
		w->errors++;
	}
}

static void require(struct walker *w, int f, const char *what)
{
	struct frontmatter *fm = w->fm;
	int present = field_is_list(f) ? field_list(fm, f)->n > 0 : *field_scalar(fm, f) != NULL;
	if (!present && !fm->line[f]) {
		diag_add(w->d, w->file, fm->end_line, "missing field '%s' (required for %s)",
			 field_names[f], what);
		w->errors++;
	}
}

static void validate(struct walker *w, const char *expected_id)
{
	struct frontmatter *fm = w->fm;
	require(w, FM_ID, "every file");
	require(w, FM_KIND, "every file");
	require(w, FM_TITLE, "every file");
	require(w, FM_PARTNERS, "every file");
	check_term(w, VOCAB_KIND, fm->kind, fm->line[FM_KIND]);
	for (size_t i = 0; i < fm->partners.n; i++)
		check_term(w, VOCAB_PARTNER, fm->partners.v[i], fm->line[FM_PARTNERS]);
	check_term(w, VOCAB_PILLAR, fm->pillar, fm->line[FM_PILLAR]);
	check_term(w, VOCAB_LEVEL, fm->level, fm->line[FM_LEVEL]);
	if (fm->id && !id_well_formed(fm->id)) {
		diag_add(w->d, w->file, fm->line[FM_ID],
			 "id '%s' may hold only letters, digits, '-' and '_'", fm->id);
		w->errors++;
	} else if (fm->id && expected_id && strcmp(fm->id, expected_id) != 0) {
		diag_add(w->d, w->file, fm->line[FM_ID],
			 "id '%s' does not match the file name (expected '%s')", fm->id, expected_id);
		w->errors++;
	}
	if (fm->source && strncmp(fm->source, "https://", 8) != 0) {
		diag_add(w->d, w->file, fm->line[FM_SOURCE], "source must be an https:// URL, not '%s'",
			 fm->source);
		w->errors++;
	}
	if (fm->kind && vocab_kind_of(fm->kind) == KIND_ITEM) {
		require(w, FM_PILLAR, "items");
		require(w, FM_LEVEL, "items");
		require(w, FM_PAGE, "items");
		require(w, FM_SOURCE, "items");
		if (fm->line[FM_ORDER]) {
			diag_add(w->d, w->file, fm->line[FM_ORDER], "'order' is for pages; items follow their id");
			w->errors++;
		}
	} else if (fm->kind && vocab_kind_of(fm->kind) == KIND_PAGE) {
		const int item_only[] = { FM_LEVEL, FM_PAGE, FM_PROBES };
		for (size_t i = 0; i < sizeof item_only / sizeof *item_only; i++)
			if (fm->line[item_only[i]]) {
				diag_add(w->d, w->file, fm->line[item_only[i]], "'%s' is only for items",
					 field_names[item_only[i]]);
				w->errors++;
			}
	}
}

/* Where a quote may open a scalar: at the start of a line or after an indicator (else, as in
 * "it's", the quote is part of a plain scalar). */
static int may_open_quote(const char *y, const char *at)
{
	const char *p = at;
	while (p > y && (p[-1] == ' ' || p[-1] == '\t')) p--;
	return p == y || strchr("\n:[{,-?", p[-1]) != NULL;
}

/*
 * The line (2-based like the walker's) where '[' / '{' nesting outside quoted scalars and
 * comments first passes max, or 0. libyaml's scanner is quadratic in that depth (100,000 '['
 * took 21 s), so this runs before libyaml sees the text.
 */
int fm_too_deep(const char *y, size_t n, int max)
{
	int depth = 0, line = 2;
	char quote = 0;
	for (const char *p = y, *end = y + n; p < end; p++) {
		char c = *p;
		if (c == '\n') line++;
		if (quote == '"') {
			if (c == '\\' && p + 1 < end) p++;
			else if (c == '"') quote = 0;
		} else if (quote == '\'') {
			if (c == '\'' && p + 1 < end && p[1] == '\'') p++;
			else if (c == '\'') quote = 0;
		} else if (c == '#' && (p == y || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n')) {
			while (p + 1 < end && p[1] != '\n') p++;
		} else if ((c == '"' || c == '\'') && may_open_quote(y, p)) {
			quote = c;
		} else if (c == '[' || c == '{') {
			if (++depth > max) return line;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

int fm_parse(struct frontmatter *fm, const char *file, const char *expected_id,
	     const char *text, size_t len, struct diag *d)
{
	memset(fm, 0, sizeof *fm);
	struct walker w = { fm, file, d, 0 };
	const char *yaml;
	size_t yaml_len = 0;
	if (split_text(fm, file, text, len, &yaml, &yaml_len, d) < 0) return -1;
	if (yaml_len > FM_MAX_BYTES) {
		diag_add(d, file, 1, "front matter is too large: %zu bytes (at most %d KB)", yaml_len, FM_MAX_BYTES / 1024);
		return -1;
	}
	int deep = fm_too_deep(yaml, yaml_len, FM_MAX_DEPTH);
	if (deep) {
		diag_add(d, file, deep, "front matter nests deeper than %d levels", FM_MAX_DEPTH);
		return -1;
	}
	if (walk_yaml(&w, yaml, yaml_len) < 0) return -1;
	validate(&w, expected_id);
	return w.errors ? -1 : 0;
}

static void list_free(struct fm_list *l)
{
	for (size_t i = 0; i < l->n; i++) free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void fm_free(struct frontmatter *fm)
{
	free(fm->id); free(fm->kind); free(fm->title); free(fm->pillar);
	free(fm->level); free(fm->page); free(fm->source);
	list_free(&fm->partners);
	list_free(&fm->keywords);
	list_free(&fm->probes);
	memset(fm, 0, sizeof *fm);
}

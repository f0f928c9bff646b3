/* render.h - Markdown (md4c, GitHub dialect) to styled lines fitted to a width; no curses. */
#ifndef PWAF_MD_RENDER_H
#define PWAF_MD_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What a run of text is; the TUI maps each role to a theme colour. */
enum md_role {
	MD_ROLE_TEXT,
	MD_ROLE_H1,
	MD_ROLE_H2,
	MD_ROLE_H3,
	MD_ROLE_H4,        /* h4, h5 and h6 */
	MD_ROLE_EMPH,
	MD_ROLE_STRONG,
	MD_ROLE_CODE,      /* inline code */
	MD_ROLE_CODEBLOCK,
	MD_ROLE_LINK,      /* link text, and its [n] reference number */
	MD_ROLE_QUOTE,     /* text inside a block quote */
	MD_ROLE_MARKER,    /* list bullets and numbers, task boxes, heading marks, code language */
	MD_ROLE_BORDER,    /* table lines, thematic breaks, heading rules, quote bars */
	MD_ROLE_TH,        /* table header cells */
	MD_ROLE_IMAGE,     /* "[image: alt]" */
	MD_ROLE_COUNT
};

/* Attribute bits, combined with the role (e.g. bold text inside a link). */
enum {
	MD_ATTR_BOLD = 1u << 0,
	MD_ATTR_ITALIC = 1u << 1,
	MD_ATTR_UNDERLINE = 1u << 2,
	MD_ATTR_STRIKE = 1u << 3
};

/* md_line.flags */
enum {
	MD_LINE_CODE = 1u << 0,    /* code block line: never wrapped, may be wider than the width */
	MD_LINE_HEADING = 1u << 1  /* a heading's text or its rule; md_line.heading says which */
};

/* A styled byte range of one line. */
struct md_span {
	size_t off, len;   /* bytes in md_line.text */
	uint8_t role;      /* enum md_role */
	uint8_t attr;      /* MD_ATTR_* bits */
	int link;          /* index into md_doc.links, or -1 */
};

/*
 * One output line.
 *  - text is NUL-terminated, valid UTF-8, and holds no control characters (no ESC, CR, LF,
 *    TAB), no bidi overrides/isolates: it is safe to write to a terminal as is.
 *  - spans tile text exactly: sorted, contiguous, non-overlapping, covering [0, len);
 *    nspans is 0 only when len is 0.
 *  - text_width(text, len) (core/textwidth.h) <= md_opts.width unless flags has MD_LINE_CODE.
 */
struct md_line {
	char *text;
	size_t len;
	struct md_span *spans;
	size_t nspans;
	unsigned flags;    /* MD_LINE_* */
	int heading;       /* index into md_doc.headings, or -1 */
};

/*
 * A link target, numbered in order of first appearance (links[0] is "[1]"). Identical
 * URLs share one entry. url is as written after entity/escape decoding (internal targets
 * stay bare ids such as "oauth-m2m" or "BO-TAG-02#anchor"); text is the first link text.
 */
struct md_link {
	char *url;
	char *text;
	size_t line;       /* first line the link text appears on (index into md_doc.lines) */
};

struct md_heading {
	int level;         /* 1..6 */
	char *text;        /* plain text of the heading */
	char *slug;        /* its anchor, by the rule of core/slug.h (the indexer's too); repeated headings
	                      suffixed -1, -2, ... */
	size_t line;       /* index of its first line */
};

struct md_opts {
	int width;         /* columns to fit, >= 10 (smaller values are raised to 10) */
	int ascii;         /* no box drawing or Unicode bullets: + - | * and friends */
};

/* The rendered document. All memory belongs to it; free it with md_doc_free(). */
struct md_doc {
	struct md_line *lines;
	size_t nlines;
	struct md_link *links;
	size_t nlinks;
	struct md_heading *headings;
	size_t nheadings;
	int width;         /* the width it was rendered at */
	int ascii;
	struct md_arena *arena;    /* private */
};

/*
 * Render src[0..len) (untrusted Markdown, any bytes) into lines at o->width columns.
 * o may be NULL (width 80, Unicode). Never fails on malformed input; returns NULL only
 * when memory is exhausted. Display widths follow the current LC_CTYPE (see text_width).
 */
struct md_doc *md_render(const char *src, size_t len, const struct md_opts *o);

/* Free a document from md_render(); NULL is fine. */
void md_doc_free(struct md_doc *d);

/*
 * Write d to f, one '\n'-terminated line per md_line. ansi: SGR colours and attributes per
 * span; otherwise plain text. Code lines wider than width (when width > 0) are clipped with a
 * visible marker ("…", or ">" for an ascii document). After the body, when there are links,
 * a blank line and the list "[1] url", one per line. Returns 0, or -1 on a write error.
 */
int md_print(FILE *f, const struct md_doc *d, int ansi, int width);


#endif

/* browse.c - the main screen: the tree pane beside the page pane, find and filter prompts, links out, workshop mode. */
#include "tui/app.h"

#include "core/buf.h"
#include "ws/live.h"
#include "core/mdscan.h"
#include "tui/page.h"
#include "tui/pick.h"
#include "tui/prompt.h"
#include "core/termseq.h"
#include "tui/theme.h"
#include "tui/tree.h"
#include "tui/ui.h"
#include "core/vocab.h"

#include <curses.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

enum pane { PANE_TREE, PANE_PAGE };
enum prompt_kind { ASK_NONE, ASK_FIND, ASK_FILTER };

static struct {
	enum pane focus;
	enum prompt_kind asking;       /* a prompt is open (MODE_FIND): find in page, or filter the tree */
	struct prompt prompt;
	int tree_hidden;
	int tree_w;                    /* the tree's width as last drawn (0: not drawn) */
	int workshop;                  /* workshop mode: no tree, the page centred */
	char workshop_partner[32];
	unsigned page_seen;            /* page_serial() the tree last followed */
	const struct screen *ret;      /* Back on the page this screen opened returns there (checklist, search) */
	int ret_depth;
} br;

/* The tree follows the page: after a link, back, forward or another screen opened one. */
static void follow_page(void)
{
	if (page_serial() == br.page_seen) return;
	br.page_seen = page_serial();
	const struct doc *d = page_doc();
	if (d) tree_show_doc(d->id);
}

static int open_doc(struct app *a, const char *id, int push_history)
{
	char *copy = xstrdup(id);   /* id may live in what the caller frees */
	int rc = page_open(a, copy, push_history);
	free(copy);
	follow_page();
	return rc;
}

const char *app_partner(const struct app *a)
{
	(void)a;
	if (br.workshop && br.workshop_partner[0]) return br.workshop_partner;
	const char *p = tree_partner();
	if (p) return p;
	const struct doc *d = page_doc();
	if (!d || !d->partners[0]) return NULL;
	/* an item belongs to its partner types; a page to one when it names only one */
	return vocab_kind_of(d->kind) == KIND_ITEM || !d->partners[1] ? d->partners[0] : NULL;
}

void app_show_doc(struct app *a, const char *id)
{
	const struct screen *from = a->screen;
	a->screen = &screen_browse;
	if (open_doc(a, id, 1) < 0) return;
	br.focus = PANE_PAGE;
	/* Back from this page returns to the list it was chosen from, as it was left. */
	br.ret = from != &screen_browse ? from : NULL;
	br.ret_depth = page_depth();
}

void app_show_search_result(struct app *a, const char *id, const char *query)
{
	app_show_doc(a, id);
	page_highlight(query);
}

int browse_start(struct app *a, const char *start)
{
	if (tree_init(a->db) < 0) {
		app_message(a, "cannot read the content: %s", cdb_errmsg(a->db));
		return -1;
	}
	br.focus = PANE_TREE;
	if (open_doc(a, start ? start : "introduction", 0) == 0) return 0;
	if (start) return -1;
	struct doc_list l;
	struct doc_filter f = { .kind = "page" };
	if (cdb_list(a->db, &f, &l) == 0 && l.n) open_doc(a, l.v[0].id, 0);
	doc_list_free(&l);
	a->msg[0] = '\0';
	return 0;
}

static enum mode browse_mode(const struct app *a)
{
	(void)a;
	if (br.asking) return MODE_FIND;
	return br.focus == PANE_TREE && !br.workshop && !br.tree_hidden ? MODE_TREE : MODE_PAGE;
}

static const char *hints(void)
{
	if (br.workshop) return "Space scroll  . next page  , previous  w leave  q quit";
	if (browse_mode(NULL) == MODE_TREE)
		return "? help  / filter  s search  c checklist  Enter open  T hide tree  q quit";
	return "? help  / find  s search  c checklist  t contents  y copy link  o open link  q quit";
}

static void browse_draw(struct app *a)
{
	int top = 1, h = a->rows_n - 2;
	ui_title_live(a, br.workshop ? "workshop · " : NULL);
	if (br.workshop) {
		int w = a->cols_n - 4 > 92 ? 92 : a->cols_n - 4;
		int x = (a->cols_n - w) / 2;
		for (int r = 0; r < h; r++) ui_fill(top + r, 0, a->cols_n, A_NORMAL);
		br.tree_w = 0;
		page_draw(a, top, x, h, w);
	} else if (br.tree_hidden) {
		br.tree_w = 0;
		page_draw(a, top, 1, h, a->cols_n - 1);
	} else {
		/* the tree takes a third of the terminal, between 20 and 64 columns */
		br.tree_w = a->cols_n / 3 > 64 ? 64 : a->cols_n / 3 < 20 ? 20 : a->cols_n / 3;
		tree_draw(top, 0, h, br.tree_w, br.focus == PANE_TREE, a->utf8);
		attrset(theme_attr(R_PANE_BORDER));
		mvvline(top, br.tree_w, a->utf8 ? ACS_VLINE : '|', h);
		attrset(A_NORMAL);
		page_draw(a, top, br.tree_w + 2, h, a->cols_n - br.tree_w - 2);
	}
	if (br.asking) {
		prompt_draw(&br.prompt, a->rows_n - 1, 0, a->cols_n, br.asking == ASK_FIND ? "Find in page: /" : "Filter the tree: ",
			    theme_attr(R_INPUT));
		return;
	}
	const struct doc *d = page_doc();
	char *crumbs = tree_breadcrumbs();
	struct buf left = BUF_INIT;
	if (tree_filter_text()[0]) buf_addf(&left, "[filter '%s', Esc clears] ", tree_filter_text());
	buf_adds(&left, crumbs ? crumbs : d ? d->id : "");
	int pct = page_percent();
	if (pct >= 0) buf_addf(&left, "  %d%%", pct);
	ui_status(a, buf_str(&left), hints());
	buf_free(&left);
	free(crumbs);
}

/* The workshop's walk: the pages of the partner type being presented. */
static void workshop_step(struct app *a, int dir)
{
	size_t n;
	const char **seq = tree_partner_pages(br.workshop_partner, &n);
	const struct doc *d = page_doc();
	int cur = -1;
	for (size_t i = 0; i < n; i++)
		if (d && strcasecmp(seq[i], d->id) == 0) cur = (int)i;
	int next = cur < 0 ? 0 : cur + dir;
	const char *label = vocab_label(VOCAB_PARTNER, br.workshop_partner);
	if (!n) {
		app_message(a, "workshop mode is off: w starts it");
	} else if (next < 0 || next >= (int)n) {
		app_message(a, dir > 0 ? "last page of the %s walk" : "first page", label);
	} else {
		open_doc(a, seq[next], 1);
		app_message(a, "%s · page %d of %zu", label, next + 1, n);
	}
	free(seq);
}

static void workshop_toggle(struct app *a)
{
	if (br.workshop) {
		br.workshop = 0;
		br.workshop_partner[0] = '\0';
		page_invalidate();
		app_message(a, "workshop mode off");
		return;
	}
	const char *partner = app_partner(a);
	if (!partner) partner = vocab_terms(VOCAB_PARTNER)[0].id;   /* the framework's pages lead to the first */
	snprintf(br.workshop_partner, sizeof br.workshop_partner, "%s", partner);
	br.workshop = 1;
	page_invalidate();
	app_message(a, "workshop: %s · Space scrolls, . next page, comma back, w leaves",
		    vocab_label(VOCAB_PARTNER, partner));
}

/* The page's contents: a chooser of its headings; Enter scrolls to one. */
static void toc_accept(struct app *a, int index, const char *id)
{
	(void)a;
	(void)index;
	if (id) page_goto_line(atoi(id));
}

static const struct pick_spec toc_spec = { "Contents of this page: Enter jumps to a heading", "Enter jump  Esc back",
					   toc_accept, NULL, NULL };

static void open_toc(struct app *a)
{
	const struct md_heading *h;
	size_t n = page_headings(&h);
	if (!n) { app_message(a, "this page has no headings"); return; }
	pick_clear();
	for (size_t i = 0; i < n; i++) {
		char line[24], label[300];
		snprintf(line, sizeof line, "%zu", h[i].line);
		snprintf(label, sizeof label, "%*s%s", (h[i].level - 1) * 2, "", h[i].text);
		pick_add(label, NULL, line);
	}
	pick_open(a, &toc_spec, 0);
}

/* Start a program with no shell, detached (a grandchild: nothing is left to reap), its output
 * thrown away. */
static int spawn(const char *prog, const char *arg)
{
	pid_t pid = fork();
	if (pid < 0) return -1;
	if (pid == 0) {
		if (fork() != 0) _exit(0);
		setsid();
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) { dup2(null, 0); dup2(null, 1); dup2(null, 2); }
		execlp(prog, prog, arg, (char *)NULL);
		_exit(127);
	}
	int st;
	waitpid(pid, &st, 0);
	return 0;
}

/* 1 when prog is an executable file in a directory of $PATH. */
static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	if (!path || !*path) path = "/usr/bin:/bin";
	char dir[4096];
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, ":");
		if (n && n + strlen(prog) + 2 < sizeof dir) {
			snprintf(dir, sizeof dir, "%.*s/%s", (int)n, p, prog);
			if (access(dir, X_OK) == 0) return 1;
		}
		p += n;
		if (*p == ':') p++;
	}
	return 0;
}

/* Put text on the clipboard (OSC 52: terminals take it; tmux passes it on only with set-clipboard
 * on) and say so. */
static void copy_text(struct app *a, const char *text)
{
	char *seq = termseq_copy(text);
	if (!seq) {
		app_message(a, "cannot copy that link");
		return;
	}
	fputs(seq, stdout);
	fflush(stdout);
	free(seq);
	const char *tmux = getenv("TMUX");
	app_message(a, "copied: %s%s", text, tmux && *tmux ? " (inside tmux this needs: set -g set-clipboard on)" : "");
}

/* y copies and o opens the selected link, or the page's source: web links only; o follows an
 * internal link and y copies the command that shows it. */
static void link_out(struct app *a, enum action act)
{
	const char *target = page_link_target();
	if (!target) { app_message(a, "select a link first: ] or J"); return; }
	if (mdscan_link_is_internal(target)) {
		if (act == ACT_OPEN_LINK) { page_action(a, ACT_OPEN); follow_page(); return; }
		char cmd[200];
		snprintf(cmd, sizeof cmd, "pwaf show %s", target);
		copy_text(a, cmd);
		return;
	}
	if (!termseq_url_ok(target)) { app_message(a, "not a plain web link: not copied or opened"); return; }
	if (act == ACT_OPEN_LINK) {
		if (!on_path("xdg-open")) app_message(a, "cannot open it: xdg-open is not installed (y copies the link)");
		else if (spawn("xdg-open", target) < 0) app_message(a, "cannot start xdg-open");
		else app_message(a, "opening %s", target);
	} else {
		copy_text(a, target);
	}
}

/* In the tree, moving previews the page under the cursor (without adding to the back list). */
static void preview(struct app *a)
{
	const char *id = tree_selected_doc();
	const struct doc *d = page_doc();
	if (!id || (d && strcasecmp(d->id, id) == 0)) return;
	if (page_open(a, id, 0) == 0) {
		br.page_seen = page_serial();
		tree_mark_shown();
	}
}

static void prompt_action(struct app *a, enum action act)
{
	enum prompt_kind k = br.asking;
	if (act == ACT_CLOSE) {
		br.asking = ASK_NONE;
		if (k == ASK_FIND) page_find_clear();
		else tree_filter(NULL);
		return;
	}
	if (act == ACT_ACCEPT) {
		br.asking = ASK_NONE;
		if (k == ASK_FIND) page_find_next(a, 1);
		else if (!tree_filter_text()[0]) app_message(a, "the whole tree again");
		else preview(a);
		return;
	}
	if (!prompt_edit(&br.prompt, act)) return;
	if (k == ASK_FIND) page_find_set(a, br.prompt.text);
	else tree_filter(br.prompt.text);
}

static void browse_action(struct app *a, enum action act, int key)
{
	if (br.asking) { prompt_action(a, act); return; }
	switch (act) {
	case ACT_QUIT: a->quit = 1; return;
	case ACT_FOCUS: if (!br.tree_hidden) br.focus = br.focus == PANE_TREE ? PANE_PAGE : PANE_TREE; return;
	case ACT_FIND:
		br.asking = ASK_FIND;
		br.focus = PANE_PAGE;
		prompt_set(&br.prompt, NULL);
		page_find_clear();
		return;
	case ACT_TREE_FILTER:
		br.asking = ASK_FILTER;
		prompt_set(&br.prompt, tree_filter_text());
		return;
	case ACT_TREE_TOGGLE:
		br.tree_hidden = !br.tree_hidden;
		br.focus = br.tree_hidden ? PANE_PAGE : PANE_TREE;
		app_message(a, br.tree_hidden ? "tree hidden: T shows it" : "tree shown");
		return;
	case ACT_WORKSHOP: workshop_toggle(a); return;
	case ACT_CLOSE:
		if (br.workshop) workshop_toggle(a);
		else if (tree_filter_text()[0]) tree_filter(NULL);
		return;
	case ACT_TOC: open_toc(a); return;
	case ACT_COPY_LINK: case ACT_OPEN_LINK: link_out(a, act); return;
	case ACT_BACK:
		if (br.ret && page_depth() <= br.ret_depth) {   /* back to the list this page was chosen from */
			a->screen = br.ret;
			br.ret = NULL;
			return;
		}
		if (br.focus == PANE_TREE && key != 'h') { page_action(a, ACT_BACK); follow_page(); return; }
		break;
	default: break;
	}
	if (browse_mode(a) == MODE_TREE) {
		const char *open = tree_action(act, a->rows_n - 2);
		if (open && open_doc(a, open, 1) == 0) br.focus = PANE_PAGE;
		else if (act == ACT_UP || act == ACT_DOWN || act == ACT_PGUP || act == ACT_PGDN || act == ACT_TOP ||
			 act == ACT_BOTTOM)
			preview(a);
		return;
	}
	if (act == ACT_NEXT_PAGE || act == ACT_PREV_PAGE) workshop_step(a, act == ACT_NEXT_PAGE ? 1 : -1);
	else page_action(a, act);
	follow_page();
}

static void browse_input(struct app *a, int ch)
{
	if (!br.asking) return;
	prompt_insert(&br.prompt, ch);
	if (!prompt_complete(&br.prompt)) return;
	if (br.asking == ASK_FIND) page_find_set(a, br.prompt.text);
	else tree_filter(br.prompt.text);
}

static void browse_mouse(struct app *a, int y, int x, int button)
{
	int in_tree = br.tree_w && x < br.tree_w;
	int h = a->rows_n - 2;
	if (button == 4 || button == 5) {
		int dir = button == 4 ? -3 : 3;
		if (in_tree) { tree_wheel(dir, h); preview(a); }   /* the wheel moves the selection: preview it too */
		else page_scroll_by(dir);
		return;
	}
	if (in_tree) {
		br.focus = PANE_TREE;
		const char *open = tree_click(y - 1, h);
		if (open && open_doc(a, open, 1) == 0) br.focus = PANE_PAGE;
		return;
	}
	br.focus = PANE_PAGE;
	page_click(a, y, x);
	follow_page();
}

static void browse_refreshed(struct app *a)
{
	if (a->hyperlinks && !br.asking) page_hyperlinks();
}

static void browse_close(struct app *a)
{
	(void)a;
	page_free();
	tree_free();
}

const struct screen screen_browse = {
	.mode = browse_mode, .draw = browse_draw, .action = browse_action, .input = browse_input,
	.mouse = browse_mouse, .close = browse_close, .refreshed = browse_refreshed,
};

/* app.c - the explorer's life: start-up, the event loop, key and mouse dispatch, clean shutdown. */
#include "tui/app.h"
#include "core/buf.h"
#include "core/errlen.h"

#include "tui/fleet_screen.h"
#include "tui/keymap.h"
#include "ws/live.h"
#include "tui/page.h"
#include "core/sanitize.h"
#include "core/state.h"
#include "core/termseq.h"
#include "tui/theme.h"
#include "tui/tui.h"
#include "tui/ui.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MIN_COLS 40
#define MIN_ROWS 10

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

void app_message(struct app *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
}

static const char refreshing[] = "refreshing live status…";

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int load_settings(struct app *a, const struct tui_opts *o)
{
	struct diag d = { 0 };
	char *path = config_default_path();
	int rc = config_load(&a->cfg, path, &d);
	free(path);
	if (rc < 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		return -1;
	}
	keymap_init();
	const char *theme = o->theme ? o->theme : a->cfg.theme ? a->cfg.theme : "dark";
	if (keymap_apply(&a->cfg, &d) < 0 || theme_load(theme, &d) < 0) {
		diag_print(&d, stderr);
		diag_free(&d);
		return -1;
	}
	return 0;
}

/* hyperlinks = auto: terminals known to show OSC 8 links, and not inside tmux or screen (which
 * pass them on only when configured to), nor on the Linux console or a dumb or VT terminal
 * (whatever the environment says of the terminal emulator that started them). */
static int terminal_has_hyperlinks(void)
{
	if (getenv("TMUX") || getenv("STY")) return 0;
	const char *prog = getenv("TERM_PROGRAM"), *term = getenv("TERM"), *vte = getenv("VTE_VERSION");
	if (!term || strcmp(term, "linux") == 0 || strcmp(term, "dumb") == 0 || strncmp(term, "vt", 2) == 0 ||
	    strncmp(term, "screen", 6) == 0)
		return 0;
	static const char *const progs[] = { "iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", NULL };
	for (int i = 0; prog && progs[i]; i++)
		if (strcmp(prog, progs[i]) == 0) return 1;
	if (vte && atoi(vte) >= 5000) return 1;
	if (getenv("KITTY_WINDOW_ID") || getenv("WT_SESSION")) return 1;
	return term && (strstr(term, "kitty") || strncmp(term, "foot", 4) == 0 || strstr(term, "wezterm") ||
			strstr(term, "alacritty"));
}

static int start_curses(struct app *a, const char *theme)
{
	if (!getenv("ESCDELAY")) set_escdelay(25);
	if (!newterm(NULL, stdout, stdin)) {
		fprintf(stderr, "pwaf: cannot drive this terminal (TERM has no terminfo entry); try TERM=xterm-256color, "
			"or 'pwaf list' and 'pwaf search'\n");
		return -1;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(200);
	int mono = termseq_no_color() || (theme && strcmp(theme, "monochrome") == 0);
	theme_apply(mono);
	if (a->cfg.mouse) mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	getmaxyx(stdscr, a->rows_n, a->cols_n);
	return 0;
}

static void draw_too_small(struct app *a)
{
	erase();
	char msg[64];
	snprintf(msg, sizeof msg, "Window too small: %dx%d needed", MIN_COLS, MIN_ROWS);
	int len = (int)strlen(msg);
	int y = a->rows_n / 2, x = a->cols_n > len ? (a->cols_n - len) / 2 : 0;
	ui_put(y, x, a->cols_n, msg, strlen(msg), A_BOLD);
	if (a->rows_n > 2) ui_put(y + 1, 0, a->cols_n, "q quits", 7, A_NORMAL);
}

static int is_prompt(enum mode m)
{
	return m == MODE_SEARCH || m == MODE_FIND;
}

static void handle_mouse(struct app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || !a->screen->mouse) return;
	int button = (ev.bstate & BUTTON4_PRESSED) ? 4 : (ev.bstate & BUTTON5_PRESSED) ? 5 :
		     (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) ? 1 : 0;
	if (button) a->screen->mouse(a, ev.y, ev.x, button);
}

/* Actions that work the same on every screen that has them. */
static int global_action(struct app *a, enum action act)
{
	switch (act) {
	case ACT_HELP: help_open(a); return 1;
	case ACT_SEARCH: search_open(a); return 1;
	case ACT_REDRAW: clearok(curscr, TRUE); return 1;
	case ACT_CHECKLIST:
		if (a->screen != &screen_checklist) a->checklist_ret = a->screen;
		checklist_open(a);
		return 1;
	case ACT_FLEET: fleet_screen_open(a); return 1;
	case ACT_REFRESH:
		live_refresh(a->live);
		app_message(a, "%s", live_message(a->live)[0] ? live_message(a->live) : refreshing);
		page_invalidate();    /* compose the page again with the new status */
		return 1;
	default: return 0;
	}
}

static void handle_key(struct app *a, int ch)
{
	enum mode m = a->screen->mode(a);
	a->msg[0] = '\0';
	if (a->rows_n < MIN_ROWS || a->cols_n < MIN_COLS) {
		if (ch == 'q') a->quit = 1;
		return;
	}
	enum action act = keymap_lookup(m, ch);
	int printable = ch >= 0x20 && ch <= 0xff && ch != 0x7f;
	if (is_prompt(m) && printable) {
		a->screen->input(a, ch);
		return;
	}
	if (act == ACT_NONE) {
		if (a->screen->input) a->screen->input(a, ch);
		return;
	}
	if (!global_action(a, act)) a->screen->action(a, act, ch);
}

static void close_screens(struct app *a)
{
	const struct screen *all[] = { &screen_browse, &screen_search, &screen_help, &screen_checklist, &screen_pick, &screen_fleet };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		if (all[i]->close) all[i]->close(a);
}

int tui_run(struct cdb *db, const struct tui_opts *o)
{
	double t0 = now_ms();
	struct app a;
	memset(&a, 0, sizeof a);
	a.db = db;
	a.utf8 = o->utf8;
	a.screen = &screen_browse;
	if (load_settings(&a, o) < 0) { config_free(&a.cfg); return 2; }
	if (browse_start(&a, o->start_id) < 0) {
		fprintf(stderr, "pwaf: %s\n", a.msg);
		close_screens(&a);
		config_free(&a.cfg);
		return 2;
	}
	char ferr[PWAF_ERRLEN];
	if (o->fleet_dir && fleet_screen_load(&a, o->fleet_dir, ferr, sizeof ferr) < 0) {
		fprintf(stderr, "pwaf: --fleet-dir: %s\n", ferr);
		close_screens(&a);
		config_free(&a.cfg);
		return 2;
	}
	if (o->fleet_dir) a.screen = &screen_fleet;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	struct live_opts lo = { .demo = o->demo, .demo_json = o->demo_json, .demo_len = o->demo_len,
				.snapshot = o->snapshot, .profile = o->profile, .host = o->host,
				.autostart = o->profile != NULL || o->host != NULL };
	a.live = live_new(db, &lo);
	a.state_path = o->state_path;
	if (live_message(a.live)[0]) app_message(&a, "%s", live_message(a.live));
	ui_set_ascii(!a.utf8);
	if (start_curses(&a, o->theme ? o->theme : a.cfg.theme) < 0) {
		close_screens(&a);
		live_free(a.live);
		config_free(&a.cfg);
		return 2;
	}
	a.hyperlinks = a.cfg.hyperlinks >= 0 ? a.cfg.hyperlinks : terminal_has_hyperlinks();
	double first_frame = 0;
	int changed = 1;   /* something happened since the last frame reached the terminal */
	while (!a.quit && !got_signal) {
		getmaxyx(stdscr, a.rows_n, a.cols_n);
		int small = a.rows_n < MIN_ROWS || a.cols_n < MIN_COLS;
		if (small) draw_too_small(&a);
		else { erase(); curs_set(0); a.screen->draw(&a); }
		refresh();
		if (changed && !small && a.screen->refreshed) a.screen->refreshed(&a);
		changed = 0;
		if (first_frame == 0) first_frame = now_ms() - t0;
		int ch = getch();
		if (live_poll(a.live)) {
			changed = 1;
			a.live_serial++;
			page_invalidate();   /* item pages show the live status: compose again */
			if (live_message(a.live)[0] && (!a.msg[0] || strcmp(a.msg, refreshing) == 0))
				app_message(&a, "%s", live_message(a.live));   /* what the refresh met replaces "refreshing" */
		}
		if (ch == ERR) continue;
		changed = 1;
		if (ch == KEY_RESIZE) continue;
		if (ch == KEY_MOUSE) { handle_mouse(&a); continue; }
		handle_key(&a, ch);
	}
	endwin();
	if (getenv("PWAF_TIMING")) fprintf(stderr, "pwaf: first full screen in %.1f ms\n", first_frame);
	close_screens(&a);
	live_free(a.live);
	if (a.state) state_close(a.state);
	config_free(&a.cfg);
	return 0;
}

#ifndef TRACTOK_CNCURSESW_SHIM_H
#define TRACTOK_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* replaces the macro A_NORMAL */
static inline attr_t tk_a_normal(void) { return A_NORMAL; }
/* replaces the macro A_BOLD */
static inline attr_t tk_a_bold(void) { return A_BOLD; }
/* replaces the macro A_DIM */
static inline attr_t tk_a_dim(void) { return A_DIM; }
/* replaces the macro A_REVERSE */
static inline attr_t tk_a_reverse(void) { return A_REVERSE; }
/* replaces the macro A_UNDERLINE */
static inline attr_t tk_a_underline(void) { return A_UNDERLINE; }
/* replaces the macro COLOR_PAIR(n) */
static inline attr_t tk_color_pair(short n) { return (attr_t)COLOR_PAIR(n); }
/* replaces the global stdscr */
static inline WINDOW *tk_stdscr(void) { return stdscr; }
/* replaces the global LINES */
static inline int tk_lines(void) { return LINES; }
/* replaces the global COLS */
static inline int tk_cols(void) { return COLS; }
/* replaces the global COLORS */
static inline int tk_colors(void) { return COLORS; }
/* replaces the macro KEY_RESIZE */
static inline int tk_key_resize(void) { return KEY_RESIZE; }
/* replaces the macro KEY_MOUSE */
static inline int tk_key_mouse(void) { return KEY_MOUSE; }
/* replaces the macro ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION subset we use */
static inline mmask_t tk_mouse_clicks(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
/* replaces the macros BUTTON1_CLICKED/PRESSED tests */
static inline int tk_mouse_is_click(mmask_t m) { return (m & (BUTTON1_CLICKED | BUTTON1_PRESSED)) != 0; }
/* replaces the macro BUTTON4_PRESSED (wheel up) */
static inline int tk_mouse_is_wheel_up(mmask_t m) { return (m & BUTTON4_PRESSED) != 0; }
/* replaces the macro BUTTON5_PRESSED (wheel down) */
static inline int tk_mouse_is_wheel_down(mmask_t m) { return (m & BUTTON5_PRESSED) != 0; }
/* replaces the variadic setcchar call with a single-grapheme cell */
static inline int tk_setcchar(cchar_t *cell, const wchar_t *wch, attr_t attrs, short pair) { return setcchar(cell, wch, attrs, pair, NULL); }
/* replaces the macro OK */
static inline int tk_ok(void) { return OK; }
/* replaces the macro ERR */
static inline int tk_err(void) { return ERR; }
/* replaces the macro KEY_CODE_YES */
static inline int tk_key_code_yes(void) { return KEY_CODE_YES; }
/* declares wcwidth, which the Glibc module only exports under _XOPEN_SOURCE */
extern int wcwidth(wchar_t c);
/* replaces wcwidth, which Swift cannot see through the Glibc module */
static inline int tk_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

#endif

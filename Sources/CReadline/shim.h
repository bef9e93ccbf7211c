// Small accessors for GNU readline's globals: Swift 6 refuses to touch
// shared mutable C globals directly, so BazaarTerminal goes through these.
#ifndef BAZAAR_CREADLINE_SHIM_H
#define BAZAAR_CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

/// readline keeps these pointers: they must be C string literals (static storage), never a
/// temporary from Swift.
static inline void crl_set_name_bazaar(void) { rl_readline_name = "bazaar"; }
static inline void crl_set_completion(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void crl_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void crl_set_catch_signals(int v) { rl_catch_signals = v; rl_catch_sigwinch = v; }
static inline void crl_disable_bracketed_paste(void) { rl_variable_bind("enable-bracketed-paste", "off"); }
/// Treat bytes ≥ 0x80 as characters (UTF-8), never as Meta-key combinations: with a non-UTF-8
/// locale readline would otherwise turn Chinese input into commands (M-# accepts the line).
static inline void crl_eight_bit_input(void) {
  rl_variable_bind("input-meta", "on");
  rl_variable_bind("output-meta", "on");
  rl_variable_bind("convert-meta", "off");
}
static inline int crl_point(void) { return rl_point; }
static inline int crl_end(void) { return rl_end; }
static inline const char *crl_version(void) { return rl_library_version; }
static inline void crl_set_word_breaks_space(void) { rl_completer_word_break_characters = " \t"; }
static inline const char *crl_line_buffer(void) { return rl_line_buffer ? rl_line_buffer : ""; }
static inline void crl_set_change_environment(int v) { rl_change_environment = v; }
static inline void crl_set_streams(FILE *in, FILE *out) { rl_instream = in; rl_outstream = out; }
static inline void crl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static void crl_no_prep(int meta) { (void)meta; }
static void crl_no_deprep(void) {}
/// Put the terminal in readline's mode once for the whole session (and restore it once at the
/// end), instead of around every line: keys typed while Bazaar prints (Ctrl-D, type-ahead) are
/// then never taken by the tty's line editing or echoed out of place.
static inline void crl_prepare_terminal_once(void) {
  if (!rl_instream) rl_instream = stdin;
  if (!rl_outstream) rl_outstream = stdout;
  rl_prep_term_function = crl_no_prep;
  rl_deprep_term_function = crl_no_deprep;
  rl_prep_terminal(1);
}
static inline void crl_restore_terminal(void) { rl_deprep_terminal(); }

/// After Ctrl-C in callback mode: drop the half-typed line and give the terminal back.
static inline void crl_cancel_line(void) {
  rl_free_line_state();
  rl_callback_sigcleanup();
  rl_cleanup_after_signal();
  rl_callback_handler_remove();
}

/// Print `text` above the prompt without damaging the half-typed line.
static inline void crl_print_above(const char *text) {
  int need = !RL_ISSTATE(RL_STATE_DONE);
  char *saved = NULL; int point = 0;
  if (need) {
    point = rl_point;
    saved = rl_copy_text(0, rl_end);
    rl_save_prompt();
    rl_replace_line("", 0);
    rl_redisplay();
  }
  fputs(text, rl_outstream ? rl_outstream : stdout);
  fflush(rl_outstream ? rl_outstream : stdout);
  if (need) {
    rl_restore_prompt();
    rl_replace_line(saved ? saved : "", 0);
    rl_point = point;
    rl_forced_update_display();
    free(saved);
  }
}

// ---- Live sessions (LiveTerminalLoop): a prompt that changes while the host types, and lines
// printed above it. Everything goes through rl_outstream, flushed once per call.

/// Whether readline is showing our prompt (not an incremental-search or numeric-argument
/// message, which readline draws in the prompt's place and restores by itself afterwards).
static inline int crl_prompt_is_shown(void) {
  return rl_display_prompt == rl_prompt
    && !RL_ISSTATE(RL_STATE_ISEARCH | RL_STATE_NSEARCH | RL_STATE_NUMERICARG | RL_STATE_COMPLETING);
}

/// Replaces the prompt and redraws only what changed (readline's diffing redisplay keeps the
/// half-typed text and the cursor, also when the line wraps). Returns 0, doing nothing, while
/// readline shows something else in the prompt's place: call again later.
static inline int crl_live_set_prompt(const char *prompt) {
  if (!crl_prompt_is_shown()) return 0;
  rl_set_prompt(prompt);
  rl_redisplay();
  fflush(rl_outstream ? rl_outstream : stdout);
  return 1;
}

/// Prints `text` (whole lines, each ending in a newline) above the prompt: erases every screen
/// row the prompt and the half-typed line take (so a wrapped line in a narrow window is erased
/// too), prints, and has readline draw prompt and line again below with the cursor where it was.
/// `prompt`, when not NULL, becomes the new prompt in the same redraw (ignored while readline
/// shows a search message instead of the prompt).
static inline void crl_live_print_above(const char *text, const char *prompt) {
  FILE *out = rl_outstream ? rl_outstream : stdout;
  rl_clear_visible_line();
  fputs(text, out);
  if (prompt && crl_prompt_is_shown()) rl_set_prompt(prompt);
  rl_on_new_line();
  rl_redisplay();
  fflush(out);
}

/// Writes `text` as is (no redraw): for lines printed inside the line handler, where readline has
/// already moved below the accepted line and draws the prompt again after the handler returns.
static inline void crl_write(const char *text) {
  FILE *out = rl_outstream ? rl_outstream : stdout;
  fputs(text, out);
  fflush(out);
}

/// Leaves the half-typed line as it is on screen, moves below it and forgets it (the session
/// ended while the host was typing): readline then starts afresh at the next prompt.
static inline void crl_live_abandon_line(void) {
  FILE *out = rl_outstream ? rl_outstream : stdout;
  rl_free_line_state();
  rl_callback_sigcleanup();
  rl_cleanup_after_signal();
  rl_callback_handler_remove();
  fputs("\n", out);
  fflush(out);
}

/// After the window was resized: readline's idea of where the line is may be wrong (terminals
/// like tmux re-wrap what is on screen, others cut it), so start over: take the new size, clear
/// the screen, print `text` (the latest lines, fitted to the new width) from the top, and draw
/// prompt and line below it.
static inline void crl_live_redraw_screen(const char *text) {
  FILE *out = rl_outstream ? rl_outstream : stdout;
  rl_reset_screen_size();
  fputs("\033[H\033[2J", out);
  fputs(text, out);
  rl_on_new_line();
  rl_redisplay();
  fflush(out);
}
#endif

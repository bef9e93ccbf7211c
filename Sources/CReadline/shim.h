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
#endif

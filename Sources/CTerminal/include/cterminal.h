#ifndef ODH_CTERMINAL_H
#define ODH_CTERMINAL_H

/* What a full-screen view needs from signals, kept in C: a handler may only touch
   sig_atomic_t flags and call async-signal-safe functions such as write(2).

   While installed: SIGWINCH marks a resize, SIGHUP a closed terminal, SIGCONT a return
   from the background (the screen must be drawn again); SIGINT and SIGTERM keep their
   previous handler (which is called first) and also wake the loop. Every one of them
   writes a byte to `wake_fd` so a poll(2) on it returns at once. */
int odh_term_signals_install(int wake_fd);
void odh_term_signals_uninstall(void);

/* Each returns 1 once per occurrence since the last call, then 0. */
int odh_term_take_resized(void);
int odh_term_take_continued(void);
/* Stays 1 once the terminal hung up. */
int odh_term_hung_up(void);

/* The terminal's size (TIOCGWINSZ); 0 on success. ioctl is variadic in C. */
int odh_term_size(int fd, int *rows, int *cols);
/* A non-blocking, close-on-exec pipe for waking a poll(2) loop; 0 on success. */
int odh_term_pipe(int fds[2]);
#endif

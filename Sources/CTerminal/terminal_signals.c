#include "cterminal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static volatile sig_atomic_t resized = 0;
static volatile sig_atomic_t continued = 0;
static volatile sig_atomic_t hung_up = 0;
static volatile sig_atomic_t wake = -1;

static struct sigaction previous_winch, previous_hup, previous_cont, previous_int, previous_term;
static int installed = 0;

static void poke(void) {
    int saved = errno;
    int fd = wake;
    if (fd >= 0) {
        char byte = 1;
        /* Non-blocking pipe: a full pipe already holds a wake-up. */
        ssize_t ignored = write(fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static void chain(const struct sigaction *previous, int sig) {
    if (previous->sa_handler != SIG_DFL && previous->sa_handler != SIG_IGN && previous->sa_handler != NULL) {
        previous->sa_handler(sig);
    }
}

static void on_signal(int sig) {
    switch (sig) {
    case SIGWINCH: resized = 1; break;
    case SIGCONT: continued = 1; break;
    case SIGHUP: hung_up = 1; break;
    case SIGINT: chain(&previous_int, sig); break;
    case SIGTERM: chain(&previous_term, sig); break;
    default: break;
    }
    poke();
}

int odh_term_signals_install(int wake_fd) {
    if (installed) return 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    /* No SA_RESTART: a blocking read returns EINTR and the loop looks at the flags. */
    action.sa_flags = 0;
    wake = wake_fd;
    if (sigaction(SIGWINCH, &action, &previous_winch) != 0) return -1;
    sigaction(SIGHUP, &action, &previous_hup);
    sigaction(SIGCONT, &action, &previous_cont);
    sigaction(SIGINT, &action, &previous_int);
    sigaction(SIGTERM, &action, &previous_term);
    installed = 1;
    return 0;
}

void odh_term_signals_uninstall(void) {
    if (!installed) return;
    sigaction(SIGWINCH, &previous_winch, NULL);
    sigaction(SIGHUP, &previous_hup, NULL);
    sigaction(SIGCONT, &previous_cont, NULL);
    sigaction(SIGINT, &previous_int, NULL);
    sigaction(SIGTERM, &previous_term, NULL);
    wake = -1;
    installed = 0;
}

int odh_term_take_resized(void) {
    if (!resized) return 0;
    resized = 0;
    return 1;
}

int odh_term_take_continued(void) {
    if (!continued) return 0;
    continued = 0;
    return 1;
}

int odh_term_hung_up(void) { return hung_up ? 1 : 0; }

int odh_term_size(int fd, int *rows, int *cols) {
    struct winsize size;
    memset(&size, 0, sizeof size);
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    if (size.ws_row == 0 || size.ws_col == 0) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}

int odh_term_pipe(int fds[2]) {
    if (pipe(fds) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}

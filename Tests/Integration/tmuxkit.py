"""Drive kubectl-odh through a real terminal: a private tmux server (Debian's tmux), keys sent with
`send-keys`, the screen read with `capture-pane`. Used by test_interactive.py and test_top.py."""

import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import harness

SHELL_PROMPT = "$ "


def require_tmux():
    path = shutil.which("tmux")
    if path is None:
        raise AssertionError("tmux is not installed: `make deps` installs it (Debian package tmux)")
    return path


class Terminal:
    """One tmux session of `width`×`height` running a bare bash, in its own socket under tmp_path.

    `run(shell_line)` types a command line; `screen()` is what the terminal shows; `wait_for(text)` waits
    until it shows `text`. The shell's environment is the test server's clean one plus `env`."""

    def __init__(self, server, tmp_path, width=80, height=24, env=None, command=None):
        self.tmux = require_tmux()
        self.dir = Path(tmp_path)
        self.socket = str(self.dir / "tmux.sock")
        environment = server.env(env)
        args = [self.tmux, "-S", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", "t",
                "-x", str(width), "-y", str(height)]
        for key in ("HOME", "LANG", "PATH", "NO_COLOR", "LC_ALL"):
            if key in environment:
                args += ["-e", "%s=%s" % (key, environment[key])]
        # bash does not take PS1 from tmux's environment; given on its command line it does.
        args.append(command or "env 'PS1=%s' bash --norc --noprofile" % SHELL_PROMPT)
        # The status line would take a row: the pane must be the whole width×height.
        args += [";", "set-option", "-g", "status", "off", ";", "set-option", "-g", "remain-on-exit", "on"]
        subprocess.run(args, check=True, env={k: v for k, v in environment.items() if k != "TMUX"})
        if command is None:
            # capture-pane drops trailing blanks: the prompt reads "$".
            self.wait_for(re.compile(r"^\$$", re.M))

    def ctl(self, *args):
        r = subprocess.run([self.tmux, "-S", self.socket] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        return r.stdout

    def close(self):
        subprocess.run([self.tmux, "-S", self.socket, "kill-server"], stderr=subprocess.DEVNULL)

    # ------------------------------------------------------------------ input
    def keys(self, *names):
        """tmux key names: Tab, BTab, Up, Down, Left, Right, Enter, C-c, q, ..."""
        self.ctl("send-keys", "-t", "t", *names)

    def type(self, text, enter=True):
        if text:
            self.ctl("send-keys", "-t", "t", "-l", text)
        if enter:
            self.ctl("send-keys", "-t", "t", "Enter")

    def run(self, line):
        self.type(line)

    # ------------------------------------------------------------------ output
    def screen(self, escapes=False):
        args = ["capture-pane", "-p", "-t", "t"] + (["-e"] if escapes else [])
        return self.ctl(*args)

    def history(self):
        """Everything printed on the normal screen so far (scrollback included)."""
        return self.ctl("capture-pane", "-p", "-J", "-t", "t", "-S", "-2000")

    def lines(self):
        return self.screen().split("\n")

    def alternate_screen(self):
        return self.ctl("display-message", "-p", "-t", "t", "#{alternate_on}").strip() == "1"

    def size(self):
        return self.ctl("display-message", "-p", "-t", "t", "#{pane_width}x#{pane_height}").strip()

    def pane_pid(self):
        return int(self.ctl("display-message", "-p", "-t", "t", "#{pane_pid}").strip())

    def resize(self, width, height):
        self.ctl("resize-window", "-t", "t", "-x", str(width), "-y", str(height))

    def wait_for(self, wanted, timeout=20, source=None):
        """Waits until the screen (or `source()`) contains `wanted` (a string, a compiled regex, or a
        predicate on the text); returns that text."""
        source = source or self.screen
        deadline = time.time() + timeout
        text = ""
        while time.time() < deadline:
            text = source()
            if (wanted(text) if callable(wanted) else
                    wanted.search(text) if isinstance(wanted, re.Pattern) else wanted in text):
                return text
            time.sleep(0.05)
        raise AssertionError("timed out after %ss waiting for %r; the terminal shows:\n%s" % (timeout, wanted, text))


def odh_line(server, *args):
    """A shell line running kubectl-odh against the server."""
    return " ".join(shlex.quote(str(a)) for a in [harness.odh_binary(), "--kubeconfig", server.kubeconfig] + list(args))


def traced(terminal, server, *args):
    """Runs kubectl-odh in the terminal between two `stty -a` snapshots; the exit code lands in rc.txt."""
    d = terminal.dir
    line = "stty -a > %s; %s; echo $? > %s; stty -a > %s" % (
        d / "stty-before.txt", odh_line(server, *args), d / "rc.txt.tmp", d / "stty-after.txt")
    # rc.txt appears only once the second stty has run.
    terminal.run(line + "; mv %s %s" % (d / "rc.txt.tmp", d / "rc.txt"))


def exit_code(terminal, timeout=20):
    path = terminal.dir / "rc.txt"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if path.exists():
            return int(path.read_text().strip())
        time.sleep(0.05)
    raise AssertionError("the command did not finish within %ss; the terminal shows:\n%s" % (timeout, terminal.screen()))


def stty_unchanged(terminal):
    """Every terminal setting as before (the size aside: a test may have resized the window)."""
    def settings(name):
        text = (terminal.dir / name).read_text()
        return re.sub(r"rows \d+; columns \d+;", "", text)
    before, after = settings("stty-before.txt"), settings("stty-after.txt")
    return before == after and re.search(r"(^|\s)icanon\b", before) and re.search(r"(^|\s)echo\b", before)


COLOR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;5;\d+|38;2;[\d;]+)(?:;[0-9;]*)?m")

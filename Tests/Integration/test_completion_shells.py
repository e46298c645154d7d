"""Shell completion as people get it: bash, zsh and fish from Debian's packages, driven in
tmux (keys in, screen out), for `kubectl-odh …` (our `completion` scripts) and for
`kubectl odh …` (kubectl's own completion, which asks kubectl_complete-odh and
kubectl_complete-odh-mpijob). Verbs, flags, flag values, job names and namespaces from the
test API server, contexts from the kubeconfig (an OpenShift-style one with `:` too) and file
names for -f. A shell that is not installed is skipped (`make deps` installs them)."""
import os
from pathlib import Path
import re
import shutil
import subprocess
import time

import pytest
import yaml

from harness import kubectl_binary, odh_binary

PROMPT = "ODH$ "
OPENSHIFT_CONTEXT = "team-b/api-crc-testing:6443/admin"

RC = {
    "bash": ("bashrc", """PS1='ODH$ '
[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
source <(kubectl-odh completion bash)
source <(kubectl completion bash)
"""),
    "zsh": (".zshrc", """PROMPT='ODH$ '
autoload -U compinit && compinit -u
source <(kubectl-odh completion zsh)
source <(kubectl completion zsh)
"""),
    "fish": (".config/fish/config.fish", """function fish_prompt; echo -n 'ODH$ '; end
function fish_greeting; end
set -g fish_autosuggestion_enabled 0
kubectl-odh completion fish | source
kubectl completion fish | source
"""),
}
ARGV = {
    "bash": ["bash", "--noprofile", "--rcfile", "{home}/bashrc"],
    "zsh": ["zsh"],
    "fish": ["fish"],
}


class TmuxShell:
    """One interactive shell in a private tmux server."""

    def __init__(self, shell, home, workdir, env):
        self.socket = "odh-completion-%d-%s" % (os.getpid(), shell)
        argv = [a.format(home=home) for a in ARGV[shell]]
        command = ["env", "-i"] + ["%s=%s" % kv for kv in env.items()] + argv
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50",
                        "-c", str(workdir), "-s", "t", subprocess.list2cmdline(command)], check=True)
        self.wait(lambda screen: self.current_line(screen) == PROMPT, "a prompt", timeout=30)

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.socket] + list(args), capture_output=True, text=True, check=True)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "t").stdout

    @staticmethod
    def current_line(screen):
        lines = [line for line in screen.splitlines() if line.startswith(PROMPT.rstrip())]
        return (lines[-1].rstrip() + " ") if lines and lines[-1].rstrip() == PROMPT.rstrip() else (
            lines[-1].rstrip() if lines else None)

    @staticmethod
    def last_line(screen):
        lines = [line.rstrip() for line in screen.splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def wait(self, predicate, what, timeout=15):
        deadline = time.time() + timeout
        screen = ""
        while time.time() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError("waited %ss for %s; the screen:\n%s" % (timeout, what, screen))

    def type(self, text, tabs):
        """A fresh line, `text`, then Tab `tabs` times; returns nothing (use wait)."""
        # C-c, then C-l only once the fresh prompt is there: bash drops a C-c that is followed
        # at once by another key (seen with bash 5.2 after a completion).
        for attempt in range(5):
            self.tmux("send-keys", "-t", "t", "C-c")
            try:
                self.wait(lambda s: self.last_line(s) == PROMPT.rstrip(), "a fresh prompt", timeout=1)
                break
            except AssertionError:
                if attempt == 4:
                    raise
        self.tmux("send-keys", "-t", "t", "C-l")
        self.wait(lambda s: [line for line in s.splitlines() if line.strip()] == [PROMPT.rstrip()], "a clear screen")
        self.tmux("send-keys", "-t", "t", "-l", "--", text)
        self.wait(lambda s: self.current_line(s) == PROMPT + text.rstrip(), "the typed text")
        for _ in range(tabs):
            self.tmux("send-keys", "-t", "t", "Tab")

    def close(self):
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture(scope="module")
def setup(server, tmp_path_factory):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (make deps installs it)")
    kubectl = kubectl_binary()
    if kubectl is None:
        pytest.skip("kubectl is not installed")
    root = tmp_path_factory.mktemp("completion")
    bindir = root / "bin"
    bindir.mkdir()
    os.symlink(odh_binary(), bindir / "kubectl-odh")
    os.symlink("kubectl-odh", bindir / "kubectl-odh-mpijob")
    os.symlink(kubectl, bindir / "kubectl")
    completions = Path(__file__).resolve().parents[2] / "completions"
    for helper in ("kubectl_complete-odh", "kubectl_complete-odh-mpijob"):
        shutil.copy(completions / helper, bindir / helper)
    config = yaml.safe_load(open(server.kubeconfig))
    config["contexts"].append({"name": OPENSHIFT_CONTEXT,
                               "context": {"cluster": "fake", "user": "admin", "namespace": "team-b"}})
    kubeconfig = root / "kubeconfig"
    kubeconfig.write_text(yaml.safe_dump(config))
    workdir = root / "work"
    workdir.mkdir()
    (workdir / "train-job.yaml").write_text("# an MPIJob manifest\n")
    env = {"HOME": str(root / "home"), "TERM": "xterm", "LANG": "C.UTF-8", "KUBECONFIG": str(kubeconfig),
           "PATH": "%s:/usr/bin:/bin" % bindir}
    return root, workdir, env


@pytest.fixture(scope="module", params=["bash", "zsh", "fish"])
def shell(request, setup):
    name = request.param
    if shutil.which(name) is None:
        pytest.skip("%s is not installed (make deps installs it)" % name)
    root, workdir, env = setup
    home = root / ("home-%s" % name)
    rc, text = RC[name]
    (home / rc).parent.mkdir(parents=True, exist_ok=True)
    (home / rc).write_text(text)
    env = dict(env, HOME=str(home))
    if name == "zsh":
        env["ZDOTDIR"] = str(home)
    sh = TmuxShell(name, home, workdir, env)
    yield sh
    sh.close()


# (typed, completed line): one Tab must complete the word.
UNIQUE = [
    ("{cmd} mpijob cr", "{cmd} mpijob create"),
    ("{cmd} mpijob list --sort", "{cmd} mpijob list --sort-by"),
    ("{cmd} mpijob list -o ya", "{cmd} mpijob list -o yaml"),
    ("{cmd} mpijob list --output=w", "{cmd} mpijob list --output=wide"),
    ("{cmd} mpijob create pi --mpi-implementation I", "{cmd} mpijob create pi --mpi-implementation Intel"),
    ("{cmd} mpijob create pi --clean-pod-policy A", "{cmd} mpijob create pi --clean-pod-policy All"),
    ("{cmd} mpijob get -n team-a pi-ru", "{cmd} mpijob get -n team-a pi-running"),
    ("{cmd} mpijob logs --namespace team-b pi-mp", "{cmd} mpijob logs --namespace team-b pi-mpich-oom"),
    ("{cmd} mpijob list -n gol", "{cmd} mpijob list -n golden"),
    ("{cmd} mpijob list --context ci", "{cmd} mpijob list --context ci-bot"),
    ("{cmd} mpijob list --context team-b/api", "{cmd} mpijob list --context " + OPENSHIFT_CONTEXT),
    ("{cmd} mpijob get --context %s pi-sus" % OPENSHIFT_CONTEXT,
     "{cmd} mpijob get --context %s pi-suspended" % OPENSHIFT_CONTEXT),
    ("{cmd} mpijob create -f tra", "{cmd} mpijob create -f train-job.yaml"),
]
# (typed, words the shell must list after Tab Tab)
LISTED = [
    ("{cmd} mpijob de", ["delete", "describe"]),
    ("{cmd} mpijob get -n team-a pi-r", ["pi-restarting", "pi-running"]),
    ("{cmd} mpijob list -n team-", ["team-a", "team-b"]),
]


@pytest.mark.parametrize("cmd", ["kubectl-odh", "kubectl odh"])
@pytest.mark.parametrize("typed,completed", UNIQUE, ids=[u[0].split(" ", 2)[2] for u in UNIQUE])
def test_tab_completes(shell, cmd, typed, completed):
    typed, completed = typed.format(cmd=cmd), completed.format(cmd=cmd)
    shell.type(typed, tabs=1)
    shell.wait(lambda s: shell.current_line(s) == PROMPT + completed, repr(completed))


@pytest.mark.parametrize("cmd", ["kubectl-odh", "kubectl odh"])
@pytest.mark.parametrize("typed,words", LISTED, ids=[l[0].split(" ", 2)[2] for l in LISTED])
def test_tab_tab_lists(shell, cmd, typed, words):
    shell.type(typed.format(cmd=cmd), tabs=2)

    def listed(screen):
        below = screen.split(PROMPT + typed.format(cmd=cmd), 1)[-1]
        return all(word in below or word in screen.splitlines()[-1] for word in words)

    shell.wait(listed, "the candidates %s" % words)


def test_kubectl_odh_offers_mpijob_once(shell):
    """kubectl itself adds `mpijob` (it found kubectl-odh-mpijob); the helper leaves ours out."""
    shell.type("kubectl odh ", tabs=2)
    screen = shell.wait(lambda s: "version" in s.split(PROMPT + "kubectl odh", 1)[-1], "the plugin's commands")
    below = screen.split(PROMPT + "kubectl odh", 1)[-1]
    # Candidates are separated by two or more spaces; kubectl's description of its own
    # `mpijob` entry mentions the word once more with single spaces.
    assert len(re.findall(r"(?:^|\s{2})mpijob(?:\s|$)", below, re.M)) == 1, screen


def test_direct_link_completes_verbs(shell):
    shell.type("kubectl-odh-mpijob wa", tabs=1)
    shell.wait(lambda s: shell.current_line(s) == PROMPT + "kubectl-odh-mpijob wait", "wait")

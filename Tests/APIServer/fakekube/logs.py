"""Container logs, generated lazily: line k of a container is computed from k; its timestamp is start + k/rate.

A LogSource is one container instance (a restart starts a new instance; the old one is the "previous" log).
"""

import threading
import time

from .util import rfc3339nano

HEADER_GAP = 1_000_000  # 1 ms between header lines


class LogSource:
    def __init__(self, kind, start_ns, rate, total, info):
        self.kind = kind
        self.info = info
        self.start = int(start_ns)
        self.rate = max(float(rate), 1e-6)
        self.total = total  # None = unbounded
        self.header = header_lines(kind, info)
        self.body_start = self.start + len(self.header) * HEADER_GAP
        self.end = None
        self.footer = []
        self.frozen = None
        self.peak = 0  # most body lines any reader has been shown; termination never takes them back
        self.lock = threading.Lock()
        self.done = threading.Event()

    # -- counting
    def body_count(self, t):
        if self.frozen is not None:
            return self.frozen
        if t < self.body_start:
            return 0
        n = int((t - self.body_start) * self.rate / 1e9)
        if self.total is not None:
            n = min(n, self.total)
        return n

    def _seen(self, n):
        if n > self.peak:
            self.peak = n
        return n

    def count(self, t):
        if t < self.start:
            return 0
        nh = min(len(self.header), 1 + (t - self.start) // HEADER_GAP)
        if nh < len(self.header):
            return int(nh)
        if self.frozen is not None:
            body = self.frozen
        else:
            with self.lock:
                body = self.frozen if self.frozen is not None else self._seen(self.body_count(t))
        return len(self.header) + body + (len(self.footer) if self.end is not None else 0)

    def terminated(self):
        return self.end is not None

    def terminate(self, end_ns, footer):
        """Stop the container at end_ns; footer is a list of lines or a function(source) -> lines."""
        with self.lock:
            if self.end is not None or self.frozen is not None:
                return
            end_ns = max(int(end_ns), self.start)
            self.frozen = max(self.body_count(end_ns), self.peak)
            self.footer = list(footer(self) if callable(footer) else footer)
            self.end = max(end_ns, self.body_start + int(self.frozen * 1e9 / self.rate))
        self.done.set()

    # -- reading
    def ts(self, i):
        nh = len(self.header)
        if i < nh:
            return self.start + i * HEADER_GAP
        k = i - nh
        nb = self.frozen if self.frozen is not None else None
        if nb is None or k < nb:
            return self.body_start + int((k + 1) * 1e9 / self.rate)
        return self.end + (k - nb) * HEADER_GAP

    def first_at_or_after(self, t_ns, n):
        """Index of the first line with timestamp >= t_ns among the first n lines."""
        lo, hi = 0, n
        while lo < hi:
            mid = (lo + hi) // 2
            if self.ts(mid) < t_ns:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def texts(self, i0, i1):
        nh = len(self.header)
        out = []
        i = i0
        while i < min(i1, nh):
            out.append(self.header[i])
            i += 1
        nb = self.frozen if self.frozen is not None else (i1 - nh)
        b0, b1 = max(i - nh, 0), min(i1 - nh, nb)
        if b1 > b0:
            out.extend(body_lines(self.kind, self.info, b0, b1))
            i = nh + b1
        f0 = i - nh - nb
        while i < i1 and self.end is not None and 0 <= f0 < len(self.footer):
            out.append(self.footer[f0])
            f0 += 1
            i += 1
        return out

    def render(self, i0, i1, timestamps):
        texts = self.texts(i0, i1)
        if not timestamps:
            return "".join(t + "\n" for t in texts)
        parts = []
        cache_sec, cache_str = None, None
        for j, t in enumerate(texts):
            ns = self.ts(i0 + j)
            sec = ns // 1_000_000_000
            if sec != cache_sec:
                cache_sec = sec
                cache_str = rfc3339nano(sec * 1_000_000_000)[:-1]
            frac = ns % 1_000_000_000
            stamp = cache_str + (("." + ("%09d" % frac).rstrip("0")) if frac else "") + "Z"
            parts.append(stamp + " " + t + "\n")
        return "".join(parts)


def header_lines(kind, info):
    job, ns = info.get("job", "job"), info.get("ns", "default")
    if kind in ("launcher", "wait"):
        cmd = " ".join(info.get("command") or ["mpirun"])
        lines = ["+ " + cmd]
        for i in range(min(info.get("workers", 0), 4)):
            lines.append("Warning: Permanently added '%s-worker-%d.%s.%s.svc' (ED25519) to the list of known hosts."
                         % (job, i, job, ns))
        return lines
    if kind == "train":
        return ["Using device: %s (world size %d, rank %d)" % (info.get("device", "cpu"), info.get("world", 1),
                                                             info.get("rank", 0)),
                "Downloading dataset to /tmp/data ... done"]
    if kind == "worker":
        return ["Server listening on 0.0.0.0 port 22.", "Server listening on :: port 22.",
                "Accepted publickey for root from %s port 5%04d ssh2: ECDSA SHA256:%s"
                % (info.get("peer", "10.244.0.2"), info.get("index", 0) * 17 % 10000, "q1w2e3r4t5y6u7i8o9p0")]
    return []


def _loss(step):
    return 2.3 / (1.0 + 0.07 * step) + 0.04


def body_lines(kind, info, b0, b1):
    if kind == "launcher":
        ranks = max(1, info.get("ranks", 1))
        return ["[1,%d]<stdout>:step %d loss %.4f" % (k % ranks, k + 1, _loss(k + 1)) for k in range(b0, b1)]
    if kind == "worker":
        idx = info.get("index", 0)
        pid = 100 + idx
        return ["sshd[%d]: rank %d step %d allreduce 26214400 bytes in %d ms" % (pid, idx + 1, k + 1, 9 + (k * 7) % 13)
                for k in range(b0, b1)]
    if kind == "train":
        # the shape of the training-operator's PyTorch mnist example
        return ["Train Epoch: %d [%d/60000 (%d%%)]\tloss=%.4f" % (k // 100 + 1, (k % 100) * 600, k % 100,
                                                                  _loss(k + 1)) for k in range(b0, b1)]
    if kind == "wait":
        job, ns, w = info.get("job", "job"), info.get("ns", "default"), max(1, info.get("workers", 1))
        return ["ssh: connect to host %s-worker-%d.%s.%s.svc port 22: Connection refused (attempt %d)"
                % (job, k % w, job, ns, k // w + 1) for k in range(b0, b1)]
    return ["%s line %d" % (info.get("container", "log"), k + 1) for k in range(b0, b1)]


# ------------------------------------------------------------------ footers written at termination

def footer_success(src):
    steps = src.frozen or 0
    return ["[1,0]<stdout>:training finished after %d steps, final loss %.4f" % (steps, _loss(max(steps, 1))),
            "[1,0]<stdout>:summary: %d ranks, %d steps, exit status 0" % (max(1, src.info.get("ranks", 1)), steps)]


def footer_failure(src, rank=1):
    return ["[1,%d]<stderr>:Traceback (most recent call last):" % rank,
            "[1,%d]<stderr>:RuntimeError: NCCL communicator was aborted on rank %d" % (rank, rank),
            "--------------------------------------------------------------------------",
            "Primary job  terminated normally, but 1 process returned",
            "a non-zero exit code. Per user-direction, the job has been aborted.",
            "--------------------------------------------------------------------------",
            "mpirun detected that one or more processes exited with non-zero status, thus causing",
            "the job to be terminated. The first process to do so was:",
            "  Process name: [[1,1],%d]  Exit code: 1" % rank,
            "ERROR: mpirun exited with code 1"]


def footer_oom_launcher(src, job):
    return ["--------------------------------------------------------------------------",
            "mpirun noticed that process rank 1 with PID 0 on node %s-worker-0 exited on signal 9 (Killed)." % job,
            "--------------------------------------------------------------------------",
            "ERROR: mpirun exited with code 137"]


def footer_oom_worker(src):
    return ["[rank 1] allocating 4096 MiB for activation buffers",
            "[rank 1] allocating 8192 MiB for gradient buckets",
            "[rank 1] allocating 16384 MiB for optimizer state"]


def footer_train_success(src):
    steps = src.frozen or 0
    return ["Test set: Average loss: %.4f, Accuracy: 9871/10000 (99%%)" % _loss(max(steps, 1)),
            "training finished after %d steps" % steps]


def footer_train_failure(src):
    return ["Traceback (most recent call last):",
            '  File "/opt/train.py", line 88, in <module>',
            "    loss.backward()",
            "RuntimeError: NCCL error in: ProcessGroupNCCL.cpp:1275, unhandled system error",
            "ERROR: training exited with code 1"]


def footer_killed(src):
    return ["Received signal 15; terminating."]


class LogManager:
    def __init__(self):
        self.lock = threading.Lock()
        self.sources = {}
        self.followers = set()

    def reset(self):
        with self.lock:
            self.sources.clear()

    def start(self, pod_uid, container, src):
        with self.lock:
            runs = self.sources.setdefault((pod_uid, container), [])
            if runs and runs[-1].end is not None:
                # A restarted container's first line comes after the previous run's last one (its
                # footer is stamped 1 ms apart from `end`): a real kubelet never overlaps two runs,
                # and clients resuming by timestamp rely on it.
                last = runs[-1].end + len(runs[-1].footer) * HEADER_GAP
                if src.start <= last:
                    shift = last + HEADER_GAP - src.start
                    src.start += shift
                    src.body_start += shift
            runs.append(src)
        return src

    def instances(self, pod_uid, container):
        return self.sources.get((pod_uid, container)) or []

    def current(self, pod_uid, container):
        inst = self.instances(pod_uid, container)
        return inst[-1] if inst else None

    def previous(self, pod_uid, container):
        inst = self.instances(pod_uid, container)
        return inst[-2] if len(inst) > 1 else None

    def terminate_pod(self, pod_uid, end_ns, footer_fn=footer_killed):
        with self.lock:
            keys = [k for k in self.sources if k[0] == pod_uid]
        for k in keys:
            src = self.sources[k][-1]
            if not src.terminated():
                src.terminate(end_ns, footer_fn)

    def forget_pod(self, pod_uid):
        with self.lock:
            for k in [k for k in self.sources if k[0] == pod_uid]:
                for s in self.sources[k]:
                    if not s.terminated():
                        s.terminate(time.time_ns(), [])
                del self.sources[k]

    def add_follower(self, f):
        with self.lock:
            self.followers.add(f)

    def remove_follower(self, f):
        with self.lock:
            self.followers.discard(f)

    def drop_followers(self):
        with self.lock:
            fs = list(self.followers)
        for f in fs:
            f.drop()
        return len(fs)

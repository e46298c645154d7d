"""The loop every simulated operator shares (mpi-operator, training-operator, Trainer): objects the store reports
changed are synced, then each job (a SimJob) whose time has come takes its next step, in its own transaction. All
steps take `now` explicitly, so the same code fast-forwards seeded jobs through a virtual past."""

import math

from .txn import Txn


class SimController:
    def __init__(self, app):
        self.app = app
        self.jobs = {}
        self.dirty = set()

    def reset(self):
        self.jobs.clear()
        self.dirty.clear()

    # Subclasses say how a job is keyed and read, and how a changed object is synced.
    def key(self, sj):
        return (sj.ns, sj.name)

    def job_of(self, sj, txn):
        raise NotImplementedError

    def sync(self, entry, now):
        raise NotImplementedError

    def new_sim(self, res, obj, now):
        raise NotImplementedError

    def sync_object(self, res, ns, name, key, now, started):
        """A job changed in the store: track a new one (unless `started(obj)`: created with a status by a seed or a
        bulk load, not ours to drive), forget a deleted one, pass a spec change (a new generation) on."""
        e = self.app.store.get(res, ns, name)
        sj = self.jobs.get(key)
        if e is None:
            self.jobs.pop(key, None)
            return
        if sj is not None and sj.uid != e.obj["metadata"]["uid"]:
            sj = None
        if sj is None:
            if not started(e.obj):
                self.jobs[key] = self.new_sim(res, e.obj, now)
            return
        gen = e.obj["metadata"].get("generation", 1)
        if gen != sj.generation:
            sj.generation = gen
            txn = Txn(self.app.store)
            self.spec_changed(sj, txn.get(res, ns, name), now, txn)
            txn.flush()

    def tick(self, now):
        st = self.app.store
        with st.lock:
            dirty, self.dirty = self.dirty, set()
            for entry in dirty:
                self.sync(entry, now)
            for sj in list(self.jobs.values()):
                if sj.next_at <= now:
                    txn = Txn(st)
                    self.step(sj, now, txn)
                    txn.flush()

    def fast_forward(self, sj, until, txn, steady=()):
        """Run sj's steps in virtual time up to `until` (seeding and bulk)."""
        sj.virtual = True
        guard = 0
        while sj.next_at <= until and guard < 10000:
            guard += 1
            self.step(sj, sj.next_at, txn)
        sj.virtual = False
        if sj.phase in steady or sj.next_at > until:
            sj.next_at = max(sj.next_at, until)

    def step(self, sj, now, txn):
        job = self.job_of(sj, txn)
        if job is None or job["metadata"]["uid"] != sj.uid:
            self.jobs.pop(self.key(sj), None)
            return
        if job["metadata"].get("deletionTimestamp"):
            sj.next_at = math.inf
            return
        getattr(self, "ph_" + sj.phase)(sj, job, now, txn)

    def ph_stuck(self, sj, job, now, txn):
        sj.next_at = math.inf

    ph_ignored = ph_invalid = ph_done = ph_gone = ph_stuck

    # A kind's suspend field, and what suspending and resuming do (training-operator, Trainer).
    def suspend_requested(self, job):
        raise NotImplementedError

    def spec_changed(self, sj, job, now, txn):
        """A new generation: new annotations, and suspension turned on or off."""
        sj.read_annotations(job)
        if sj.phase == "invalid":
            sj.phase = "new"
            self.ph_new(sj, job, now, txn)
            return
        if sj.phase in ("ignored", "new", "done", "gone"):
            return
        suspend = self.suspend_requested(job)
        if suspend and sj.phase != "suspended":
            self._suspend(sj, job, now, txn)
        elif not suspend and sj.phase == "suspended":
            self._resume(sj, job, now, txn)

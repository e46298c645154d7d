import KubeClient
import Testing

@testable import MPIJobs

@Suite struct LogTargetsTests {
    func job(_ name: String = "pi", workers: Int = 2, launcherAsWorker: Bool = false,
             conditions: [(String, String)] = []) -> MPIJob {
        var object: JSON = [
            "apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
            "metadata": ["name": .string(name), "namespace": "team-a"],
            "spec": ["mpiReplicaSpecs": ["Worker": ["replicas": .int(workers)]]],
        ]
        if launcherAsWorker { object.set(.bool(true), at: ["spec", "runLauncherAsWorker"]) }
        object.set(.array(conditions.map { ["type": .string($0.0), "status": .string($0.1)] }), at: ["status", "conditions"])
        return MPIJob(object)
    }

    func pod(_ name: String, role: String, index: Int? = nil, created: String = "2026-11-24T01:00:00Z",
             phase: String = "Running", containers: [String] = ["mpi"], state: JSON = ["running": [:]]) -> JSON {
        var labels: JSON = [
            "training.kubeflow.org/job-name": "pi", "training.kubeflow.org/operator-name": "mpi-operator",
            "training.kubeflow.org/job-role": .string(role),
        ]
        if let index { labels.set(.string(String(index)), at: ["training.kubeflow.org/replica-index"]) }
        return [
            "metadata": ["name": .string(name), "namespace": "team-a", "uid": .string("uid-" + name),
                         "creationTimestamp": .string(created), "labels": labels],
            "spec": ["restartPolicy": "Never", "containers": .array(containers.map { ["name": .string($0)] })],
            "status": ["phase": .string(phase), "containerStatuses": .array(containers.map {
                ["name": .string($0), "restartCount": 0, "containerID": .string("c://" + name), "state": state]
            })],
        ]
    }

    @Test func launcherAttemptsOldestFirstWithHeaders() {
        var targets = LogTargets(job: job(), selection: .launcher, container: nil)
        let plan = targets.plan([
            pod("pi-launcher-bbbbb", role: "launcher", created: "2026-11-24T01:05:00Z"),
            pod("pi-launcher-aaaaa", role: "launcher", created: "2026-11-24T01:00:00Z", phase: "Failed",
                state: ["terminated": ["exitCode": 1]]),
            pod("pi-worker-0", role: "worker", index: 0),
        ])
        #expect(plan.targets.map(\.pod) == ["pi-launcher-aaaaa", "pi-launcher-bbbbb"])
        #expect(plan.targets.map(\.label) == ["launcher", "launcher"])
        #expect(plan.targets.map(\.header) == ["launcher attempt 1 of 2 (pi-launcher-aaaaa, Failed)",
                                               "launcher attempt 2 of 2 (pi-launcher-bbbbb, Running)"])
        #expect(plan.targets[0].state == .terminated(instance: "c://pi-launcher-aaaaa", final: true))
        #expect(plan.issues.isEmpty)
    }

    @Test func oneLauncherNeedsNoHeader() {
        var targets = LogTargets(job: job(), selection: .launcher, container: nil)
        let plan = targets.plan([pod("pi-launcher-aaaaa", role: "launcher")])
        #expect(plan.targets.count == 1 && plan.targets[0].header == nil)
    }

    @Test func workersByTheirIndexLabelNotTheirName() {
        var targets = LogTargets(job: job(workers: 12), selection: .allWorkers, container: nil)
        // Names deliberately disagree with the labels: only the labels count.
        let pods = [10, 2, 0, 1].map { pod("odd-name-\($0 * 7)", role: "worker", index: $0) }
            + [pod("pi-launcher-x", role: "launcher")]
        let plan = targets.plan(pods)
        #expect(plan.targets.map(\.label) == ["worker-0", "worker-1", "worker-2", "worker-10"])
        #expect(plan.targets.map(\.pod) == ["odd-name-0", "odd-name-7", "odd-name-14", "odd-name-70"])
        #expect(plan.issues.filter { if case .noPod = $0 { return true } else { return false } }.count == 8)
        #expect(plan.issues.first == .noPod(label: "worker-3"))
    }

    @Test func oneWorkerAndTheLauncherAsWorkerOffset() {
        // runLauncherAsWorker: worker i carries replica-index i+1, the launcher 0.
        var targets = LogTargets(job: job(launcherAsWorker: true), selection: .worker(1), container: nil)
        let plan = targets.plan([
            pod("pi-launcher-x", role: "launcher", index: 0),
            pod("pi-worker-0", role: "worker", index: 1),
            pod("pi-worker-1", role: "worker", index: 2),
        ])
        #expect(plan.targets.map(\.pod) == ["pi-worker-1"])
        #expect(plan.targets.map(\.label) == ["worker-1"])
    }

    @Test func allIsLauncherThenWorkers() {
        var targets = LogTargets(job: job(), selection: .all, container: nil) { label, slot in Array("\(label)#\(slot) ".utf8) }
        let plan = targets.plan([pod("pi-worker-1", role: "worker", index: 1), pod("pi-launcher-x", role: "launcher"),
                                 pod("pi-worker-0", role: "worker", index: 0)])
        #expect(plan.targets.map(\.label) == ["launcher", "worker-0", "worker-1"])
        #expect(plan.targets.map { String(decoding: $0.prefix, as: UTF8.self) } == ["launcher#0 ", "worker-0#1 ", "worker-1#2 "])
        #expect(targets.possibleLabels == ["launcher", "worker-1"])
    }

    @Test func containerChoice() {
        var defaults = LogTargets(job: job(), selection: .launcher, container: nil)
        let pods = [pod("pi-launcher-x", role: "launcher", containers: ["mpi-launcher", "sidecar"])]
        #expect(defaults.plan(pods).targets.map(\.container) == ["mpi-launcher"])
        var chosen = LogTargets(job: job(), selection: .launcher, container: "sidecar")
        #expect(chosen.plan(pods).targets.map(\.container) == ["sidecar"])
        var wrong = LogTargets(job: job(), selection: .launcher, container: "nosuch")
        let plan = wrong.plan(pods)
        #expect(plan.targets.isEmpty)
        #expect(plan.issues == [.noContainer(label: "launcher", pod: "pi-launcher-x", container: "nosuch",
                                             available: ["mpi-launcher", "sidecar"])])
    }

    @Test func workerIndexMustExist() {
        #expect(LogTargets.checkWorkerIndex(1, job: job()) == nil)
        #expect(LogTargets.checkWorkerIndex(9, job: job())
            == "mpijob \"pi\" has no worker 9: it has 2 workers (valid indexes: 0, 1)")
        #expect(LogTargets.checkWorkerIndex(200, job: job(workers: 128))?.hasSuffix("(valid indexes: 0 to 127)") == true)
        #expect(LogTargets.checkWorkerIndex(0, job: job(workers: 0)) == "mpijob \"pi\" has no workers")
    }

    @Test func followingSeesNewPodsChangesAndDeletions() {
        var targets = LogTargets(job: job(workers: 1), selection: .all, container: nil)
        var issues: [LogTargetIssue] = []
        let first = targets.observe([pod("pi-worker-0", role: "worker", index: 0,
                                         state: ["waiting": ["reason": "ContainerCreating"]])], initial: true, issues: &issues)
        guard case .add(let worker)? = first.first else {
            Issue.record("expected the worker to be added")
            return
        }
        #expect(worker.state == .waiting(reason: "ContainerCreating") && !worker.readFromStart)
        #expect(targets.missing() == [.noPod(label: "launcher")])
        // The same pod, now running: an update, not a second target.
        let started = targets.observe([pod("pi-worker-0", role: "worker", index: 0)], initial: false, issues: &issues)
        guard case .update(let id, let state)? = started.first, started.count == 1 else {
            Issue.record("expected one update, got \(started)")
            return
        }
        #expect(id == "uid-pi-worker-0" && state == .running(instance: "c://pi-worker-0"))
        // Nothing changed: nothing to say.
        #expect(targets.observe([pod("pi-worker-0", role: "worker", index: 0)], initial: false, issues: &issues).isEmpty)
        // The launcher created later is read from its start.
        let launcher = targets.observe([pod("pi-launcher-x", role: "launcher")], initial: false, issues: &issues)
        guard case .add(let late)? = launcher.first else {
            Issue.record("expected the launcher to be added")
            return
        }
        #expect(late.readFromStart && late.header == nil)
        // A deletion may carry the name only.
        let gone = targets.forget(["metadata": ["name": "pi-worker-0", "namespace": "team-a"]])
        guard case .update(let goneID, .gone)? = gone.first else {
            Issue.record("expected the worker to be gone")
            return
        }
        #expect(goneID == "uid-pi-worker-0")
        // A second launcher attempt says which it is.
        let second = targets.observe([pod("pi-launcher-y", role: "launcher", created: "2026-11-24T02:00:00Z")],
                                     initial: false, issues: &issues)
        guard case .add(let attempt)? = second.first else {
            Issue.record("expected the second launcher")
            return
        }
        #expect(attempt.header == "launcher attempt 2 of 2 (pi-launcher-y)")
        #expect(issues.isEmpty)
    }

    /// Pods as a real cluster answered (golden 29-31): OOMKilled, unschedulable, image pull.
    @Test func goldenPodsGiveTheirStates() throws {
        let oom = try Fixtures.goldenBody("29-pods-of-job.http")["items"]?.arrayValue ?? []
        var all = LogTargets(job: job("oom", workers: 1), selection: .allWorkers, container: nil)
        let oomPlan = all.plan(oom)
        #expect(oomPlan.targets.map(\.label) == ["worker-0"])
        if case .terminated(_, let final)? = oomPlan.targets.first?.state { #expect(final) } else {
            Issue.record("the OOMKilled worker should be terminated, got \(String(describing: oomPlan.targets.first?.state))")
        }
        let pending = try Fixtures.goldenBody("30-pods-pending.http")["items"]?.arrayValue ?? []
        var everything = LogTargets(job: job("pending"), selection: .all, container: nil)
        let pendingPlan = everything.plan(pending)
        #expect(pendingPlan.targets.map(\.label) == ["launcher", "worker-0", "worker-1"])
        // The scheduler's message (which resource is short) comes with the reason.
        for target in pendingPlan.targets {
            guard case .waiting(let reason) = target.state else {
                Issue.record("\(target.label) should be waiting, got \(target.state)")
                continue
            }
            #expect(reason.hasPrefix("Unschedulable ("))
            #expect(!reason.contains("preemption"))
        }
        let pull = try Fixtures.goldenBody("31-pods-imagepull.http")["items"]?.arrayValue ?? []
        var pulled = LogTargets(job: job("pull"), selection: .all, container: nil)
        let pullPlan = pulled.plan(pull)
        #expect(pullPlan.targets.map(\.state.hasStarted) == [true, false, false])
        #expect(pullPlan.targets[1].state == .waiting(reason: "ImagePullBackOff"))
    }
}

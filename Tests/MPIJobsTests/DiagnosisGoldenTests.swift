import KubeClient
import Testing

@testable import MPIJobs

/// Objects shaped like the recorded kube-apiserver answers in `apiserver-golden/`: jobs from
/// 11–13, pods from 29–31, events from 32–33. Tests change only the fields a rule reads.
enum DiagnosisFixture {
    /// 2026-11-24T01:23:00Z: shortly after the recording.
    static let now: Double = Timestamp.parse("2026-11-24T01:23:00Z") ?? 0

    static func goldenJob(_ file: String = "11-get-succeeded.http") throws -> JSON {
        try Fixtures.goldenBody(file)
    }

    /// A golden job renamed, with the given conditions (type, status, reason) and no pods' counts.
    static func job(name: String, conditions: [(String, String, String)] = [], created: String = "2026-11-24T01:21:46Z",
                    edit: (inout JSON) -> Void = { _ in }) throws -> MPIJob {
        var object = try goldenJob()
        object.set(.string(name), at: ["metadata", "name"])
        object.set(.string(created), at: ["metadata", "creationTimestamp"])
        object.set(.string("uid-\(name)"), at: ["metadata", "uid"])
        object.remove(at: ["status"])
        if !conditions.isEmpty {
            object.set(.array(conditions.enumerated().map { i, c in
                let time = Timestamp.format((Timestamp.parse(created) ?? 0) + Double(i * 5))
                return ["type": .string(c.0), "status": .string(c.1), "reason": .string(c.2),
                        "message": .string("\(c.0) \(c.2)"), "lastTransitionTime": .string(time)]
            }), at: ["status", "conditions"])
        }
        edit(&object)
        return MPIJob(object)
    }

    /// Edits containers[0] of the Worker template (JSON paths cannot index arrays).
    static func setWorkerContainer(_ object: inout JSON, _ edit: (inout JSON) -> Void) {
        let path = ["spec", "mpiReplicaSpecs", "Worker", "template", "spec", "containers"]
        var containers = object[path: "spec", "mpiReplicaSpecs", "Worker", "template", "spec", "containers"]?.arrayValue ?? []
        guard !containers.isEmpty else { return }
        edit(&containers[0])
        object.set(.array(containers), at: path)
    }

    static func goldenPods(_ file: String) throws -> [PodSummary] {
        try (Fixtures.goldenBody(file)["items"]?.arrayValue ?? []).map(PodSummary.init)
    }

    static func goldenPodObjects(_ file: String) throws -> [JSON] {
        try Fixtures.goldenBody(file)["items"]?.arrayValue ?? []
    }

    /// The namespace's recorded events that belong to `job` (as `describe` would select them).
    static func goldenEvents(job: MPIJob, pods: [PodSummary]) throws -> [JobEvent] {
        let all = try (Fixtures.goldenBody("33-events-namespace.http")["items"]?.arrayValue ?? []).map(JobEvent.init)
        let names = Set(pods.map(\.name))
        return JobEvents.merge(all.filter { JobEvents.belongs($0, job: job.name, podNames: names) }, job: job)
    }

    /// A pod of `job` with one container per entry: (name, status JSON).
    static func pod(job: String, role: String, index: Int? = nil, name: String? = nil, phase: String = "Running",
                    containers: [(String, JSON)], initContainers: [(String, JSON)] = [],
                    annotations: [String: String] = [:], conditions: [JSON] = [], memory: String? = "1Gi",
                    podReason: String? = nil, podMessage: String? = nil) -> PodSummary {
        var labels: JSON = [
            "training.kubeflow.org/job-name": .string(job), "training.kubeflow.org/job-role": .string(role),
            "training.kubeflow.org/operator-name": "mpi-operator",
        ]
        if let index { labels.set(.string(String(index)), at: ["training.kubeflow.org/replica-index"]) }
        let podName = name ?? (role == "worker" ? "\(job)-worker-\(index ?? 0)" : "\(job)-launcher-abcde")
        func spec(_ list: [(String, JSON)], sidecar: Bool) -> JSON {
            .array(list.map { c in
                var container: JSON = ["name": .string(c.0), "image": "mpioperator/mpi-pi:openmpi"]
                if let memory { container.set(.string(memory), at: ["resources", "limits", "memory"]) }
                if sidecar { container.set("Always", at: ["restartPolicy"]) }
                return container
            })
        }
        func statuses(_ list: [(String, JSON)]) -> JSON {
            .array(list.map { c in
                var status = c.1
                status.set(.string(c.0), at: ["name"])
                return status
            })
        }
        var object: JSON = [
            "metadata": ["name": .string(podName), "namespace": "golden", "labels": labels,
                         "creationTimestamp": "2026-11-24T01:21:48Z"],
            "spec": ["containers": spec(containers, sidecar: false), "nodeName": "sim-node-1"],
            "status": ["phase": .string(phase), "conditions": .array(conditions),
                       "containerStatuses": statuses(containers)],
        ]
        if !initContainers.isEmpty {
            object.set(spec(initContainers, sidecar: true), at: ["spec", "initContainers"])
            object.set(statuses(initContainers), at: ["status", "initContainerStatuses"])
        }
        if !annotations.isEmpty {
            var map = JSONObject()
            for (k, v) in annotations { map[k] = .string(v) }
            object.set(.object(map), at: ["metadata", "annotations"])
        }
        if let podReason { object.set(.string(podReason), at: ["status", "reason"]) }
        if let podMessage { object.set(.string(podMessage), at: ["status", "message"]) }
        return PodSummary(object)
    }

    static let running: JSON = ["state": ["running": ["startedAt": "2026-11-24T01:21:54Z"]], "ready": true,
                                "restartCount": 0]

    static func terminated(_ reason: String, _ code: Int, restarts: Int = 0) -> JSON {
        ["state": ["terminated": ["reason": .string(reason), "exitCode": .int(code),
                                  "finishedAt": "2026-11-24T01:21:56Z"]],
         "ready": false, "restartCount": .int(restarts)]
    }

    static func waiting(_ reason: String, _ message: String = "", last: JSON? = nil, restarts: Int = 0) -> JSON {
        var status: JSON = ["state": ["waiting": ["reason": .string(reason), "message": .string(message)]],
                            "ready": false, "restartCount": .int(restarts)]
        if let last { status.set(last, at: ["lastState", "terminated"]) }
        return status
    }

    static func event(_ type: String, _ reason: String, _ message: String, kind: String = "Pod", name: String,
                      at time: String = "2026-11-24T01:22:00Z", count: Int = 1, source: String = "kubelet") -> JobEvent {
        JobEvent([
            "metadata": ["name": .string("\(name).\(reason).\(time)"), "namespace": "golden"],
            "involvedObject": ["kind": .string(kind), "name": .string(name), "namespace": "golden"],
            "type": .string(type), "reason": .string(reason), "message": .string(message),
            "source": ["component": .string(source)], "count": .int(count),
            "firstTimestamp": .string(time), "lastTimestamp": .string(time),
        ])
    }

    static func findings(_ job: MPIJob, pods: [PodSummary] = [], events: [JobEvent] = [], now: Double = now) -> [Finding] {
        Diagnosis.findings(job: job, pods: pods, events: events, now: now)
    }
}

/// The rules against the recorded pods and events themselves.
@Suite struct DiagnosisGoldenTests {
    typealias F = DiagnosisFixture

    @Test func oomKilledWorkerFromGoldenPods() throws {
        let job = try F.job(name: "oom", conditions: [("Created", "True", "MPIJobCreated"), ("Running", "False", "MPIJobRunning"),
                                                      ("Failed", "True", "BackoffLimitExceeded/Error")])
        let pods = try F.goldenPods("29-pods-of-job.http")
        let findings = F.findings(job, pods: pods, events: try F.goldenEvents(job: job, pods: pods))
        let first = try #require(findings.first)
        #expect(first.rule == "oom-killed")
        #expect(first.severity == .error)
        #expect(first.cause.contains("oom-worker-0"))
        #expect(first.cause.contains("exit code 137"))
        #expect(first.cause.contains("memory limit 1Gi"))
        #expect(first.fix.contains("--memory"))
        #expect(first.fix.contains("Worker.template.spec.containers[0].resources.limits.memory"))
        // The launcher's end follows from the OOM: not a second, misleading cause.
        #expect(!findings.contains { $0.rule == "launcher-error" })
        #expect(!findings.contains { $0.rule == "failed" })
    }

    @Test func unschedulableForGPUsFromGoldenPodsAndEvents() throws {
        let job = try F.job(name: "pending", conditions: [("Created", "True", "MPIJobCreated")]) { object in
            F.setWorkerContainer(&object) { $0.set("1", at: ["resources", "limits", MPIJob.gpuResource]) }
        }
        let pods = try F.goldenPods("30-pods-pending.http")
        #expect(pods.allSatisfy { $0.reason == "Unschedulable" })
        let events = try F.goldenEvents(job: job, pods: pods)
        #expect(events.contains { $0.reason == "FailedScheduling" })
        let finding = try #require(F.findings(job, pods: pods, events: events).first { $0.rule == "unschedulable" })
        #expect(finding.cause.contains("0/1 nodes are available: 1 Insufficient nvidia.com/gpu."))
        #expect(!finding.cause.contains("preemption"))
        #expect(finding.cause.contains("pending-worker-0") && finding.cause.contains("pending-launcher-6kr2z"))
        #expect(finding.cause.contains("the job asks for 2 nvidia.com/gpu (1 per worker × 2)"))
        #expect(finding.fix.contains("--workers") && finding.fix.contains("--gpus-per-worker"))
        #expect(finding.fix.contains("--queue"))
    }

    @Test func imagePullFromGoldenPodsQuotesTheKubeletEvent() throws {
        let job = try F.job(name: "pull", conditions: [("Created", "True", "MPIJobCreated")])
        let pods = try F.goldenPods("31-pods-imagepull.http")
        let events = try F.goldenEvents(job: job, pods: pods)
        let findings = F.findings(job, pods: pods, events: events)
        let finding = try #require(findings.first)
        #expect(finding.rule == "image-pull")
        #expect(finding.cause.contains("pull-worker-0 and pull-worker-1"))
        #expect(finding.cause.contains("\"mpioperator/mpi-pi:openmpi\""))
        #expect(finding.cause.contains("ImagePullBackOff"))
        #expect(finding.cause.contains("pull access denied"))
        #expect(finding.fix.contains("imagePullSecrets"))
        // The launcher is Running: the job has not failed, so no launcher rule fires.
        #expect(!findings.contains { $0.rule.hasPrefix("launcher") })
    }

    @Test func failedLauncherWhosePodsAreGoneIsExplainedByItsEvents() throws {
        let job = MPIJob(try F.goldenJob("12-get-failed.http"))
        #expect(job.phase == .failed)
        let events = try F.goldenEvents(job: job, pods: [])
        #expect(events.contains { $0.reason == "BackOff" && $0.objectName == "failed-launcher-hbb2v" })
        let finding = try #require(F.findings(job, events: events).first { $0.rule == "launcher-error" })
        #expect(finding.cause.contains("BackoffLimitExceeded"))
        #expect(finding.cause.contains("pod/failed-launcher-hbb2v"))
        // The OnFailure launcher's pod went with the Job: no read of it can work any more.
        #expect(finding.cause.contains("its log is gone"))
        #expect(finding.cause.contains("backoff limit"))
        #expect(finding.fix.contains("restartPolicy: Never"))
        #expect(!finding.fix.contains("mpijob logs failed -n"))
    }

    @Test func runningGoldenJobIsHealthy() throws {
        let job = MPIJob(try F.goldenJob("13-get-running.http"))
        #expect(F.findings(job, pods: [], events: []).isEmpty)
        let done = MPIJob(try F.goldenJob("11-get-succeeded.http"))
        #expect(F.findings(done).isEmpty)
    }

    @Test func podSummariesFromGoldenPods() throws {
        let oom = try F.goldenPods("29-pods-of-job.http")[0]
        #expect(oom.role == .worker && oom.index == 0)
        #expect(oom.phase == "Failed" && oom.reason == "OOMKilled (exit 137)" && oom.exitCode == 137)
        #expect(oom.node == "sim-node-1" && oom.readyContainers == 0 && oom.totalContainers == 1)
        let pending = try F.goldenPods("30-pods-pending.http")
        #expect(pending[0].role == .launcher && pending[0].index == nil)
        #expect(pending[0].unschedulableMessage?.hasPrefix("0/1 nodes are available") == true)
        let pull = try F.goldenPods("31-pods-imagepull.http")
        #expect(pull[0].reason == nil && pull[0].isReady && pull[0].readyContainers == 1)
        #expect(pull[1].reason == "ImagePullBackOff")
        #expect(pull[1].message == "Back-off pulling image \"mpioperator/mpi-pi:openmpi\"")
        let ordered = PodSummary.ordered([pull[2], pull[1], pull[0]])
        #expect(ordered.map(\.name) == ["pull-launcher-nl5qt", "pull-worker-0", "pull-worker-1"])
    }

    @Test func eventsOfGoldenJobAreSelectedMergedAndSorted() throws {
        let job = MPIJob(try F.goldenJob("12-get-failed.http"))
        let events = try F.goldenEvents(job: job, pods: [])
        // The MPIJob, its launcher Job and its pods (the deleted launcher attempt included).
        #expect(Set(events.map(\.objectKind)) == ["MPIJob", "Job", "Pod"])
        #expect(events.allSatisfy { $0.objectName.hasPrefix("failed") })
        #expect(!events.contains { $0.objectName.hasPrefix("oom") || $0.objectName.hasPrefix("life") })
        let times = events.map(\.sortTime)
        #expect(times == times.sorted())
        let running = try #require(events.first { $0.reason == "MPIJobRunning" })
        #expect(running.count == 27)
        #expect(running.lastSeen == Timestamp.parse("2026-11-24T01:22:05Z"))
        #expect(running.firstSeen == Timestamp.parse("2026-11-24T01:21:50Z"))
        #expect(running.source == "mpi-job-controller")
        #expect(running.objectReference == "mpijob/failed")
        // Golden 32 is the per-object answer for the MPIJob: the same three events.
        let direct = try (Fixtures.goldenBody("32-events-of-job.http")["items"]?.arrayValue ?? []).map(JobEvent.init)
        #expect(Set(direct.map(\.name)).isSubset(of: Set(events.map(\.name))))
        // Pod names in the launcher Job's events name deleted attempts.
        #expect(JobEvents.podsNamed(in: events).contains("failed-launcher-hbb2v"))
    }

    @Test func eventsOfAnOlderJobWithTheSameNameAreDropped() throws {
        let job = try F.job(name: "failed", created: "2026-11-24T01:30:00Z")
        let all = try (Fixtures.goldenBody("33-events-namespace.http")["items"]?.arrayValue ?? []).map(JobEvent.init)
        let events = JobEvents.merge(all.filter { JobEvents.belongs($0, job: "failed", podNames: []) }, job: job)
        #expect(events.isEmpty)
    }

    @Test func podNamesThatBelongToAJob() {
        func pod(_ name: String) -> JobEvent { F.event("Normal", "Scheduled", "", name: name) }
        #expect(JobEvents.belongs(pod("pi-worker-12"), job: "pi", podNames: []))
        #expect(JobEvents.belongs(pod("pi-launcher-x7k2p"), job: "pi", podNames: []))
        #expect(!JobEvents.belongs(pod("pi-worker-worker-0"), job: "pi", podNames: []))
        #expect(!JobEvents.belongs(pod("pi-launcher-launcher-x7k2p"), job: "pi", podNames: []))
        #expect(!JobEvents.belongs(pod("pi2-worker-0"), job: "pi", podNames: []))
        #expect(JobEvents.belongs(pod("custom"), job: "pi", podNames: ["custom"]))
        #expect(JobEvents.belongs(F.event("Normal", "Completed", "", kind: "Job", name: "pi-launcher"), job: "pi", podNames: []))
        #expect(!JobEvents.belongs(F.event("Normal", "Completed", "", kind: "Job", name: "pi"), job: "pi", podNames: []))
    }
}

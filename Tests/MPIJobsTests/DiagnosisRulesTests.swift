import KubeClient
import Testing

@testable import MPIJobs

/// Every rule: it fires on its evidence (and cites it), and stays quiet without it.
@Suite struct DiagnosisRulesTests {
    typealias F = DiagnosisFixture

    static let created: [(String, String, String)] = [("Created", "True", "MPIJobCreated")]
    static let running: [(String, String, String)] = created + [("Running", "True", "MPIJobRunning")]
    static let failed: [(String, String, String)] = created + [("Running", "False", "MPIJobRunning"),
                                                               ("Failed", "True", "BackoffLimitExceeded/Error")]
    static let succeeded: [(String, String, String)] = created + [("Running", "False", "MPIJobRunning"),
                                                                  ("Succeeded", "True", "MPIJobSucceeded")]

    func rules(_ findings: [Finding]) -> [String] { findings.map(\.rule) }

    // MARK: OOM

    @Test func oomKilledAfterARestartIsSeenInLastState() throws {
        let job = try F.job(name: "j", conditions: Self.running)
        let worker = F.pod(job: "j", role: "worker", index: 1, containers: [
            ("mpi-worker", ["state": ["running": [:]], "ready": true, "restartCount": 2,
                            "lastState": ["terminated": ["reason": "OOMKilled", "exitCode": 137]]]),
        ], memory: "2Gi")
        let finding = try #require(F.findings(job, pods: [worker]).first)
        #expect(finding.rule == "oom-killed")
        #expect(finding.cause.contains("j-worker-1") && finding.cause.contains("(and restarted)"))
        #expect(finding.cause.contains("memory limit 2Gi"))
        #expect(worker.reason == "restarted after OOMKilled (exit 137)" && worker.restarts == 2)
    }

    @Test func oomKilledLauncherPointsAtLauncherMemory() throws {
        let job = try F.job(name: "j", conditions: Self.failed)
        let launcher = F.pod(job: "j", role: "launcher", phase: "Failed",
                             containers: [("mpi-launcher", F.terminated("OOMKilled", 137))], memory: nil)
        let finding = try #require(F.findings(job, pods: [launcher]).first)
        #expect(finding.rule == "oom-killed")
        #expect(finding.cause.hasPrefix("launcher pod j-launcher-abcde"))
        #expect(finding.cause.contains("no memory limit set"))
        #expect(finding.fix.contains("--launcher-memory") && finding.fix.contains("Launcher.template"))
    }

    @Test func oomKillingEventOutlivesTheDeletedPod() throws {
        let job = try F.job(name: "j", conditions: Self.failed)
        let event = F.event("Warning", "OOMKilling", "Memory cgroup out of memory: Killed process 4242 (python3)",
                            name: "j-worker-0")
        let finding = try #require(F.findings(job, events: [event]).first)
        #expect(finding.rule == "oom-killed")
        #expect(finding.cause.contains("j-worker-0") && finding.cause.contains("Killed process 4242"))
        #expect(finding.cause.contains("memory limit 1Gi"))
        #expect(finding.fix.contains("--memory"))
    }

    @Test func noOOMWithoutEvidence() throws {
        let job = try F.job(name: "j", conditions: Self.running)
        let worker = F.pod(job: "j", role: "worker", index: 0, containers: [("mpi-worker", F.running)])
        #expect(F.findings(job, pods: [worker]).isEmpty)
    }

    // MARK: Images

    @Test func errImagePullNamesTheImage() throws {
        let job = try F.job(name: "j", conditions: Self.created)
        let worker = F.pod(job: "j", role: "worker", index: 0, phase: "Pending",
                           containers: [("mpi-worker", F.waiting("ErrImagePull", "rpc error: not found"))])
        let finding = try #require(F.findings(job, pods: [worker]).first)
        #expect(finding.rule == "image-pull")
        #expect(finding.cause == "pod j-worker-0 cannot pull image \"mpioperator/mpi-pi:openmpi\" (ErrImagePull)")
        #expect(finding.fix.contains("image name and tag"))
    }

    @Test func invalidImageNameAsksToFixTheReference() throws {
        let job = try F.job(name: "j", conditions: Self.created)
        let worker = F.pod(job: "j", role: "worker", index: 0, phase: "Pending",
                           containers: [("mpi-worker", F.waiting("InvalidImageName"))])
        let finding = try #require(F.findings(job, pods: [worker]).first)
        #expect(finding.rule == "image-pull" && finding.fix.hasPrefix("fix the image reference"))
    }

    // MARK: Scheduling

    @Test func insufficientResourcesAreParsed() {
        #expect(DiagnosisRules.insufficientResources(
            "0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available") == ["nvidia.com/gpu"])
        #expect(DiagnosisRules.insufficientResources(
            "0/5 nodes are available: 2 Insufficient cpu, 3 Insufficient memory.") == ["cpu", "memory"])
        #expect(DiagnosisRules.insufficientResources("0/2 nodes are available: 2 node(s) had untolerated taint").isEmpty)
    }

    func pendingPod(_ message: String) -> PodSummary {
        F.pod(job: "j", role: "worker", index: 0, phase: "Pending", containers: [("mpi-worker", [:])],
              conditions: [["type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": .string(message)]])
    }

    @Test func unschedulableForCPUSuggestsSmallerRequests() throws {
        let job = try F.job(name: "j", conditions: Self.created)
        let message = "0/3 nodes are available: 3 Insufficient cpu."
        let events = [F.event("Warning", "FailedScheduling", message, name: "j-worker-0", count: 4, source: "default-scheduler")]
        let finding = try #require(F.findings(job, pods: [pendingPod(message)], events: events).first)
        #expect(finding.rule == "unschedulable")
        #expect(finding.cause.contains("pod j-worker-0 cannot be scheduled") && finding.cause.contains("x4"))
        #expect(finding.cause.contains("each worker asks for cpu 1, memory 1Gi"))
        #expect(finding.fix.contains("--cpu") && finding.fix.contains("fewer workers"))
    }

    @Test func unschedulableByTaintsPointsAtPlacement() throws {
        let job = try F.job(name: "j", conditions: Self.created)
        let pod = pendingPod("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.")
        let finding = try #require(F.findings(job, pods: [pod]).first)
        #expect(finding.rule == "unschedulable" && finding.fix.contains("nodeSelector"))
        #expect(pod.reason == "Unschedulable")
    }

    @Test func scheduledPodsAreNotUnschedulable() throws {
        let job = try F.job(name: "j", conditions: Self.running)
        let event = F.event("Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu.", name: "j-worker-0")
        let pod = F.pod(job: "j", role: "worker", index: 0, containers: [("mpi-worker", F.running)])
        // An old FailedScheduling event for a pod that has since been placed: not a problem now.
        #expect(!rules(F.findings(job, pods: [pod], events: [event])).contains("unschedulable"))
    }

    // MARK: Kueue and suspension

    @Test func queuedByKueueWaitsForAdmission() throws {
        let job = try F.job(name: "j", conditions: Self.created + [("Suspended", "True", "MPIJobSuspended")]) { object in
            object.set("team-q", at: ["metadata", "labels", MPIJob.queueLabel])
            object.set(true, at: ["spec", "runPolicy", "suspend"])
        }
        let findings = F.findings(job)
        #expect(rules(findings) == ["queued"])
        #expect(findings[0].severity == .info)
        #expect(findings[0].cause.contains("\"team-q\"") && findings[0].cause.contains("admission"))
        #expect(findings[0].fix.contains("kubectl get localqueue team-q -n golden"))
    }

    @Test func admittedByKueue() throws {
        let job = try F.job(name: "j", conditions: Self.running + [("Suspended", "False", "MPIJobResumed")]) { object in
            object.set("team-q", at: ["metadata", "labels", MPIJob.queueLabel])
        }
        let findings = F.findings(job)
        #expect(rules(findings) == ["admitted"])
        #expect(findings[0].cause.contains("admitted by Kueue LocalQueue \"team-q\""))
    }

    @Test func suspendedByHandSaysHowToResume() throws {
        let job = try F.job(name: "j", conditions: Self.created + [("Suspended", "True", "MPIJobSuspended")]) { object in
            object.set(true, at: ["spec", "runPolicy", "suspend"])
        }
        let finding = try #require(F.findings(job).first)
        #expect(finding.rule == "suspended" && finding.severity == .warning)
        #expect(finding.fix.contains("kubectl patch mpijob j -n golden --type merge"))
        #expect(finding.fix.contains("\"suspend\":false"))
    }

    // MARK: The operator

    @Test func validationErrorIsQuoted() throws {
        let job = try F.job(name: "j")
        let message = "Found validation errors: spec.mpiReplicaSpecs[Worker].restartPolicy: Unsupported value: \"Always\""
        let event = F.event("Warning", "ValidationError", message, kind: "MPIJob", name: "j", source: "mpi-job-controller")
        let findings = F.findings(job, events: [event], now: F.now + 600)
        #expect(rules(findings) == ["validation-error"])
        #expect(findings[0].cause.contains(message))
        #expect(findings[0].fix.contains("recreate"))
    }

    @Test func neverPickedUpAfterAMinute() throws {
        let job = try F.job(name: "j", created: "2026-11-24T01:21:00Z")
        let created = try #require(Timestamp.parse("2026-11-24T01:21:00Z"))
        let late = F.findings(job, now: created + 120)
        #expect(rules(late) == ["never-picked-up"])
        #expect(late[0].cause.contains("2m"))
        #expect(late[0].fix.contains("kubectl get deploy -n mpi-operator"))
        #expect(F.findings(job, now: created + 20).isEmpty)
    }

    @Test func managedByAnotherControllerIsIgnoredByTheOperator() throws {
        let job = try F.job(name: "j", created: "2026-11-24T01:00:00Z") { object in
            object.set("foo", at: ["spec", "runPolicy", "managedBy"])
        }
        let findings = F.findings(job)
        #expect(rules(findings) == ["managed-by-other"])
        #expect(findings[0].cause.contains("\"foo\""))
        let multi = try F.job(name: "j", created: "2026-11-24T01:00:00Z") { object in
            object.set("kueue.x-k8s.io/multikueue", at: ["spec", "runPolicy", "managedBy"])
        }
        #expect(rules(F.findings(multi)) == ["managed-by-multikueue"])
        let ours = try F.job(name: "j", conditions: Self.running) { object in
            object.set("kubeflow.org/mpi-operator", at: ["spec", "runPolicy", "managedBy"])
        }
        #expect(F.findings(ours).isEmpty)
    }

    @Test func resourceExistsIsQuoted() throws {
        let job = try F.job(name: "j", conditions: Self.created)
        let message = "Resource \"j-config\" of Kind \"ConfigMap\" already exists and is not managed by MPIJob"
        let event = F.event("Warning", "ErrResourceExists", message, kind: "MPIJob", name: "j", source: "mpi-job-controller")
        let finding = try #require(F.findings(job, events: [event]).first)
        #expect(finding.rule == "resource-exists" && finding.cause.contains(message))
    }

    @Test func istioSidecarOnAnyPod() throws {
        let job = try F.job(name: "j", conditions: Self.running)
        let injected = F.pod(job: "j", role: "worker", index: 0,
                             containers: [("mpi-worker", F.running), ("istio-proxy", F.running)])
        let annotated = F.pod(job: "j", role: "launcher", containers: [("mpi-launcher", F.running)],
                              annotations: ["sidecar.istio.io/status": "{\"containers\":[\"istio-proxy\"]}"])
        let native = F.pod(job: "j", role: "worker", index: 1, containers: [("mpi-worker", F.running)],
                           initContainers: [("istio-proxy", F.running)])
        let finding = try #require(F.findings(job, pods: [annotated, injected, native]).first)
        #expect(finding.rule == "istio-sidecar")
        #expect(finding.cause.contains("j-launcher-abcde, j-worker-0 and j-worker-1"))
        #expect(finding.fix.contains("sidecar.istio.io/inject: \"false\""))
        // A running native sidecar does not hold the pod in Init.
        #expect(native.reason == nil)
        let plain = F.pod(job: "j", role: "worker", index: 0, containers: [("mpi-worker", F.running)])
        #expect(F.findings(job, pods: [plain]).isEmpty)
    }

    // MARK: Launcher and workers

    @Test func launcherFailedWhileWorkersNeverBecameReady() throws {
        let job = try F.job(name: "j", conditions: Self.created + [("Failed", "True", "BackoffLimitExceeded/Error")])
        let launcher = F.pod(job: "j", role: "launcher", phase: "Failed", containers: [("mpi-launcher", F.terminated("Error", 1))])
        let workers = (0..<2).map { i in
            F.pod(job: "j", role: "worker", index: i, phase: "Pending",
                  containers: [("mpi-worker", F.waiting("ContainerCreating"))])
        }
        let findings = F.findings(job, pods: [launcher] + workers)
        let finding = try #require(findings.first { $0.rule == "launcher-failed-workers-not-ready" })
        #expect(finding.cause.contains("BackoffLimitExceeded/Error"))
        #expect(finding.cause.contains("j-worker-0 Pending: ContainerCreating"))
        #expect(finding.fix.contains("WaitForWorkersReady"))
        #expect(rules(findings).contains("launcher-error"))
    }

    @Test func launcherFailedWithWorkersGoneAndNoRunningCondition() throws {
        let job = try F.job(name: "j", conditions: Self.created + [("Failed", "True", "BackoffLimitExceeded/Error")])
        #expect(rules(F.findings(job)).contains("launcher-failed-workers-not-ready"))
        // Once Running was set, every worker did run.
        let ran = try F.job(name: "j", conditions: Self.failed)
        #expect(!rules(F.findings(ran)).contains("launcher-failed-workers-not-ready"))
    }

    @Test func readyWorkersDoNotBlameTheWorkers() throws {
        let job = try F.job(name: "j", conditions: Self.failed)
        let launcher = F.pod(job: "j", role: "launcher", phase: "Failed", containers: [("mpi-launcher", F.terminated("Error", 1))])
        let worker = F.pod(job: "j", role: "worker", index: 0, containers: [("mpi-worker", F.running)],
                           conditions: [["type": "Ready", "status": "True"]])
        #expect(!rules(F.findings(job, pods: [launcher, worker])).contains("launcher-failed-workers-not-ready"))
    }

    @Test func launcherCrashLoopBackOffWithExitCode() throws {
        let job = try F.job(name: "j", conditions: Self.running)
        let launcher = F.pod(job: "j", role: "launcher", phase: "Running", containers: [
            ("mpi-launcher", F.waiting("CrashLoopBackOff", "back-off 40s restarting failed container",
                                       last: ["reason": "Error", "exitCode": 2], restarts: 3)),
        ])
        #expect(launcher.reason == "CrashLoopBackOff")
        let finding = try #require(F.findings(job, pods: [launcher]).first)
        #expect(finding.rule == "launcher-error")
        #expect(finding.cause == "launcher pod j-launcher-abcde is in CrashLoopBackOff after exiting with code 2 (Error), restarted 3 times")
        #expect(finding.fix.contains("kubectl odh mpijob logs j -n golden (--previous"))
    }

    @Test func launcherErrorExitCodeIsCited() throws {
        let job = try F.job(name: "j", conditions: Self.failed)
        let launcher = F.pod(job: "j", role: "launcher", phase: "Failed", containers: [("mpi-launcher", F.terminated("Error", 137))])
        let finding = try #require(F.findings(job, pods: [launcher]).first)
        #expect(finding.rule == "launcher-error" && finding.severity == .error)
        #expect(finding.cause.contains("exited with code 137 (Error; 137 = killed by SIGKILL"))
        #expect(launcher.reason == "Error (exit 137)" && launcher.exitCode == 137)
    }

    @Test func workerErrorPointsAtItsLogs() throws {
        let job = try F.job(name: "j", conditions: Self.running)
        let worker = F.pod(job: "j", role: "worker", index: 3, phase: "Failed", containers: [("mpi-worker", F.terminated("Error", 255))])
        let finding = try #require(F.findings(job, pods: [worker]).first)
        #expect(finding.rule == "worker-error")
        #expect(finding.cause.contains("j-worker-3 exited with code 255"))
        #expect(finding.fix.contains("--worker 3"))
    }

    @Test func deadlineExceeded() throws {
        let job = try F.job(name: "j", conditions: Self.created + [("Running", "False", "MPIJobRunning"),
                                                                   ("Failed", "True", "DeadlineExceeded")]) { object in
            object.set(600, at: ["spec", "runPolicy", "activeDeadlineSeconds"])
        }
        let finding = try #require(F.findings(job).first)
        #expect(finding.rule == "deadline-exceeded")
        #expect(finding.cause.contains("activeDeadlineSeconds (10m)"))
        #expect(finding.fix.contains("--active-deadline"))
    }

    @Test func evictedWorker() throws {
        let job = try F.job(name: "j", conditions: Self.created + [("Failed", "True", "MPIJobEvicted")])
        let worker = F.pod(job: "j", role: "worker", index: 0, phase: "Failed", containers: [("mpi-worker", [:])],
                           podReason: "Evicted", podMessage: "The node was low on resource: memory.")
        let finding = try #require(F.findings(job, pods: [worker]).first { $0.rule == "evicted" })
        #expect(finding.cause.contains("j-worker-0 was evicted") && finding.cause.contains("low on resource: memory"))
    }

    // MARK: After the end

    @Test func cleanPodPolicyNoneLeavesWorkersRunning() throws {
        let job = try F.job(name: "j", conditions: Self.succeeded) { object in
            object.remove(at: ["spec", "runPolicy", "cleanPodPolicy"])
            F.setWorkerContainer(&object) { $0.set("2", at: ["resources", "limits", MPIJob.gpuResource]) }
        }
        let workers = (0..<2).map { F.pod(job: "j", role: "worker", index: $0, containers: [("mpi-worker", F.running)]) }
        let finding = try #require(F.findings(job, pods: workers).first)
        #expect(finding.rule == "workers-left-running" && finding.severity == .warning)
        #expect(finding.cause.contains("not set (the operator's default is None)"))
        #expect(finding.cause.contains("j-worker-0 and j-worker-1") && finding.cause.contains("(4 GPUs)"))
        #expect(finding.fix.contains("training.kubeflow.org/job-role=worker"))
        #expect(finding.fix.contains("cleanPodPolicy: Running"))
        // With Running, the operator deletes them itself: nothing to say.
        let cleaned = try F.job(name: "j", conditions: Self.succeeded)
        #expect(F.findings(cleaned, pods: workers).isEmpty)
        // While the job runs, running workers are the point.
        let live = try F.job(name: "j", conditions: Self.running) { $0.remove(at: ["spec", "runPolicy", "cleanPodPolicy"]) }
        #expect(F.findings(live, pods: workers).isEmpty)
    }

    @Test func unexplainedFailureStillSaysWhyAndWhereToLook() throws {
        let job = try F.job(name: "j", conditions: Self.created + [("Running", "False", "MPIJobRunning"),
                                                                   ("Failed", "True", "MPIJobFailed")])
        let findings = F.findings(job)
        #expect(rules(findings) == ["failed"])
        #expect(findings[0].cause.contains("MPIJobFailed"))
        // No launcher pod is left, and nothing in the job says what removed it: no read is offered.
        #expect(findings[0].cause.contains("nothing in the job says by what"))
        #expect(!findings[0].fix.contains("mpijob logs"))
        // While the launcher pod exists, its log is where to look.
        let launcher = F.pod(job: "j", role: "launcher", index: nil, containers: [("mpi-launcher", F.running)])
        let kept = F.findings(job, pods: [launcher])
        #expect(kept.first?.fix.contains("kubectl odh mpijob logs j") == true)
    }

    @Test func errorsComeBeforeWarningsAndInfo() throws {
        let job = try F.job(name: "j", conditions: Self.running + [("Suspended", "False", "MPIJobResumed")]) { object in
            object.set("team-q", at: ["metadata", "labels", MPIJob.queueLabel])
        }
        let worker = F.pod(job: "j", role: "worker", index: 0, containers: [("mpi-worker", F.running), ("istio-proxy", F.running)])
        let oom = F.pod(job: "j", role: "worker", index: 1, phase: "Failed", containers: [("mpi-worker", F.terminated("OOMKilled", 137))])
        let severities = F.findings(job, pods: [worker, oom]).map(\.severity)
        #expect(severities == severities.sorted())
        #expect(rules(F.findings(job, pods: [worker, oom])) == ["oom-killed", "istio-sidecar", "admitted"])
    }
}

import KubeClient
import Testing

@testable import MPIJobs

/// Kueue objects shaped as kube-apiserver serves them (kueue.x-k8s.io/v1beta2, v0.19.2 types).
enum KueueFixture {
    static func condition(_ type: String, _ status: String, _ reason: String, _ message: String,
                          at time: String = "2026-11-24T01:22:00Z") -> JSON {
        ["type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
         "lastTransitionTime": .string(time)]
    }

    static func workload(job: MPIJob, queue: String = "user-queue", active: Bool = true, conditions: [JSON] = [],
                         admittedBy: String? = nil, workerTemplate: JSON? = nil) -> Workload {
        var object: JSON = [
            "apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "Workload",
            "metadata": [
                "name": .string("mpijob-\(job.name)-1a2b3"), "namespace": .string(job.namespace), "uid": "wl-uid",
                "resourceVersion": "41",
                "labels": ["kueue.x-k8s.io/job-uid": .string(job.uid ?? "")],
                "ownerReferences": [["apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob", "name": .string(job.name),
                                     "uid": .string(job.uid ?? ""), "controller": true, "blockOwnerDeletion": true]],
            ],
            "spec": ["active": .bool(active), "queueName": .string(queue), "priority": 0, "podSets": [
                ["name": "launcher", "count": 1, "template": ["spec": ["containers": [["name": "l", "image": "i"]]]]],
                ["name": "worker", "count": 2, "template": workerTemplate ?? ["spec": ["containers": [["name": "w", "image": "i"]]]]],
            ]],
        ]
        object.set(.array(conditions), at: ["status", "conditions"])
        if let admittedBy {
            object.set(["clusterQueue": .string(admittedBy), "podSetAssignments": [
                ["name": "launcher", "flavors": ["cpu": "default-flavor"], "count": 1],
                ["name": "worker", "flavors": ["cpu": "default-flavor", "nvidia.com/gpu": "default-flavor"], "count": 2],
            ]], at: ["status", "admission"])
        }
        return Workload(object)
    }

    static func clusterQueue(gpus: String = "4", usedGPUs: String = "4", active: Bool = true) -> ClusterQueue {
        var object: JSON = [
            "apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ClusterQueue", "metadata": ["name": "team-cq"],
            "spec": ["resourceGroups": [[
                "coveredResources": ["cpu", "memory", "nvidia.com/gpu"],
                "flavors": [["name": "default-flavor", "resources": [
                    ["name": "cpu", "nominalQuota": "16"], ["name": "memory", "nominalQuota": "64Gi"],
                    ["name": "nvidia.com/gpu", "nominalQuota": .string(gpus)],
                ]]],
            ]]],
            "status": ["flavorsUsage": [["name": "default-flavor", "resources": [
                ["name": "cpu", "total": "3"], ["name": "memory", "total": "3Gi"],
                ["name": "nvidia.com/gpu", "total": .string(usedGPUs)],
            ]]]],
        ]
        object.set(.array([active ? condition("Active", "True", "Ready", "Can admit new workloads")
                                  : condition("Active", "False", "FlavorNotFound",
                                              "Can't admit new workloads: references missing ResourceFlavor(s): [a100].")]),
                   at: ["status", "conditions"])
        return ClusterQueue(object)
    }

    static func localQueue(_ name: String = "user-queue", clusterQueue: String = "team-cq") -> LocalQueue {
        LocalQueue(["metadata": ["name": .string(name), "namespace": "golden"],
                    "spec": ["clusterQueue": .string(clusterQueue), "stopPolicy": "None"]])
    }

    /// A queued job (queue label, suspended, Suspended=True) from the golden recording.
    static func queuedJob(gpusPerWorker: Int = 2) throws -> MPIJob {
        try DiagnosisFixture.job(name: "q", conditions: [("Created", "True", "MPIJobCreated"),
                                                        ("Suspended", "True", "MPIJobSuspended")]) { object in
            object.set(["kueue.x-k8s.io/queue-name": "user-queue"], at: ["metadata", "labels"])
            object.set(true, at: ["spec", "runPolicy", "suspend"])
            DiagnosisFixture.setWorkerContainer(&object) { container in
                container.set(.string(String(gpusPerWorker)), at: ["resources", "limits", "nvidia.com/gpu"])
            }
        }
    }

    static let waiting = "couldn't assign flavors to pod set worker: insufficient unused quota for nvidia.com/gpu in flavor default-flavor, 4 more needed"
}

@Suite struct KueueStateTests {
    typealias K = KueueFixture

    @Test func theWorkloadDecidesQueuedAdmittedAndSuspended() throws {
        let job = try K.queuedJob()
        #expect(job.phase == .queued)
        #expect(job.phase(workload: nil) == .queued)
        let pending = K.workload(job: job, conditions: [K.condition("QuotaReserved", "False", "Pending", K.waiting)])
        #expect(pending.state == .pending && job.phase(workload: pending) == .queued)
        let admitted = K.workload(job: job, conditions: [
            K.condition("QuotaReserved", "True", "QuotaReserved", "Quota reserved in ClusterQueue team-cq"),
            K.condition("Admitted", "True", "Admitted", "The workload is admitted"),
        ], admittedBy: "team-cq")
        #expect(admitted.state == .admitted && job.phase(workload: admitted) == .admitted)
        let inactive = K.workload(job: job, active: false)
        #expect(inactive.state == .inactive && job.phase(workload: inactive) == .suspended)
        let finished = K.workload(job: job, conditions: [K.condition("Finished", "True", "Succeeded", "")])
        #expect(finished.state == .finished && job.phase(workload: finished) == .queued)
        // A running job stays Running whatever the Workload says in passing.
        let running = try DiagnosisFixture.job(name: "r", conditions: [("Created", "True", "MPIJobCreated"),
                                                                       ("Running", "True", "MPIJobRunning")])
        #expect(running.phase(workload: pending) == .running)
    }

    @Test func indexFindsWorkloadsByOwnerAndNamesTheClusterQueue() throws {
        let job = try K.queuedJob()
        let other = try DiagnosisFixture.job(name: "plain")
        let index = QueueIndex(workloads: [K.workload(job: job)], localQueues: [K.localQueue()])
        #expect(index.workload(for: job)?.name == "mpijob-q-1a2b3")
        #expect(index.workload(for: other) == nil)
        #expect(index.clusterQueue(for: job) == "team-cq")
        #expect(index.clusterQueue(for: other) == nil)
        let admitted = QueueIndex(workloads: [K.workload(job: job, admittedBy: "other-cq")])
        #expect(admitted.clusterQueue(for: job) == "other-cq")
    }

    @Test func aWatchedWorkloadReplacesTheOneReadAndItsDeletionForgetsIt() throws {
        let job = try K.queuedJob()
        var index = QueueIndex(workloads: [K.workload(job: job)])
        #expect(index.phase(of: job) == .queued)
        // Deactivated (a queued job suspended): the job itself is untouched, the row says Suspended.
        index.apply(K.workload(job: job, active: false), deleted: false)
        #expect(index.phase(of: job) == .suspended)
        index.apply(K.workload(job: job, active: true), deleted: false)
        #expect(index.phase(of: job) == .queued)
        index.apply(K.workload(job: job, admittedBy: "team-cq"), deleted: true)
        #expect(index.workload(for: job) == nil)
        // A Workload that names no owner is nobody's.
        index.apply(Workload(["metadata": ["name": "orphan"]]), deleted: false)
        #expect(index.workload(for: job) == nil)
    }

    @Test func quotaRowsShowUsedAndNominalForWhatTheJobAsks() throws {
        let rows = try QueueFacts.quotaRows(K.clusterQueue(), requests: [
            "nvidia.com/gpu": Quantity(4), "cpu": Quantity(3), "example.com/fpga": Quantity(1), "memory": .zero,
        ])
        #expect(rows.map(\.resource) == ["cpu", "example.com/fpga", "nvidia.com/gpu"])
        let gpu = try #require(rows.last)
        #expect(gpu.flavor == "default-flavor" && gpu.nominal == Quantity(4) && gpu.used == Quantity(4))
        #expect(gpu.free == .zero && !gpu.fits)
        #expect(rows[0].fits && rows[0].free == Quantity(13))
        #expect(rows[1].flavor == nil && !rows[1].fits)
    }

    @Test func theNewestServedVersionIsRead() {
        func group(_ versions: [String]) -> JSON {
            ["kind": "APIGroup", "name": "kueue.x-k8s.io",
             "versions": .array(versions.map { ["groupVersion": .string("kueue.x-k8s.io/\($0)"), "version": .string($0)] })]
        }
        #expect(KueueAPI.known(in: group(["v1beta1", "v1beta2"])) == "v1beta2")
        #expect(KueueAPI.known(in: group(["v1beta1"])) == "v1beta1")
        #expect(KueueAPI.known(in: group(["v1alpha1"])) == nil)
        let old = KueueAPI(version: "v1beta1")
        #expect(old.workloadsPath(namespace: "team-a") == "/apis/kueue.x-k8s.io/v1beta1/namespaces/team-a/workloads")
        #expect(old.pendingWorkloadsPath(namespace: "a", localQueue: "q") == nil)
        let visible = KueueAPI(version: "v1beta2", visibilityVersion: "v1beta1")
        #expect(visible.pendingWorkloadsPath(namespace: "a", localQueue: "q")
                == "/apis/visibility.kueue.x-k8s.io/v1beta1/namespaces/a/localqueues/q/pendingworkloads")
    }

    @Test func preemptionMessagesNameTheWorkloadAndJob() {
        let message = "Preempted to accommodate a workload (UID: 27a, JobUID: 06f) due to prioritization in the ClusterQueue; preemptor path: /team-cq; preemptee path: /team-cq"
        #expect(QueueDescriber.field("UID", in: message) == "27a")
        #expect(QueueDescriber.field("JobUID", in: message) == "06f")
        #expect(QueueDescriber.field("JobUID", in: "Preempted to accommodate a workload (UID: x, JobUID: UNKNOWN)") == nil)
    }
}

@Suite struct KueueDiagnosisTests {
    typealias K = KueueFixture

    func findings(_ job: MPIJob, _ queue: QueueFacts) -> [Finding] {
        Diagnosis.findings(job: job, pods: [], events: [], now: DiagnosisFixture.now, queue: queue)
    }

    @Test func aMistypedQueueIsAnErrorThatSuggestsTheRightOne() throws {
        let job = try K.queuedJob()
        var queue = QueueFacts(
            queueName: "user-qeue",
            workload: .found(K.workload(job: job, queue: "user-qeue", conditions: [
                K.condition("QuotaReserved", "False", "Inadmissible", "LocalQueue user-qeue doesn't exist")])),
            localQueue: .missing)
        queue.namespaceQueues = ["legacy-queue", "user-queue"]
        let found = findings(job, queue)
        let finding = try #require(found.first)
        #expect(finding.rule == "queue-not-found" && finding.severity == .error)
        #expect(finding.cause.contains("\"user-qeue\"") && finding.cause.contains("LocalQueue user-qeue doesn't exist"))
        #expect(finding.fix.contains("did you mean \"user-queue\"?"))
        #expect(finding.fix.contains("kueue.x-k8s.io/queue-name=user-queue --overwrite"))
        // The generic guess from the job alone gives way.
        #expect(!found.contains { $0.rule == "queued" })
    }

    @Test func waitingForQuotaQuotesKueueAndGivesTheNumbersAndPosition() throws {
        let job = try K.queuedJob()
        var queue = QueueFacts(
            queueName: "user-queue",
            workload: .found(K.workload(job: job, conditions: [K.condition("QuotaReserved", "False", "Pending", K.waiting)])),
            localQueue: .found(K.localQueue()), clusterQueueName: "team-cq", clusterQueue: .found(K.clusterQueue()),
            position: QueuePosition(inLocalQueue: 1, inClusterQueue: 2))
        queue.quotaRows = try QueueFacts.quotaRows(K.clusterQueue(), requests: ["nvidia.com/gpu": Quantity(4)])
        let finding = try #require(findings(job, queue).first)
        #expect(finding.rule == "waiting-for-quota" && finding.severity == .info)
        #expect(finding.cause.contains("\"\(K.waiting)\""))
        #expect(finding.cause.contains("nvidia.com/gpu: the job needs 4, flavor default-flavor has 0 of 4 free (4 in use)"))
        #expect(finding.cause.contains("1 ahead of it in LocalQueue user-queue, 2 in the ClusterQueue"))
    }

    @Test func askingForMoreThanTheNominalQuotaNeverFits() throws {
        let job = try K.queuedJob(gpusPerWorker: 4)
        let message = "couldn't assign flavors to pod set worker: insufficient quota for nvidia.com/gpu in flavor default-flavor, previously considered podsets requests (0) + current podset request (8) > maximum capacity (4)"
        let queue = QueueFacts(
            queueName: "user-queue",
            workload: .found(K.workload(job: job, conditions: [K.condition("QuotaReserved", "False", "Pending", message)])),
            localQueue: .found(K.localQueue()), clusterQueueName: "team-cq", clusterQueue: .found(K.clusterQueue()))
        let finding = try #require(findings(job, queue).first)
        #expect(finding.rule == "exceeds-queue-quota" && finding.severity == .error)
    }

    @Test func anInactiveClusterQueueIsNamedWithKueuesReason() throws {
        let job = try K.queuedJob()
        let queue = QueueFacts(
            queueName: "legacy-queue",
            workload: .found(K.workload(job: job, queue: "legacy-queue", conditions: [
                K.condition("QuotaReserved", "False", "Inadmissible", "ClusterQueue retired-cq is inactive")])),
            localQueue: .found(K.localQueue("legacy-queue", clusterQueue: "retired-cq")), clusterQueueName: "retired-cq",
            clusterQueue: .found(K.clusterQueue(active: false)))
        let found = findings(job, queue)
        #expect(found.map(\.rule) == ["cluster-queue-inactive"])
        #expect(found[0].cause.contains("FlavorNotFound") && found[0].cause.contains("[a100]"))
        let missing = QueueFacts(queueName: "legacy-queue", workload: .missing,
                                 localQueue: .found(K.localQueue("legacy-queue", clusterQueue: "gone")),
                                 clusterQueueName: "gone", clusterQueue: .missing)
        #expect(findings(job, missing).first?.rule == "cluster-queue-not-found")
    }

    @Test func aPreemptionSaysByWhomAndWhy() throws {
        let job = try K.queuedJob()
        let message = "Preempted to accommodate a workload (UID: 27a, JobUID: 06f) due to prioritization in the ClusterQueue; preemptor path: /team-cq; preemptee path: /team-cq"
        var queue = QueueFacts(
            queueName: "user-queue",
            workload: .found(K.workload(job: job, conditions: [
                K.condition("Evicted", "True", "Preempted", message), K.condition("Preempted", "True", "InClusterQueue", message),
                K.condition("QuotaReserved", "False", "Pending", K.waiting)])),
            localQueue: .found(K.localQueue()))
        queue.preemptor = "team-b/gpu-train"
        let finding = try #require(findings(job, queue).first { $0.rule == "preempted" })
        #expect(finding.cause.contains("by team-b/gpu-train due to prioritization in the ClusterQueue (InClusterQueue)"))
        queue.preemptor = nil
        let anonymous = try #require(findings(job, queue).first { $0.rule == "preempted" })
        #expect(anonymous.cause.contains("by Workload UID 27a"))
    }

    @Test func aDeactivatedWorkloadSaysHowToResume() throws {
        let job = try K.queuedJob()
        let queue = QueueFacts(queueName: "user-queue", workload: .found(K.workload(job: job, active: false)),
                               localQueue: .found(K.localQueue()))
        let finding = try #require(findings(job, queue).first)
        #expect(finding.rule == "suspended" && finding.fix.contains("kubectl odh mpijob resume q -n golden"))
    }
}

@Suite struct RerunManifestTests {
    @Test func theRerunKeepsTheSpecAndUserKeysAndDropsWhatTheClusterAdded() throws {
        let job = try DiagnosisFixture.job(name: "train", conditions: [("Created", "True", "MPIJobCreated")]) { object in
            object.set(["team": "nlp", "kueue.x-k8s.io/queue-name": "user-queue", "kueue.x-k8s.io/priority-class": "high",
                        "kueue.x-k8s.io/job-uid": "x", "training.kubeflow.org/job-name": "train"], at: ["metadata", "labels"])
            object.set(["note": "keep me", "kubectl.kubernetes.io/last-applied-configuration": "{}",
                        "kueue.x-k8s.io/prebuilt-workload-name": "old"], at: ["metadata", "annotations"])
            object.set([["apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "o"]],
                       at: ["metadata", "ownerReferences"])
            object.set(true, at: ["spec", "runPolicy", "suspend"])
        }
        let manifest = RerunManifest.build(from: job, naming: .named("train-rerun-1"))
        let metadata = try #require(manifest["metadata"]?.objectValue)
        #expect(metadata.pairs.map(\.key) == ["name", "namespace", "labels", "annotations"])
        #expect(manifest[path: "metadata", "name"]?.stringValue == "train-rerun-1")
        #expect(MPIJob.stringMap(manifest[path: "metadata", "labels"]) == [
            "team": "nlp", "kueue.x-k8s.io/queue-name": "user-queue", "kueue.x-k8s.io/priority-class": "high"])
        #expect(MPIJob.stringMap(manifest[path: "metadata", "annotations"]) == ["note": "keep me"])
        #expect(manifest["status"] == nil && manifest[path: "spec", "runPolicy", "suspend"] == nil)
        #expect(manifest[path: "spec", "mpiReplicaSpecs"] == job.object[path: "spec", "mpiReplicaSpecs"])
        #expect(MPIJobValidator.validate(manifest).isEmpty)
        let generated = RerunManifest.build(from: job, naming: .generated(prefix: "train-rerun-"))
        #expect(generated[path: "metadata", "generateName"]?.stringValue == "train-rerun-")
        #expect(generated[path: "metadata", "name"] == nil)
    }

    @Test func anAdmittedKueueJobIsRerunFromTheWorkloadsPristineTemplates() throws {
        let job = try KueueFixture.queuedJob()
        let pristine: JSON = ["spec": ["containers": [["name": "w", "image": "pristine"]]]]
        let admitted = KueueFixture.workload(job: job, admittedBy: "team-cq", workerTemplate: pristine)
        let manifest = RerunManifest.build(from: job, naming: .named("q2"), workload: admitted)
        #expect(manifest[path: "spec", "mpiReplicaSpecs", "Worker", "template"] == pristine)
        let waiting = KueueFixture.workload(job: job, workerTemplate: pristine)
        #expect(RerunManifest.build(from: job, naming: .named("q2"), workload: waiting)[
            path: "spec", "mpiReplicaSpecs", "Worker", "template"] == job.object[path: "spec", "mpiReplicaSpecs", "Worker", "template"])
    }

    @Test func namesCountUpFromTheBaseName() {
        #expect(RerunManifest.nextName(for: "pi", taken: ["pi", "other"]) == "pi-rerun-1")
        #expect(RerunManifest.nextName(for: "pi", taken: ["pi-rerun-1", "pi-rerun-7", "pi-rerun-x", "pi-rerun-"]) == "pi-rerun-8")
        #expect(RerunManifest.nextName(for: "pi-rerun-2", taken: ["pi-rerun-2"]) == "pi-rerun-3")
        #expect(RerunManifest.base(of: "pi-rerun-07") == "pi-rerun-07")
        #expect(RerunManifest.base(of: "a-rerun-b-rerun-3") == "a-rerun-b")
        #expect(RerunManifest.nextName(for: "pi", taken: ["pi-rerun-99999999999999999999999"]) == "pi-rerun-1")
    }
}

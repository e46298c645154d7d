import KubeClient
import MPIJobs
import Testing

@testable import TrainingJobs

/// Each kind's one-word state from its own conditions and replica statuses.
@Suite struct KindStatusTests {
    func v1Job(_ conditions: [(String, String)], suspend: Bool = false, queue: String? = nil,
               specs: JSON = ["Master": ["replicas": 1], "Worker": ["replicas": 3]]) -> JSON {
        var object: JSON = ["kind": "PyTorchJob", "metadata": ["name": "j", "namespace": "ns"],
                            "spec": ["pytorchReplicaSpecs": specs, "runPolicy": ["suspend": .bool(suspend)]]]
        if let queue { object.set(.string(queue), at: ["metadata", "labels", MPIJob.queueLabel]) }
        object.set(.array(conditions.map { ["type": .string($0.0), "status": .string($0.1)] }), at: ["status", "conditions"])
        return object
    }

    @Test func trainingOperatorConditions() {
        let kind = KubeflowV1Kind.pytorch
        #expect(kind.phase(of: v1Job([])) == .pending)
        #expect(kind.phase(of: v1Job([("Created", "True")])) == .pending)
        #expect(kind.phase(of: v1Job([("Created", "True"), ("Running", "True")])) == .running)
        #expect(kind.phase(of: v1Job([("Created", "True"), ("Restarting", "True")])) == .restarting)
        // A finished job keeps Running, as False.
        #expect(kind.phase(of: v1Job([("Running", "False"), ("Succeeded", "True")])) == .succeeded)
        #expect(kind.phase(of: v1Job([("Running", "False"), ("Failed", "True")])) == .failed)
        #expect(kind.phase(of: v1Job([("Suspended", "True")], suspend: true)) == .suspended)
        #expect(kind.phase(of: v1Job([("Suspended", "True")], suspend: true, queue: "q")) == .queued)
        #expect(kind.phase(of: v1Job([("Suspended", "False"), ("Running", "True")], queue: "q")) == .running)
    }

    @Test func trainingOperatorReplicasAndPrimaryPod() {
        var job = v1Job([("Running", "True")])
        job.set(["active": 1], at: ["status", "replicaStatuses", "Master"])
        job.set(["active": 2, "failed": 1], at: ["status", "replicaStatuses", "Worker"])
        let replicas = KubeflowV1Kind.pytorch.replicas(of: job)
        #expect(replicas == [ReplicaCount(role: "Master", desired: 1, active: 1),
                             ReplicaCount(role: "Worker", desired: 3, active: 2)])
        #expect(KubeflowV1Kind.pytorch.isPrimary(PodRole(role: "master", index: 0), of: job))
        #expect(!KubeflowV1Kind.pytorch.isPrimary(PodRole(role: "worker", index: 0), of: job))
        // Without a Master (or Chief), worker 0 is the master replica; a missing count is 1.
        let workersOnly = v1Job([], specs: ["Worker": ["template": [:]]])
        #expect(KubeflowV1Kind.pytorch.replicas(of: workersOnly) == [ReplicaCount(role: "Worker", desired: 1, active: 0)])
        #expect(KubeflowV1Kind.pytorch.isPrimary(PodRole(role: "worker", index: 0), of: workersOnly))
        let tf: JSON = ["spec": ["tfReplicaSpecs": ["Worker": ["replicas": 2], "PS": ["replicas": 1], "Chief": ["replicas": 1]]]]
        #expect(KubeflowV1Kind.tensorflow.replicas(of: tf).map(\.role) == ["Chief", "PS", "Worker"])
        #expect(KubeflowV1Kind.tensorflow.isPrimary(PodRole(role: "chief", index: 0), of: tf))
    }

    @Test func trainingOperatorPodsByTheirControllersLabels() {
        let pod: JSON = ["metadata": ["labels": [
            "training.kubeflow.org/job-name": "mnist", "training.kubeflow.org/operator-name": "tfjob-controller",
            "training.kubeflow.org/replica-type": "worker", "training.kubeflow.org/replica-index": "2"]]]
        #expect(KubeflowV1Kind.tensorflow.jobName(ofPod: pod) == "mnist")
        // Same job-name label, another controller: not this kind's pod.
        #expect(KubeflowV1Kind.pytorch.jobName(ofPod: pod) == nil)
        #expect(MPIJobKind().jobName(ofPod: pod) == nil)
        #expect(KubeflowV1Kind.tensorflow.podRole(pod) == PodRole(role: "worker", index: 2))
        #expect(KubeflowV1Kind.tensorflow.podSelector(job: "mnist", role: "Worker")
                == "training.kubeflow.org/job-name=mnist,training.kubeflow.org/operator-name=tfjob-controller,"
                + "training.kubeflow.org/replica-type=worker")
    }

    func trainJob(_ conditions: [(String, String)], suspend: Bool = false, queue: String? = nil,
                  jobs: [JSON] = [], nodes: Int? = 3) -> JSON {
        var object: JSON = ["kind": "TrainJob", "metadata": ["name": "t", "namespace": "ns"],
                            "spec": ["suspend": .bool(suspend)]]
        if let nodes { object.set(.int(nodes), at: ["spec", "trainer", "numNodes"]) }
        if let queue { object.set(.string(queue), at: ["metadata", "labels", MPIJob.queueLabel]) }
        object.set(.array(conditions.map { ["type": .string($0.0), "status": .string($0.1)] }), at: ["status", "conditions"])
        object.set(.array(jobs), at: ["status", "jobsStatus"])
        return object
    }

    @Test func trainJobHasNoRunningCondition() {
        let kind = TrainJobKind()
        #expect(kind.phase(of: trainJob([])) == .pending)
        #expect(kind.phase(of: trainJob([("Complete", "True")])) == .succeeded)
        #expect(kind.phase(of: trainJob([("Failed", "True")])) == .failed)
        #expect(kind.phase(of: trainJob([("Suspended", "True")], suspend: true)) == .suspended)
        #expect(kind.phase(of: trainJob([("Suspended", "True")], suspend: true, queue: "q")) == .queued)
        let ready: JSON = ["name": "node", "ready": 1, "active": 1, "failed": 0, "succeeded": 0]
        #expect(kind.phase(of: trainJob([("Suspended", "False")], jobs: [ready])) == .running)
        let pending: JSON = ["name": "node", "ready": 0, "active": 1, "failed": 0, "succeeded": 0]
        #expect(kind.phase(of: trainJob([], jobs: [pending])) == .pending)
        let restarting: JSON = ["name": "node", "ready": 0, "active": 1, "failed": 1, "succeeded": 0]
        #expect(kind.phase(of: trainJob([], jobs: [restarting])) == .restarting)
        // jobsStatus counts child Jobs: a ready node Job means all its nodes run.
        #expect(kind.replicas(of: trainJob([], jobs: [ready])) == [ReplicaCount(role: "node", desired: 3, active: 3)])
        let mpi = trainJob([], jobs: [["name": "launcher", "ready": 1], ["name": "node", "ready": 0]])
        #expect(kind.isPrimary(PodRole(role: "launcher", index: 0), of: mpi))
        #expect(!kind.isPrimary(PodRole(role: "node", index: 0), of: mpi))
        #expect(kind.isPrimary(PodRole(role: "node", index: 0), of: trainJob([])))
    }

    @Test func mpiJobKeepsItsOwnRules() {
        let job: JSON = ["spec": ["mpiReplicaSpecs": ["Worker": ["replicas": 2]]],
                         "status": ["conditions": [["type": "Running", "status": "True"]],
                                    "replicaStatuses": ["Launcher": ["active": 1, "failed": 1], "Worker": ["active": 2]]]]
        #expect(MPIJobKind().phase(of: job) == .restarting)
        #expect(MPIJobKind().replicas(of: job) == [ReplicaCount(role: "Launcher", desired: 1, active: 1),
                                                   ReplicaCount(role: "Worker", desired: 2, active: 2)])
    }
}

@Suite struct JobReferenceTests {
    @Test func kindSlashNameOrName() throws {
        let (ref, kind) = try JobReference.parse("pytorchjob/mnist")
        #expect(ref == JobReference(kind: "PyTorchJob", name: "mnist") && kind?.kind == "PyTorchJob")
        #expect(try JobReference.parse("TFJobs.kubeflow.org/a").reference.kind == "TFJob")
        #expect(try JobReference.parse("trainjob/a").reference.kind == "TrainJob")
        #expect(try JobReference.parse("mnist").reference == JobReference(kind: nil, name: "mnist"))
        #expect(throws: JobReference.ParseError.unknownKind("pods")) { try JobReference.parse("pods/x") }
        #expect(throws: JobReference.ParseError.empty("/x")) { try JobReference.parse("/x") }
        #expect(throws: JobReference.ParseError.empty("a/b/c")) { try JobReference.parse("a/b/c") }
    }

    @Test func servedKindsFollowTheirOwnGroupVersion() {
        // kubeflow.org/v1 served, mpijobs only at v2beta1: each kind is found where it lives.
        let served = ServedResources(resources: ["kubeflow.org/v1/pytorchjobs", "kubeflow.org/v2beta1/mpijobs"])
        #expect(served.kinds().map(\.kind) == ["MPIJob", "PyTorchJob"])
        #expect(ServedResources(resources: ["kubeflow.org/v1/mpijobs"]).kinds().isEmpty)
    }
}

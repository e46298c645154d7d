import KubeClient
import Testing

@testable import MPIJobs

@Suite struct ManifestBuilderTests {
    static func fullRequest() throws -> JobRequest {
        var request = JobRequest(name: "train", image: "registry.example/horovod:1.0")
        request.namespace = "team-a"
        request.workers = 4
        request.gpusPerWorker = 2
        request.cpu = try Quantity(parsing: "8")
        request.memory = try Quantity(parsing: "32Gi")
        request.env = [("NCCL_DEBUG", "INFO"), ("EMPTY", "")]
        request.mpiImplementation = .intel
        request.queue = "user-queue"
        request.priorityClass = "high"
        request.pvcs = [("datasets", "/data"), ("ckpt.v1", "/checkpoints")]
        request.nodeSelector = [("nvidia.com/gpu.product", "A100")]
        request.labels = [("team", "vision")]
        request.launcherCPU = try Quantity(parsing: "500m")
        request.launcherMemory = try Quantity(parsing: "1Gi")
        request.ttlSeconds = 3600
        request.activeDeadlineSeconds = 86400
        request.backoffLimit = 2
        request.cleanPodPolicy = .all
        request.command = ["mpirun", "-np", "8", "python", "train.py"]
        return request
    }

    func launcher(_ job: JSON) -> JSON? { job[path: "spec", "mpiReplicaSpecs", "Launcher"] }
    func worker(_ job: JSON) -> JSON? { job[path: "spec", "mpiReplicaSpecs", "Worker"] }
    func container(_ spec: JSON?) -> JSON? { spec?[path: "template", "spec", "containers"]?[0] }

    @Test func minimalRequestHasTheSafeDefaults() {
        let job = ManifestBuilder.build(JobRequest(name: "pi", image: "mpioperator/mpi-pi:openmpi"))
        #expect(MPIJobValidator.validate(job) == [])
        #expect(job["apiVersion"] == "kubeflow.org/v2beta1")
        #expect(job["kind"] == "MPIJob")
        #expect(job[path: "metadata", "name"] == "pi")
        #expect(job[path: "metadata", "namespace"] == nil)
        #expect(job[path: "metadata", "labels"] == nil)
        #expect(job[path: "spec", "runPolicy", "cleanPodPolicy"] == "Running")
        #expect(job[path: "spec", "slotsPerWorker"] == 1)
        #expect(job[path: "spec", "mpiImplementation"] == "OpenMPI")
        #expect(launcher(job)?["replicas"] == 1)
        // Never, not the operator's OnFailure: a failed attempt keeps its pod and log (docs/logs.md).
        #expect(launcher(job)?["restartPolicy"] == "Never")
        #expect(worker(job)?["replicas"] == 1)
        #expect(worker(job)?["restartPolicy"] == "Never")
        for spec in [launcher(job), worker(job)] {
            #expect(spec?[path: "template", "metadata", "annotations", "sidecar.istio.io/inject"] == "false")
            #expect(container(spec)?["image"] == "mpioperator/mpi-pi:openmpi")
            #expect(container(spec)?["resources"] == nil)
            #expect(container(spec)?["command"] == nil)
            #expect(spec?[path: "template", "spec", "volumes"] == nil)
        }
        #expect(container(launcher(job))?["name"] == "launcher")
        #expect(container(worker(job))?["name"] == "worker")
    }

    @Test func everyFlagLandsWhereItBelongs() throws {
        let job = ManifestBuilder.build(try Self.fullRequest())
        #expect(MPIJobValidator.validate(job) == [])
        #expect(job[path: "metadata", "namespace"] == "team-a")
        #expect(job[path: "metadata", "labels"] == [
            "team": "vision", "kueue.x-k8s.io/queue-name": "user-queue", "kueue.x-k8s.io/priority-class": "high",
        ])
        #expect(job[path: "spec", "mpiImplementation"] == "Intel")
        #expect(job[path: "spec", "slotsPerWorker"] == 2)
        #expect(job[path: "spec", "runPolicy"] == [
            "cleanPodPolicy": "All", "ttlSecondsAfterFinished": 3600, "activeDeadlineSeconds": 86400, "backoffLimit": 2,
        ])
        #expect(worker(job)?["replicas"] == 4)

        for spec in [launcher(job), worker(job)] {
            let template = spec?["template"]
            // User labels on the pods, the Kueue labels only on the MPIJob.
            #expect(template?[path: "metadata", "labels"] == ["team": "vision"])
            #expect(template?[path: "spec", "nodeSelector"] == ["nvidia.com/gpu.product": "A100"])
            #expect(template?[path: "spec", "volumes"] == [
                ["name": "pvc-0", "persistentVolumeClaim": ["claimName": "datasets"]],
                ["name": "pvc-1", "persistentVolumeClaim": ["claimName": "ckpt.v1"]],
            ])
            #expect(container(spec)?["volumeMounts"] == [
                ["name": "pvc-0", "mountPath": "/data"], ["name": "pvc-1", "mountPath": "/checkpoints"],
            ])
            #expect(container(spec)?["env"] == [["name": "NCCL_DEBUG", "value": "INFO"], ["name": "EMPTY", "value": ""]])
        }
        #expect(container(launcher(job))?["command"] == ["mpirun", "-np", "8", "python", "train.py"])
        #expect(container(worker(job))?["command"] == nil)
        #expect(container(worker(job))?["resources"] == [
            "requests": ["cpu": "8", "memory": "32Gi"],
            "limits": ["cpu": "8", "memory": "32Gi", "nvidia.com/gpu": "2"],
        ])
        #expect(container(launcher(job))?["resources"] == [
            "requests": ["cpu": "500m", "memory": "1Gi"], "limits": ["cpu": "500m", "memory": "1Gi"],
        ])
    }

    @Test func slotsFollowGPUsUnlessGiven() {
        var request = JobRequest(name: "j", image: "i")
        request.gpusPerWorker = 4
        #expect(ManifestBuilder.build(request)[path: "spec", "slotsPerWorker"] == 4)
        request.slotsPerWorker = 1
        #expect(ManifestBuilder.build(request)[path: "spec", "slotsPerWorker"] == 1)
        request = JobRequest(name: "j", image: "i")
        request.slotsPerWorker = 3
        #expect(ManifestBuilder.build(request)[path: "spec", "slotsPerWorker"] == 3)
        request.gpusPerWorker = 0
        request.slotsPerWorker = nil
        #expect(ManifestBuilder.build(request)[path: "spec", "slotsPerWorker"] == 1)
        #expect(ManifestBuilder.build(request)[path: "spec", "mpiReplicaSpecs", "Worker", "template", "spec", "containers"]?[0]?["resources"] == nil)
    }

    @Test(arguments: [1, 2, 10, 11, 100])
    func longestNameForWorkerCountBuildsAValidJob(_ workers: Int) {
        let name = String(repeating: "a", count: DNS.maxJobNameLength(workers: workers))
        var request = JobRequest(name: name, image: "i")
        request.workers = workers
        #expect(request.validate() == [])
        #expect(MPIJobValidator.validate(ManifestBuilder.build(request)) == [])
        request.name += "a"
        #expect(fields(request.validate()) == ["NAME"])
        #expect(fields(MPIJobValidator.validate(ManifestBuilder.build(request))) == ["metadata.name"])
    }

    /// Found by Tests/Fuzz (fuzz-args): `create q- --image i` passed the flag checks,
    /// because "q--worker-0" is a valid hostname, and only the built manifest was refused.
    @Test(arguments: ["q-", "train-", "a--"])
    func nameEndingInDashIsRefusedAsAFlag(_ name: String) {
        let request = JobRequest(name: name, image: "i")
        #expect(fields(request.validate()) == ["NAME"])
        #expect(request.validate().first?.message.contains("Invalid value: \"\(name)\"") == true)
        #expect(fields(MPIJobValidator.validate(ManifestBuilder.build(request))) == ["metadata.name"])
    }

    @Test func everyEnumValueBuildsAValidJob() {
        for implementation in JobRequest.MPIImplementation.allCases {
            for policy in JobRequest.CleanPodPolicy.allCases {
                var request = JobRequest(name: "j", image: "i")
                request.mpiImplementation = implementation
                request.cleanPodPolicy = policy
                let job = ManifestBuilder.build(request)
                #expect(MPIJobValidator.validate(job) == [])
                #expect(job[path: "spec", "mpiImplementation"] == .string(implementation.rawValue))
                #expect(job[path: "spec", "runPolicy", "cleanPodPolicy"] == .string(policy.rawValue))
            }
        }
    }
}

@Suite struct JobRequestTests {
    @Test func validRequestHasNoIssues() throws {
        #expect(try ManifestBuilderTests.fullRequest().validate() == [])
        #expect(JobRequest(name: "pi", image: "busybox").validate() == [])
    }

    /// Request `index` of `flagProblems`, each with one flag-level mistake.
    static func broken(_ index: Int) -> JobRequest {
        var r = JobRequest(name: "train", image: "busybox")
        switch index {
        case 0: r.workers = 0
        case 1: r.workers = -3
        case 2: r.name = ""
        case 3: r.name = "Train"
        case 4: r.name = "1train"
        case 5: r.name = "train.v2"
        case 6: r.image = " "
        case 7: r.image = "a b"
        case 8: r.namespace = "Team"
        case 9: r.slotsPerWorker = -1
        case 10: r.gpusPerWorker = -1
        case 11: r.backoffLimit = -1
        case 12: r.ttlSeconds = -1
        case 13: r.activeDeadlineSeconds = -1
        case 14: r.cpu = Quantity(-1)
        case 15: r.launcherMemory = Quantity(-1)
        case 16: r.env = [("1ABC", "x")]
        case 17: r.env = [("A B", "x")]
        case 18: r.pvcs = [("data", "data")]
        case 19: r.pvcs = [("Data_Set", "/data")]
        case 20: r.pvcs = [("a", "/data"), ("b", "/data")]
        case 21: r.pvcs = [("a", "/root/.ssh")]
        case 22: r.nodeSelector = [("bad key", "v")]
        case 23: r.labels = [("team", "-bad-")]
        case 24: r.queue = ""
        case 25: r.priorityClass = "not valid"
        default: break
        }
        return r
    }

    @Test(arguments: [
        (0, "--workers"), (1, "--workers"), (2, "NAME"), (3, "NAME"), (4, "NAME"), (5, "NAME"),
        (6, "--image"), (7, "--image"), (8, "--namespace"), (9, "--slots-per-worker"), (10, "--gpus-per-worker"), (11, "--backoff-limit"),
        (12, "--ttl"), (13, "--active-deadline"), (14, "--cpu"), (15, "--launcher-memory"), (16, "--env"), (17, "--env"),
        (18, "--pvc"), (19, "--pvc"), (20, "--pvc"), (21, "--pvc"), (22, "--node-selector"), (23, "--label"),
        (24, "--queue"), (25, "--priority-class"),
    ])
    func flagProblems(_ index: Int, _ flag: String) {
        let request = Self.broken(index)
        #expect(fields(request.validate()) == [flag], "\(request.validate())")
    }

    @Test func messagesShowTheValue() {
        var request = JobRequest(name: "train", image: "busybox")
        request.workers = 0
        request.pvcs = [("data", "data")]
        let messages = request.validate().map(\.description)
        #expect(messages == [
            "--workers: must be at least 1, got 0",
            "--pvc: mount path \"data\" of claim \"data\" must be absolute (start with /)",
        ])
    }

    @Test func parsesAssignments() throws {
        #expect(try JobRequest.parseAssignment("A=b=c", flag: "--env") == ("A", "b=c"))
        #expect(try JobRequest.parseAssignment("A=", flag: "--env") == ("A", ""))
        #expect(throws: ValidationIssue(field: "--env", message: "expected KEY=VALUE, got \"A\"")) {
            try JobRequest.parseAssignment("A", flag: "--env")
        }
        #expect(throws: ValidationIssue.self) { try JobRequest.parseAssignment("=b", flag: "--label") }
    }

    @Test func parsesPVCs() throws {
        let pvc = try JobRequest.parsePVC("data:/mnt/data")
        #expect(pvc.claim == "data" && pvc.mountPath == "/mnt/data")
        for bad in ["data", ":/mnt", "data:", ""] {
            #expect(throws: ValidationIssue(field: "--pvc", message: "expected CLAIM:/mount/path, got \"\(bad)\"")) {
                try JobRequest.parsePVC(bad)
            }
        }
    }
}

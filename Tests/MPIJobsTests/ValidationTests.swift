import KubeClient
import Testing

@testable import MPIJobs

/// A valid job to break one rule at a time: the upstream `pi` example's shape.
func validJob(name: String = "pi", workers: Int = 2) -> JSON {
    let container: JSON = ["name": "mpi", "image": "mpioperator/mpi-pi:openmpi"]
    return [
        "apiVersion": "kubeflow.org/v2beta1",
        "kind": "MPIJob",
        "metadata": ["name": .string(name)],
        "spec": [
            "slotsPerWorker": 1,
            "runPolicy": ["cleanPodPolicy": "Running"],
            "mpiReplicaSpecs": [
                "Launcher": ["replicas": 1, "template": ["spec": ["containers": [container]]]],
                "Worker": ["replicas": .int(workers), "template": ["spec": ["containers": [container]]]],
            ],
        ],
    ]
}

func with(_ job: JSON, _ value: JSON?, at path: String...) -> JSON {
    var job = job
    job.set(value, at: path)
    return job
}

func fields(_ issues: [ValidationIssue]) -> [String] { issues.map(\.field) }

@Suite struct UpstreamExampleTests {
    @Test func everyUpstreamExamplePasses() throws {
        let files = try Fixtures.upstreamExampleFiles()
        #expect(files.count == 6)
        for file in files {
            let documents = try Fixtures.yamlDocuments(file)
            #expect(documents.count == 1, "\(file.lastPathComponent)")
            for document in documents {
                #expect(MPIJobValidator.validate(document) == [], "\(file.lastPathComponent)")
            }
        }
    }

    /// The loader really reads the files: a broken copy of one of them fails.
    @Test func brokenUpstreamExampleFails() throws {
        let file = Fixtures.root.appendingPathComponent("crds/mpi-operator/examples/pi/pi.yaml")
        let pi = try #require(try Fixtures.yamlDocuments(file).first)
        #expect(pi[path: "spec", "mpiReplicaSpecs", "Worker", "replicas"] == 2)
        let broken = with(pi, "Always", at: "spec", "mpiReplicaSpecs", "Worker", "restartPolicy")
        #expect(fields(MPIJobValidator.validate(broken)) == ["spec.mpiReplicaSpecs[Worker].restartPolicy"])
    }
}

@Suite struct ValidationRuleTests {
    @Test func validJobPasses() {
        #expect(MPIJobValidator.validate(validJob()) == [])
    }

    /// Each rule, broken alone, is reported on its field.
    @Test(arguments: [
        (with(validJob(), nil, at: "spec", "mpiReplicaSpecs", "Worker", "replicas"), "spec.mpiReplicaSpecs[Worker].replicas"),
        (with(validJob(), 0, at: "spec", "mpiReplicaSpecs", "Worker", "replicas"), "spec.mpiReplicaSpecs[Worker].replicas"),
        (with(validJob(), -1, at: "spec", "mpiReplicaSpecs", "Worker", "replicas"), "spec.mpiReplicaSpecs[Worker].replicas"),
        (with(validJob(), "2", at: "spec", "mpiReplicaSpecs", "Worker", "replicas"), "spec.mpiReplicaSpecs[Worker].replicas"),
        (with(validJob(), .number("1.5"), at: "spec", "mpiReplicaSpecs", "Worker", "replicas"), "spec.mpiReplicaSpecs[Worker].replicas"),
        (with(validJob(), .number("4294967297"), at: "spec", "mpiReplicaSpecs", "Worker", "replicas"), "spec.mpiReplicaSpecs[Worker].replicas"),
        (with(validJob(), 2, at: "spec", "mpiReplicaSpecs", "Launcher", "replicas"), "spec.mpiReplicaSpecs[Launcher].replicas"),
        (with(validJob(), 0, at: "spec", "mpiReplicaSpecs", "Launcher", "replicas"), "spec.mpiReplicaSpecs[Launcher].replicas"),
        (with(validJob(), nil, at: "spec", "mpiReplicaSpecs", "Launcher"), "spec.mpiReplicaSpecs[Launcher]"),
        (with(validJob(), nil, at: "spec", "mpiReplicaSpecs"), "spec.mpiReplicaSpecs"),
        (with(validJob(), "Always", at: "spec", "mpiReplicaSpecs", "Launcher", "restartPolicy"), "spec.mpiReplicaSpecs[Launcher].restartPolicy"),
        (with(validJob(), "ExitCode", at: "spec", "mpiReplicaSpecs", "Worker", "restartPolicy"), "spec.mpiReplicaSpecs[Worker].restartPolicy"),
        (with(validJob(), [], at: "spec", "mpiReplicaSpecs", "Worker", "template", "spec", "containers"), "spec.mpiReplicaSpecs[Worker].template.spec.containers"),
        (with(validJob(), nil, at: "spec", "mpiReplicaSpecs", "Launcher", "template"), "spec.mpiReplicaSpecs[Launcher].template.spec.containers"),
        (with(validJob(), "Sometimes", at: "spec", "runPolicy", "cleanPodPolicy"), "spec.runPolicy.cleanPodPolicy"),
        (with(validJob(), "", at: "spec", "runPolicy", "cleanPodPolicy"), "spec.runPolicy.cleanPodPolicy"),
        (with(validJob(), "OpenMP", at: "spec", "mpiImplementation"), "spec.mpiImplementation"),
        (with(validJob(), "", at: "spec", "mpiImplementation"), "spec.mpiImplementation"),
        (with(validJob(), -1, at: "spec", "slotsPerWorker"), "spec.slotsPerWorker"),
        (with(validJob(), -1, at: "spec", "runPolicy", "ttlSecondsAfterFinished"), "spec.runPolicy.ttlSecondsAfterFinished"),
        (with(validJob(), -1, at: "spec", "runPolicy", "activeDeadlineSeconds"), "spec.runPolicy.activeDeadlineSeconds"),
        (with(validJob(), -1, at: "spec", "runPolicy", "backoffLimit"), "spec.runPolicy.backoffLimit"),
        (with(validJob(), 5, at: "spec", "sshAuthMountPath"), "spec.sshAuthMountPath"),
        (with(validJob(), "yes", at: "spec", "runPolicy", "suspend"), "spec.runPolicy.suspend"),
        (with(validJob(), "foo", at: "spec", "runPolicy", "managedBy"), "spec.runPolicy.managedBy"),
        (with(validJob(), "Running", at: "spec", "cleanPodPolicy"), "spec.cleanPodPolicy"),
        (with(validJob(), ["name": "mpi"], at: "spec", "mainContainer"), "spec.mainContainer"),
        (with(validJob(), 1, at: "spec", "slotPerWorker"), "spec.slotPerWorker"),
        (with(validJob(), 60, at: "spec", "runPolicy", "ttlSecondsAfterFinish"), "spec.runPolicy.ttlSecondsAfterFinish"),
        (with(validJob(), nil, at: "metadata", "name"), "metadata.name"),
        (with(validJob(), "Pi", at: "metadata", "name"), "metadata.name"),
        (with(validJob(), "1pi", at: "metadata", "name"), "metadata.name"),
        (with(validJob(), "pi.v2", at: "metadata", "name"), "metadata.name"),
        (with(validJob(), "Team_A", at: "metadata", "namespace"), "metadata.namespace"),
        (with(validJob(), ["bad key!": "x"], at: "metadata", "labels"), "metadata.labels"),
        (with(validJob(), nil, at: "spec"), "spec"),
        (with(validJob(), nil, at: "metadata"), "metadata"),
    ])
    func brokenRuleIsReported(_ job: JSON, _ field: String) {
        let issues = MPIJobValidator.validate(job)
        #expect(fields(issues) == [field], "\(issues)")
    }

    @Test func operatorMessagesShowTheValue() {
        let policy = MPIJobValidator.validate(with(validJob(), "Always", at: "spec", "mpiReplicaSpecs", "Worker", "restartPolicy"))
        #expect(policy.first?.message.contains("Unsupported value: \"Always\": supported values: \"Never\", \"OnFailure\"") == true)
        #expect(policy.first?.message.contains("the operator refuses it") == true)

        let replicas = MPIJobValidator.validate(with(validJob(), nil, at: "spec", "mpiReplicaSpecs", "Worker", "replicas"))
        #expect(replicas.first?.message.contains("defaults a missing Worker replicas to 0") == true)

        let launcher = MPIJobValidator.validate(with(validJob(), 3, at: "spec", "mpiReplicaSpecs", "Launcher", "replicas"))
        #expect(launcher.first?.message == "Invalid value: 3: must be 1")

        let type = MPIJobValidator.validate(with(validJob(), "2", at: "spec", "mpiReplicaSpecs", "Worker", "replicas"))
        #expect(type.first?.message == "must be an integer, got string \"2\"")

        let manager = MPIJobValidator.validate(with(validJob(), "foo", at: "spec", "runPolicy", "managedBy"))
        #expect(manager.first?.message.contains("\"foo\": the mpi-operator would silently ignore this job") == true)

        let clean = MPIJobValidator.validate(with(validJob(), "Running", at: "spec", "cleanPodPolicy"))
        #expect(clean.first?.message.contains("spec.runPolicy.cleanPodPolicy") == true)
        #expect(clean.first?.message.contains("prune it silently") == true)
    }

    @Test func misspelledReplicaTypes() {
        var job = validJob()
        let worker = job[path: "spec", "mpiReplicaSpecs", "Worker"]
        job.set(nil, at: ["spec", "mpiReplicaSpecs", "Worker"])
        job.set(worker, at: ["spec", "mpiReplicaSpecs", "worker"])
        let issues = MPIJobValidator.validate(job)
        #expect(fields(issues) == ["spec.mpiReplicaSpecs[worker]"])
        #expect(issues.first?.message.contains("the operator reads only Launcher and Worker") == true)
        #expect(issues.first?.message.contains("did you mean Worker?") == true)

        let launcher = with(with(validJob(), nil, at: "spec", "mpiReplicaSpecs", "Launcher"),
                            validJob()[path: "spec", "mpiReplicaSpecs", "Launcher"], at: "spec", "mpiReplicaSpecs", "launcher")
        #expect(Set(fields(MPIJobValidator.validate(launcher))) == ["spec.mpiReplicaSpecs[launcher]", "spec.mpiReplicaSpecs[Launcher]"])
    }

    @Test func defaultsTheOperatorAppliesPass() {
        // No Worker at all is allowed; Launcher replicas and restart policies default;
        // "" sshAuthMountPath becomes /root/.ssh; slotsPerWorker 0 and zero limits are fine.
        var job = with(validJob(), nil, at: "spec", "mpiReplicaSpecs", "Worker")
        job.set(nil, at: ["spec", "mpiReplicaSpecs", "Launcher", "replicas"])
        job.set(nil, at: ["spec", "runPolicy"])
        job.set(nil, at: ["spec", "slotsPerWorker"])
        job.set("", at: ["spec", "sshAuthMountPath"])
        job.set("", at: ["spec", "mpiReplicaSpecs", "Launcher", "restartPolicy"])
        job.set("whatever", at: ["spec", "launcherCreationPolicy"])
        #expect(MPIJobValidator.validate(job) == [])
        let zeros = with(with(with(validJob(), 0, at: "spec", "slotsPerWorker"), 0, at: "spec", "runPolicy", "backoffLimit"),
                         0, at: "spec", "runPolicy", "ttlSecondsAfterFinished")
        #expect(MPIJobValidator.validate(zeros) == [])
        for manager in ["kubeflow.org/mpi-operator", "kueue.x-k8s.io/multikueue"] {
            #expect(MPIJobValidator.validate(with(validJob(), .string(manager), at: "spec", "runPolicy", "managedBy")) == [])
        }
        for implementation in ["OpenMPI", "Intel", "MPICH"] {
            #expect(MPIJobValidator.validate(with(validJob(), .string(implementation), at: "spec", "mpiImplementation")) == [])
        }
        for policy in ["None", "Running", "All"] {
            #expect(MPIJobValidator.validate(with(validJob(), .string(policy), at: "spec", "runPolicy", "cleanPodPolicy")) == [])
        }
    }

    @Test func quantityInContainer() {
        let container: JSON = ["name": "w", "image": "i", "resources": ["limits": ["memory": "16GB", "cpu": 2], "requests": ["cpu": 3]]]
        let job = with(validJob(), [container], at: "spec", "mpiReplicaSpecs", "Worker", "template", "spec", "containers")
        let issues = MPIJobValidator.validate(job)
        let prefix = "spec.mpiReplicaSpecs[Worker].template.spec.containers[0]"
        #expect(fields(issues) == ["\(prefix).resources.limits[memory]", "\(prefix).resources.requests[cpu]"])
        #expect(issues.contains { $0.message.hasPrefix("invalid quantity \"16GB\"") })
        #expect(issues.contains { $0.message.contains("must be less than or equal to the cpu limit of 2") })
    }

    @Test func containerNeedsNameAndImage() {
        let job = with(validJob(), [["image": ""]], at: "spec", "mpiReplicaSpecs", "Launcher", "template", "spec", "containers")
        let prefix = "spec.mpiReplicaSpecs[Launcher].template.spec.containers[0]"
        #expect(fields(MPIJobValidator.validate(job)) == ["\(prefix).name", "\(prefix).image"])
    }

    @Test func notAnObject() {
        #expect(fields(MPIJobValidator.validate([1, 2])) == [""])
        #expect(fields(MPIJobValidator.validate(with(validJob(), "x", at: "spec"))) == ["spec"])
    }

    @Test func generateName() {
        var job = with(validJob(), nil, at: "metadata", "name")
        job.set("pi-", at: ["metadata", "generateName"])
        #expect(MPIJobValidator.validate(job) == [])
        // 49 + 5 random characters = 54, the longest for ≤ 10 workers; one more is refused.
        job.set(.string(String(repeating: "a", count: 49)), at: ["metadata", "generateName"])
        #expect(MPIJobValidator.validate(job) == [])
        job.set(.string(String(repeating: "a", count: 50)), at: ["metadata", "generateName"])
        #expect(fields(MPIJobValidator.validate(job)) == ["metadata.generateName"])
    }
}

@Suite struct NameLengthTests {
    static let letters = "abcdefghijklmnopqrstuvwxyz"

    func name(_ length: Int) -> String {
        String((0..<length).map { Array(Self.letters)[$0 % 26] })
    }

    @Test(arguments: [(54, 1), (54, 2), (54, 10), (53, 11), (53, 100), (52, 101), (52, 1000)])
    func longestAllowedName(_ length: Int, _ workers: Int) {
        #expect(MPIJobValidator.validate(validJob(name: name(length), workers: workers)) == [])
        #expect(DNS.maxJobNameLength(workers: workers) == length)
    }

    @Test(arguments: [(55, 1), (55, 10), (54, 11), (54, 100), (53, 101)])
    func oneCharacterTooMany(_ length: Int, _ workers: Int) {
        let issues = MPIJobValidator.validate(validJob(name: name(length), workers: workers))
        #expect(fields(issues) == ["metadata.name"])
        let last = "\(name(length))-worker-\(workers - 1)"
        #expect(issues.first?.message.contains("\"\(last)\" must be a DNS-1035 label") == true)
        #expect(issues.first?.message.contains("at most \(length - 1) characters") == true)
    }

    @Test func missingWorkerCountsAsOne() {
        // N is 1 without a Worker spec: a 54-character name passes, 55 does not.
        let noWorker = with(validJob(name: name(54)), nil, at: "spec", "mpiReplicaSpecs", "Worker")
        #expect(MPIJobValidator.validate(noWorker) == [])
        let tooLong = with(validJob(name: name(55)), nil, at: "spec", "mpiReplicaSpecs", "Worker")
        #expect(fields(MPIJobValidator.validate(tooLong)) == ["metadata.name"])
    }
}

@Suite struct RetiredVersionTests {
    /// A v1 (training-operator) MPIJob, as its docs show it.
    static let v1Job: JSON = [
        "apiVersion": "kubeflow.org/v1",
        "kind": "MPIJob",
        "metadata": ["name": "tensorflow-mnist"],
        "spec": [
            "slotsPerWorker": 1,
            "cleanPodPolicy": "Running",
            "mainContainer": "mpi",
            "mpiReplicaSpecs": [
                "Launcher": ["replicas": 1, "template": ["spec": ["containers": [["name": "mpi", "image": "x"]]]]],
                "Worker": ["replicas": 2, "template": ["spec": ["containers": [["name": "mpi", "image": "x"]]]]],
            ],
        ],
    ]

    @Test func v1IsRejectedWithConversionSteps() throws {
        let issues = MPIJobValidator.validate(Self.v1Job)
        #expect(fields(issues) == ["apiVersion"])
        let message = try #require(issues.first?.message)
        #expect(message.hasPrefix("Unsupported value: \"kubeflow.org/v1\""))
        #expect(message.contains("set apiVersion: kubeflow.org/v2beta1"))
        #expect(message.contains("move spec.cleanPodPolicy to spec.runPolicy.cleanPodPolicy"))
        #expect(message.contains("delete spec.mainContainer"))
        #expect(message.contains("containers[0]"))
        #expect(message.contains("spec.slotsPerWorker stays"))
        #expect(message.contains("training-operator"))
    }

    @Test(arguments: ["kubeflow.org/v1alpha1", "kubeflow.org/v1alpha2"])
    func alphaVersionsAreRejected(_ version: String) throws {
        var job = with(Self.v1Job, .string(version), at: "apiVersion")
        job.set(6, at: ["spec", "backoffLimit"])
        let issues = MPIJobValidator.validate(job)
        #expect(fields(issues) == ["apiVersion"])
        let message = try #require(issues.first?.message)
        #expect(message.contains("\(version) was removed from the mpi-operator in v0.4.0"))
        #expect(message.contains("move spec.backoffLimit to spec.runPolicy.backoffLimit"))
        #expect(message.contains("spec.mpiReplicaSpecs.Launcher") == (version == "kubeflow.org/v1alpha1"))
    }

    @Test func otherKindsAndVersions() {
        #expect(fields(MPIJobValidator.validate(with(validJob(), "Job", at: "kind"))) == ["kind"])
        #expect(fields(MPIJobValidator.validate(with(validJob(), nil, at: "kind"))) == ["kind"])
        #expect(fields(MPIJobValidator.validate(with(validJob(), "batch/v1", at: "apiVersion"))) == ["apiVersion"])
        #expect(fields(MPIJobValidator.validate(with(validJob(), nil, at: "apiVersion"))) == ["apiVersion"])
        #expect(fields(MPIJobValidator.validate(with(validJob(), "kubeflow.org/v2", at: "apiVersion"))) == ["apiVersion"])
    }
}

import KubeClient

/// The spec facts a person checks first: what runs, how wide, on what, under which policy.
public struct JobSpecSummary: Sendable, Equatable {
    /// CPU and memory of one replica's MPI container (limits, else requests).
    public struct Resources: Sendable, Equatable {
        public var cpu: String?
        public var memory: String?
        public var gpus: Int
    }

    public var image: String
    /// Set only when the launcher runs a different image than the workers.
    public var launcherImage: String?
    public var workers: Int
    public var slotsPerWorker: Int
    public var worker: Resources
    public var launcher: Resources
    public var totalGPUs: Int
    public var mpiImplementation: String
    public var queue: String?
    public var priorityClass: String?
    /// nil: not written, so the operator's default `None` applies (mpijob-facts §2).
    public var cleanPodPolicy: String?
    public var ttlSecondsAfterFinished: Int?
    public var activeDeadlineSeconds: Int?
    public var backoffLimit: Int?
    public var suspend: Bool
    public var managedBy: String?
    public var launcherCreationPolicy: String?
    /// What the launcher runs (`mpirun …`), command then args.
    public var launcherCommand: [String]

    public static let defaultBackoffLimit = 6

    public init(_ job: MPIJob) {
        let launcherSpec = job.replicaSpec("Launcher")
        let workerSpec = job.replicaSpec("Worker")
        image = job.image
        launcherImage = job.launcherImage.flatMap { $0 == job.image ? nil : $0 }
        workers = job.desiredWorkers
        slotsPerWorker = job.slotsPerWorker
        worker = Self.resources(MPIJob.firstContainer(workerSpec))
        launcher = Self.resources(MPIJob.firstContainer(launcherSpec))
        totalGPUs = job.totalGPUs
        mpiImplementation = job.mpiImplementation
        queue = job.queueName
        priorityClass = job.labels["kueue.x-k8s.io/priority-class"]
            ?? workerSpec?[path: "template", "spec", "priorityClassName"]?.stringValue
        let runPolicy = job.object[path: "spec", "runPolicy"]
        cleanPodPolicy = runPolicy?["cleanPodPolicy"]?.stringValue
        ttlSecondsAfterFinished = runPolicy?["ttlSecondsAfterFinished"]?.intValue
        activeDeadlineSeconds = runPolicy?["activeDeadlineSeconds"]?.intValue
        backoffLimit = runPolicy?["backoffLimit"]?.intValue
        suspend = job.isSuspended
        managedBy = runPolicy?["managedBy"]?.stringValue
        launcherCreationPolicy = job.object[path: "spec", "launcherCreationPolicy"]?.stringValue
        let main = MPIJob.firstContainer(launcherSpec)
        launcherCommand = ((main?["command"]?.arrayValue ?? []) + (main?["args"]?.arrayValue ?? []))
            .compactMap(\.stringValue)
    }

    /// The policy that applies: the written one, else the operator's default.
    public var effectiveCleanPodPolicy: String { cleanPodPolicy ?? "None" }

    static func resources(_ container: JSON?) -> Resources {
        func quantity(_ name: String) -> String? {
            let value = container?[path: "resources", "limits", name] ?? container?[path: "resources", "requests", name]
            return value?.stringValue ?? value?.intValue.map(String.init) ?? value?.doubleValue.map { "\($0)" }
        }
        let gpus = quantity(MPIJob.gpuResource).flatMap { Int($0) } ?? 0
        return Resources(cpu: quantity("cpu"), memory: quantity("memory"), gpus: gpus)
    }
}

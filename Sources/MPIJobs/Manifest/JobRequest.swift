/// What `create NAME --image IMG ...` asks for, in domain terms: the CLI parses flags
/// into this, `validate()` checks it, and `ManifestBuilder` turns it into an MPIJob.
public struct JobRequest: Sendable {
    public enum MPIImplementation: String, Sendable, CaseIterable {
        case openMPI = "OpenMPI"
        case intel = "Intel"
        case mpich = "MPICH"
    }

    public enum CleanPodPolicy: String, Sendable, CaseIterable {
        case running = "Running"
        case all = "All"
        case none = "None"
    }

    public var name: String
    public var namespace: String?
    public var image: String
    public var workers: Int = 1
    /// Defaults to the GPUs per worker when GPUs are asked for, else 1.
    public var slotsPerWorker: Int?
    public var gpusPerWorker: Int?
    /// Per worker.
    public var cpu: Quantity?
    public var memory: Quantity?
    /// `--env K=V`, on the launcher and the workers, in order.
    public var env: [(String, String)] = []
    public var mpiImplementation: MPIImplementation = .openMPI
    /// A Kueue LocalQueue (`kueue.x-k8s.io/queue-name`).
    public var queue: String?
    /// A Kueue WorkloadPriorityClass (`kueue.x-k8s.io/priority-class`).
    public var priorityClass: String?
    /// `--pvc CLAIM:/mount`, mounted in the launcher and the workers.
    public var pvcs: [(claim: String, mountPath: String)] = []
    public var nodeSelector: [(String, String)] = []
    /// On the MPIJob and on both pod templates.
    public var labels: [(String, String)] = []
    public var launcherCPU: Quantity?
    public var launcherMemory: Quantity?
    public var ttlSeconds: Int?
    public var activeDeadlineSeconds: Int?
    public var backoffLimit: Int?
    /// `Running` rather than the operator's `None`, which leaves sshd workers running
    /// after the job has finished.
    public var cleanPodPolicy: CleanPodPolicy = .running
    /// What the launcher runs (`-- mpirun ...`); empty keeps the image's entrypoint.
    public var command: [String] = []

    public init(name: String, image: String) {
        self.name = name
        self.image = image
    }

    /// The slots written into the hostfile for each worker.
    public var effectiveSlotsPerWorker: Int {
        if let slotsPerWorker { return slotsPerWorker }
        if let gpus = gpusPerWorker, gpus > 0 { return gpus }
        return 1
    }
}

// MARK: - Flag values

extension JobRequest {
    /// `K=V` of `--env`, `--label`, `--node-selector`: split at the first `=`, so values
    /// may contain `=`; an empty value is allowed (`K=`), an empty key is not.
    public static func parseAssignment(_ text: String, flag: String) throws(ValidationIssue) -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationIssue(field: flag, message: "expected KEY=VALUE, got \"\(text)\"")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// `CLAIM:/mount/path` of `--pvc`: split at the first `:` (claim names cannot hold one).
    public static func parsePVC(_ text: String) throws(ValidationIssue) -> (claim: String, mountPath: String) {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
            text.index(after: colon) != text.endIndex
        else {
            throw ValidationIssue(field: "--pvc", message: "expected CLAIM:/mount/path, got \"\(text)\"")
        }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

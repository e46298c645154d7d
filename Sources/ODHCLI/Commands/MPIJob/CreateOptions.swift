import KubeClient
import MPIJobs

/// The flags of `create NAME --image …`, turned into a `JobRequest`. Every bad value is
/// collected so the user sees all of them at once.
enum CreateFlags {
    static let specs: [OptionSpec] = [
        OptionSpec(long: "image", kind: .value, valueName: "IMAGE", help: "container image of the launcher and workers"),
        OptionSpec(long: "workers", kind: .value, valueName: "N", help: "number of worker pods",
                   defaultValue: "1"),
        OptionSpec(long: "slots-per-worker", kind: .value, valueName: "N",
                   help: "MPI slots per worker",
                   defaultValue: "GPUs per worker, else 1"),
        OptionSpec(long: "gpus-per-worker", kind: .value, valueName: "N", help: "nvidia.com/gpu limit of each worker"),
        OptionSpec(long: "cpu", kind: .value, valueName: "QUANTITY", help: "CPU request of each worker (e.g. 4, 500m)"),
        OptionSpec(long: "memory", kind: .value, valueName: "QUANTITY", help: "memory of each worker (e.g. 16Gi)"),
        OptionSpec(long: "env", kind: .repeated, valueName: "K=V", help: "environment variable on launcher and workers"),
        OptionSpec(long: "mpi-implementation", kind: .value, valueName: "IMPL", help: "OpenMPI, Intel or MPICH",
                   completion: .choices(JobRequest.MPIImplementation.allCases.map(\.rawValue)), defaultValue: "OpenMPI"),
        OptionSpec(long: "queue", kind: .value, valueName: "QUEUE", help: "Kueue LocalQueue (kueue.x-k8s.io/queue-name)"),
        OptionSpec(long: "priority-class", kind: .value, valueName: "CLASS",
                   help: "Kueue WorkloadPriorityClass (kueue.x-k8s.io/priority-class)"),
        OptionSpec(long: "pvc", kind: .repeated, valueName: "CLAIM:/PATH", help: "mount a PersistentVolumeClaim in every pod"),
        OptionSpec(long: "node-selector", kind: .repeated, valueName: "K=V", help: "node selector for every pod"),
        OptionSpec(long: "label", kind: .repeated, valueName: "K=V", help: "label on the MPIJob and its pods"),
        OptionSpec(long: "launcher-cpu", kind: .value, valueName: "QUANTITY", help: "CPU request of the launcher"),
        OptionSpec(long: "launcher-memory", kind: .value, valueName: "QUANTITY", help: "memory of the launcher"),
        OptionSpec(long: "ttl", kind: .value, valueName: "DURATION",
                   help: "delete the launcher Job this long after the job ends (runPolicy.ttlSecondsAfterFinished)"),
        OptionSpec(long: "active-deadline", kind: .value, valueName: "DURATION",
                   help: "fail the job if it runs longer (runPolicy.activeDeadlineSeconds)"),
        OptionSpec(long: "backoff-limit", kind: .value, valueName: "N", help: "launcher retries before the job fails"),
        OptionSpec(long: "clean-pod-policy", kind: .value, valueName: "POLICY",
                   help: "what to delete when the job ends: Running, All or None",
                   completion: .choices(JobRequest.CleanPodPolicy.allCases.map(\.rawValue)), defaultValue: "Running"),
    ]

    static var longNames: [String] { specs.map(\.long) }

    static func request(name: String, parsed: ParsedArguments, namespace: String?, command: [String])
        -> (JobRequest?, [ValidationIssue])
    {
        guard let image = parsed.string("image") else {
            return (nil, [ValidationIssue(field: "--image", message: "an image is required when creating from flags (or use -f FILE)")])
        }
        var request = JobRequest(name: name, image: image)
        request.namespace = namespace
        request.command = command
        var issues = apply(parsed, to: &request)
        issues += request.validate()
        return (issues.isEmpty ? request : nil, issues)
    }

    /// Sets every field given as a flag (`--image` included, when given); returns the values
    /// that could not be read. `create -i` starts from this: flags given become the defaults.
    static func apply(_ parsed: ParsedArguments, to request: inout JobRequest) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func read<T>(_ flag: String, _ parse: (String, String) throws(ValidationIssue) -> T) -> T? {
            guard let raw = parsed.string(flag) else { return nil }
            do {
                return try parse(raw, "--\(flag)")
            } catch {
                issues.append(error)
                return nil
            }
        }
        func assignments(_ flag: String) -> [(String, String)] {
            var pairs: [(String, String)] = []
            for text in parsed.strings(flag) {
                do {
                    pairs.append(try JobRequest.parseAssignment(text, flag: "--\(flag)"))
                } catch {
                    issues.append(error)
                }
            }
            return pairs
        }

        if let image = parsed.string("image") { request.image = image }
        if let workers = read("workers", JobRequest.parseCount) { request.workers = workers }
        if let slots = read("slots-per-worker", JobRequest.parseCount) { request.slotsPerWorker = slots }
        if let gpus = read("gpus-per-worker", JobRequest.parseCount) { request.gpusPerWorker = gpus }
        if let limit = read("backoff-limit", JobRequest.parseCount) { request.backoffLimit = limit }
        if let cpu = read("cpu", JobRequest.parseResource) { request.cpu = cpu }
        if let memory = read("memory", JobRequest.parseResource) { request.memory = memory }
        if let cpu = read("launcher-cpu", JobRequest.parseResource) { request.launcherCPU = cpu }
        if let memory = read("launcher-memory", JobRequest.parseResource) { request.launcherMemory = memory }
        if let ttl = read("ttl", JobRequest.parseWholeSeconds) { request.ttlSeconds = ttl }
        if let deadline = read("active-deadline", JobRequest.parseWholeSeconds) { request.activeDeadlineSeconds = deadline }
        if parsed.has("env") { request.env = assignments("env") }
        if parsed.has("label") { request.labels = assignments("label") }
        if parsed.has("node-selector") { request.nodeSelector = assignments("node-selector") }
        for text in parsed.strings("pvc") {
            do {
                request.pvcs.append(try JobRequest.parsePVC(text))
            } catch {
                issues.append(error)
            }
        }
        if let value = read("mpi-implementation", JobRequest.parseMPIImplementation) { request.mpiImplementation = value }
        if let value = read("clean-pod-policy", JobRequest.parseCleanPodPolicy) { request.cleanPodPolicy = value }
        if let queue = parsed.string("queue") { request.queue = queue }
        if let priorityClass = parsed.string("priority-class") { request.priorityClass = priorityClass }
        return issues
    }
}

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
        var issues: [ValidationIssue] = []
        func note(_ field: String, _ message: String) { issues.append(ValidationIssue(field: field, message: message)) }
        guard let image = parsed.string("image") else {
            note("--image", "an image is required when creating from flags (or use -f FILE)")
            return (nil, issues)
        }
        var request = JobRequest(name: name, image: image)
        request.namespace = namespace
        request.command = command

        func integer(_ flag: String) -> Int? {
            guard let raw = parsed.string(flag) else { return nil }
            guard let value = Int(raw) else {
                note("--\(flag)", "must be a whole number, got \"\(raw)\"")
                return nil
            }
            return value
        }
        func quantity(_ flag: String) -> Quantity? {
            guard let raw = parsed.string(flag) else { return nil }
            do {
                let value = try Quantity(parsing: raw)
                if value.isNegative || value.isZero { note("--\(flag)", "must be more than 0, got \"\(raw)\"") }
                return value
            } catch {
                note("--\(flag)", "\(error)")
                return nil
            }
        }
        func seconds(_ flag: String) -> Int? {
            guard let raw = parsed.string(flag) else { return nil }
            do {
                return try DurationParser.parseWholeSeconds(raw)
            } catch {
                note("--\(flag)", "\(error)")
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

        if let workers = integer("workers") { request.workers = workers }
        request.slotsPerWorker = integer("slots-per-worker")
        request.gpusPerWorker = integer("gpus-per-worker")
        request.backoffLimit = integer("backoff-limit")
        request.cpu = quantity("cpu")
        request.memory = quantity("memory")
        request.launcherCPU = quantity("launcher-cpu")
        request.launcherMemory = quantity("launcher-memory")
        request.ttlSeconds = seconds("ttl")
        request.activeDeadlineSeconds = seconds("active-deadline")
        request.env = assignments("env")
        request.labels = assignments("label")
        request.nodeSelector = assignments("node-selector")
        for text in parsed.strings("pvc") {
            do {
                request.pvcs.append(try JobRequest.parsePVC(text))
            } catch {
                issues.append(error)
            }
        }
        if let raw = parsed.string("mpi-implementation") {
            if let value = JobRequest.MPIImplementation.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) {
                request.mpiImplementation = value
            } else {
                note("--mpi-implementation", "must be OpenMPI, Intel or MPICH, got \"\(raw)\"")
            }
        }
        if let raw = parsed.string("clean-pod-policy") {
            if let value = JobRequest.CleanPodPolicy.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) {
                request.cleanPodPolicy = value
            } else {
                note("--clean-pod-policy", "must be Running, All or None, got \"\(raw)\"")
            }
        }
        request.queue = parsed.string("queue")
        request.priorityClass = parsed.string("priority-class")
        issues += request.validate()
        return (issues.isEmpty ? request : nil, issues)
    }
}

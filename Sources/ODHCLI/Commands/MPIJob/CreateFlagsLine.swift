import MPIJobs

/// The flags that build a given `JobRequest`: what `create -i` shows so the same job can
/// be made again from a script (`CreateFlags.request` reads them back to the same request).
extension CreateFlags {
    static func commandLine(for request: JobRequest, invocation: String = "kubectl odh mpijob") -> String {
        var words = ["create", request.name]
        func add(_ flag: String, _ value: String?) {
            guard let value else { return }
            words += ["--\(flag)", value]
        }
        if let namespace = request.namespace { words += ["-n", namespace] }
        add("image", request.image)
        if request.workers != 1 { add("workers", String(request.workers)) }
        add("slots-per-worker", request.slotsPerWorker.map(String.init))
        add("gpus-per-worker", request.gpusPerWorker.map(String.init))
        add("cpu", request.cpu?.description)
        add("memory", request.memory?.description)
        for (key, value) in request.env { add("env", "\(key)=\(value)") }
        if request.mpiImplementation != .openMPI { add("mpi-implementation", request.mpiImplementation.rawValue) }
        add("queue", request.queue)
        add("priority-class", request.priorityClass)
        for pvc in request.pvcs { add("pvc", "\(pvc.claim):\(pvc.mountPath)") }
        for (key, value) in request.nodeSelector { add("node-selector", "\(key)=\(value)") }
        for (key, value) in request.labels { add("label", "\(key)=\(value)") }
        add("launcher-cpu", request.launcherCPU?.description)
        add("launcher-memory", request.launcherMemory?.description)
        add("ttl", request.ttlSeconds.map { "\($0)s" })
        add("active-deadline", request.activeDeadlineSeconds.map { "\($0)s" })
        add("backoff-limit", request.backoffLimit.map(String.init))
        if request.cleanPodPolicy != .running { add("clean-pod-policy", request.cleanPodPolicy.rawValue) }
        var line = invocation + " " + ShellWords.join(words)
        if !request.command.isEmpty { line += " -- " + ShellWords.join(request.command) }
        return line
    }
}

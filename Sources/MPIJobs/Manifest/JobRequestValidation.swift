/// Flag-level checks of a `JobRequest`, reported against the flag (`--workers`) so the
/// user sees which argument to fix. They are the rules the built manifest would break
/// on the server or in the operator, caught before building it.
extension JobRequest {
    /// Paths the operator mounts itself: a PVC there would collide (`must be unique`).
    static let reservedMountPaths = ["/etc/mpi", "/root/.ssh"]

    public func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        func add(_ field: String, _ message: String) { issues.append(ValidationIssue(field: field, message: message)) }
        func joined(_ errors: [String]) -> String { errors.joined(separator: "; ") }

        if workers < 1 {
            add("--workers", "must be at least 1, got \(workers)")
        } else if workers > Int(Int32.max) {
            add("--workers", "must be at most \(Int32.max), got \(workers)")
        }
        if name.isEmpty {
            add("NAME", "a job name is required")
        } else {
            for issue in MetadataRules.nameIssues(name, field: "NAME", workers: Swift.max(workers, 1)) {
                issues.append(issue)
            }
        }
        if let namespace {
            let errors = DNS.label1123Errors(namespace)
            if !errors.isEmpty { add("--namespace", "invalid namespace \"\(namespace)\": \(joined(errors))") }
        }
        if image.allSatisfy(\.isWhitespace) {
            add("--image", "an image is required")
        } else if image.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            add("--image", "invalid image \"\(image)\": must not contain whitespace")
        }

        // The operator accepts 0 slots, but then the hostfile offers no rank a place on any worker.
        if let slotsPerWorker, slotsPerWorker == 0 {
            add("--slots-per-worker", "must be at least 1: with 0 slots mpirun places no rank on the workers")
        }
        for (flag, value) in [
            ("--slots-per-worker", slotsPerWorker), ("--gpus-per-worker", gpusPerWorker),
            ("--backoff-limit", backoffLimit), ("--ttl", ttlSeconds),
        ] {
            guard let value else { continue }
            if value < 0 { add(flag, "must not be negative, got \(value)") }
            if value > Int(Int32.max) { add(flag, "must be at most \(Int32.max), got \(value)") }
        }
        if let activeDeadlineSeconds, activeDeadlineSeconds < 0 {
            add("--active-deadline", "must not be negative, got \(activeDeadlineSeconds)s")
        }
        for (flag, quantity) in [
            ("--cpu", cpu), ("--memory", memory), ("--launcher-cpu", launcherCPU), ("--launcher-memory", launcherMemory),
        ] {
            if let quantity, quantity.isNegative { add(flag, "must not be negative, got \(quantity)") }
        }

        for (key, _) in env {
            let errors = LabelRules.envNameErrors(key)
            if !errors.isEmpty { add("--env", "invalid variable name \"\(key)\": \(joined(errors))") }
        }

        var mountPaths: Set<String> = []
        for (claim, mountPath) in pvcs {
            let errors = DNS.subdomain1123Errors(claim)
            if !errors.isEmpty { add("--pvc", "invalid claim name \"\(claim)\": \(joined(errors))") }
            if !mountPath.hasPrefix("/") {
                add("--pvc", "mount path \"\(mountPath)\" of claim \"\(claim)\" must be absolute (start with /)")
            } else if Self.reservedMountPaths.contains(where: { mountPath == $0 || mountPath == $0 + "/" }) {
                add("--pvc", "mount path \"\(mountPath)\" is used by the mpi-operator itself; choose another")
            } else if !mountPaths.insert(mountPath).inserted {
                add("--pvc", "mount path \"\(mountPath)\" is given twice")
            }
        }

        for (flag, pairs) in [("--node-selector", nodeSelector), ("--label", labels)] {
            for (key, value) in pairs {
                let keyErrors = LabelRules.keyErrors(key)
                if !keyErrors.isEmpty { add(flag, "invalid key \"\(key)\": \(joined(keyErrors))") }
                let valueErrors = LabelRules.valueErrors(value)
                if !valueErrors.isEmpty { add(flag, "invalid value \"\(value)\" for \(key): \(joined(valueErrors))") }
            }
        }
        for (flag, value) in [("--queue", queue), ("--priority-class", priorityClass)] {
            guard let value else { continue }
            // Both become label values on the MPIJob.
            let errors = value.isEmpty ? ["must not be empty"] : LabelRules.valueErrors(value)
            if !errors.isEmpty { add(flag, "invalid name \"\(value)\": \(joined(errors))") }
        }
        return issues
    }
}

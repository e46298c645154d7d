import KubeClient

/// `spec.mpiReplicaSpecs`: validateMPIReplicaSpecs and validateReplicaSpec, applied after
/// the operator's defaults (Launcher: replicas 1, restartPolicy OnFailure; Worker:
/// replicas **0**, restartPolicy Never).
enum ReplicaSpecRules {
    static let launcher = "Launcher"
    static let worker = "Worker"
    static let restartPolicies = ["Never", "OnFailure"]
    static let replicaSpecFields: Set<String> = ["replicas", "template", "restartPolicy"]

    static func check(_ value: JSON?, _ checker: inout FieldChecker) {
        let path = "spec.mpiReplicaSpecs"
        guard let specs = checker.object(value, path) else {
            if value == nil || value?.isNull == true {
                checker.add(path, "Required value: must have replica specs")
            }
            return
        }
        // The operator reads exactly these two keys; anything else is stored and ignored,
        // so `worker:` would leave the job with no workers at all.
        for key in specs.keys where key != launcher && key != worker {
            var message = "the operator reads only Launcher and Worker, so this replica spec would be ignored"
            if key.lowercased() == launcher.lowercased() || key.lowercased() == worker.lowercased() {
                message += "; did you mean \(key.lowercased() == worker.lowercased() ? worker : launcher)?"
            }
            checker.add("\(path)[\(key)]", message)
        }

        let launcherPath = "\(path)[\(launcher)]"
        if let spec = checker.object(specs[launcher], launcherPath) {
            let replicas = checkReplicaSpec(spec, path: launcherPath, &checker) ?? 1
            if replicas != 1 {
                checker.add("\(launcherPath).replicas", "Invalid value: \(replicas): must be 1")
            }
        } else if specs[launcher] == nil || specs[launcher]?.isNull == true {
            checker.add(launcherPath, "Required value: must have \(launcher) replica spec")
        }

        let workerPath = "\(path)[\(worker)]"
        if let spec = checker.object(specs[worker], workerPath) {
            if let replicas = checkReplicaSpec(spec, path: workerPath, &checker) {
                if replicas < 1 {
                    checker.add("\(workerPath).replicas", "Invalid value: \(replicas): must be greater than or equal to 1")
                }
            } else if spec["replicas"] == nil || spec["replicas"]?.isNull == true {
                checker.add(
                    "\(workerPath).replicas",
                    "Required value: the operator defaults a missing Worker replicas to 0 (not 1, as the API "
                        + "documentation says) and then refuses the job; set it to the number of workers")
            }
        }
    }

    /// The checks both replica types share; returns the replica count if it is a valid integer.
    private static func checkReplicaSpec(_ spec: JSONObject, path: String, _ checker: inout FieldChecker) -> Int? {
        checker.unknownKeys(spec, path, known: replicaSpecFields)
        let replicas = checker.integer(spec["replicas"], "\(path).replicas")
        // An empty or missing restartPolicy takes the operator's default.
        if let policy = checker.string(spec["restartPolicy"], "\(path).restartPolicy"), !policy.isEmpty,
            !restartPolicies.contains(policy)
        {
            var message = SpecRules.unsupported(policy, restartPolicies)
            if policy == "Always" || policy == "ExitCode" {
                message += " (the API documentation lists \(policy), but the operator refuses it)"
            }
            checker.add("\(path).restartPolicy", message)
        }
        let templatePath = "\(path).template"
        let template = checker.object(spec["template"], templatePath)
        let podSpec = template.flatMap { checker.object($0["spec"], "\(templatePath).spec") }
        if let metadata = template.flatMap({ checker.object($0["metadata"], "\(templatePath).metadata") }),
            let labels = checker.object(metadata["labels"], "\(templatePath).metadata.labels")
        {
            MetadataRules.checkLabels(labels, field: "\(templatePath).metadata.labels", &checker)
        }
        ContainerRules.check(podSpec, path: "\(templatePath).spec", &checker)
        return replicas
    }
}

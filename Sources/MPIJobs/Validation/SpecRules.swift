import KubeClient

/// `spec` and `spec.runPolicy`: the operator's rules (validateMPIJobSpec, validateRunPolicy)
/// after its defaults, and the schema's types.
enum SpecRules {
    static let mpiImplementations = ["OpenMPI", "Intel", "MPICH"]
    static let cleanPodPolicies = ["None", "Running", "All"]
    /// The two `managedBy` values the operator knows; with any other it skips the job.
    static let operatorManager = "kubeflow.org/mpi-operator"
    static let multiKueueManager = "kueue.x-k8s.io/multikueue"

    static let specFields: Set<String> = [
        "slotsPerWorker", "runLauncherAsWorker", "sshAuthMountPath", "launcherCreationPolicy",
        "mpiImplementation", "mpiReplicaSpecs", "runPolicy",
    ]
    static let runPolicyFields: Set<String> = [
        "cleanPodPolicy", "ttlSecondsAfterFinished", "activeDeadlineSeconds", "backoffLimit",
        "schedulingPolicy", "suspend", "managedBy",
    ]
    static let schedulingPolicyFields: Set<String> = [
        "minAvailable", "queue", "minResources", "priorityClass", "scheduleTimeoutSeconds",
    ]
    /// Fields of the retired v1/v1alpha2 spec, with where they went.
    static let retiredSpecFields: [String: String] = [
        "cleanPodPolicy": "v1's top-level cleanPodPolicy is not part of v2beta1 and the API server would prune it "
            + "silently (leaving the operator's default None); move it to spec.runPolicy.cleanPodPolicy",
        "mainContainer": "removed in v2beta1, and the API server would prune it: the MPI container is always "
            + "containers[0] of each template",
        "ttlSecondsAfterFinished": "belongs under spec.runPolicy; the API server would prune it here",
        "activeDeadlineSeconds": "belongs under spec.runPolicy; the API server would prune it here",
        "backoffLimit": "belongs under spec.runPolicy; the API server would prune it here",
    ]

    static func check(_ spec: JSONObject, _ checker: inout FieldChecker) {
        for key in spec.keys where !specFields.contains(key) {
            if let hint = retiredSpecFields[key] {
                checker.add("spec.\(key)", hint)
            } else {
                checker.add("spec.\(key)", "unknown field; the API server would drop it silently")
            }
        }

        ReplicaSpecRules.check(spec["mpiReplicaSpecs"], &checker)

        // slotsPerWorker: the CRD defaults a missing value to 1; it must be ≥ 0.
        _ = checker.nonNegative(spec["slotsPerWorker"], "spec.slotsPerWorker")
        _ = checker.bool(spec["runLauncherAsWorker"], "spec.runLauncherAsWorker")
        // An empty sshAuthMountPath passes: the operator's defaulting replaces "" with
        // /root/.ssh before its non-empty check, so that check never fails.
        _ = checker.string(spec["sshAuthMountPath"], "spec.sshAuthMountPath")
        // Neither the CRD nor the operator checks launcherCreationPolicy's value.
        _ = checker.string(spec["launcherCreationPolicy"], "spec.launcherCreationPolicy")
        if let implementation = checker.string(spec["mpiImplementation"], "spec.mpiImplementation"),
            !mpiImplementations.contains(implementation)
        {
            checker.add("spec.mpiImplementation", unsupported(implementation, mpiImplementations))
        }
        if let runPolicy = checker.object(spec["runPolicy"], "spec.runPolicy") {
            checkRunPolicy(runPolicy, &checker)
        }
    }

    private static func checkRunPolicy(_ policy: JSONObject, _ checker: inout FieldChecker) {
        let path = "spec.runPolicy"
        checker.unknownKeys(policy, path, known: runPolicyFields)
        // A missing cleanPodPolicy defaults to None; an empty string is not defaulted and fails.
        if let clean = checker.string(policy["cleanPodPolicy"], "\(path).cleanPodPolicy"),
            !cleanPodPolicies.contains(clean)
        {
            checker.add("\(path).cleanPodPolicy", unsupported(clean, cleanPodPolicies))
        }
        _ = checker.nonNegative(policy["ttlSecondsAfterFinished"], "\(path).ttlSecondsAfterFinished")
        _ = checker.nonNegative(policy["activeDeadlineSeconds"], "\(path).activeDeadlineSeconds", bits: 64)
        _ = checker.nonNegative(policy["backoffLimit"], "\(path).backoffLimit")
        _ = checker.bool(policy["suspend"], "\(path).suspend")
        if let manager = checker.string(policy["managedBy"], "\(path).managedBy"),
            manager != operatorManager, manager != multiKueueManager
        {
            checker.add(
                "\(path).managedBy",
                "Unsupported value: \"\(manager)\": the mpi-operator would silently ignore this job (no pods, no events); "
                    + "use \"\(operatorManager)\" (or leave it unset) or \"\(multiKueueManager)\"")
        }
        if let scheduling = checker.object(policy["schedulingPolicy"], "\(path).schedulingPolicy") {
            let sub = "\(path).schedulingPolicy"
            checker.unknownKeys(scheduling, sub, known: schedulingPolicyFields)
            _ = checker.integer(scheduling["minAvailable"], "\(sub).minAvailable")
            _ = checker.string(scheduling["queue"], "\(sub).queue")
            _ = checker.string(scheduling["priorityClass"], "\(sub).priorityClass")
            _ = checker.integer(scheduling["scheduleTimeoutSeconds"], "\(sub).scheduleTimeoutSeconds")
            if let resources = checker.object(scheduling["minResources"], "\(sub).minResources") {
                ContainerRules.checkQuantities(resources, field: "\(sub).minResources", &checker)
            }
        }
    }

    /// Kubernetes' `field.NotSupported` wording.
    static func unsupported(_ value: String, _ supported: [String]) -> String {
        "Unsupported value: \"\(value)\": supported values: " + supported.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}

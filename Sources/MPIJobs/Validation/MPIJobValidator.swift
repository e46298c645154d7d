import KubeClient

/// Client-side validation of an MPIJob manifest, exactly as the mpi-operator validates.
///
/// The MPIJob CRD has no admission webhook: the API server stores any object that fits
/// the schema, and the operator validates only later, in memory, after its own defaulting.
/// A job that fails gets one `ValidationError` Warning event and then sits there forever.
/// So `create` runs the operator's rules first (mpi-operator v0.8.0
/// `pkg/apis/kubeflow/validation`, after `v2beta1/default.go`), plus the schema and
/// metadata rules the API server applies, plus mistakes the server accepts without a word
/// (pruned fields, misspelled replica types, an unknown `managedBy`).
///
/// Every manifest the operator accepts passes (all upstream examples do), except for
/// mistakes it accepts but never acts on, reported on purpose: keys of
/// `spec.mpiReplicaSpecs` other than `Launcher` and `Worker`, unknown (pruned) fields in
/// `spec`, `runPolicy` and the replica specs, and containers the pod API would refuse when
/// the operator creates the pods (no name or image, a bad quantity, request > limit).
///
/// Defaults that make a field pass: missing Launcher replicas → 1; missing or empty
/// restartPolicy → OnFailure (Launcher) / Never (Worker); missing cleanPodPolicy → None;
/// missing slotsPerWorker → 1; missing or empty sshAuthMountPath → /root/.ssh (so the
/// operator's "must not be empty" check can never fail); missing mpiImplementation →
/// OpenMPI. A missing Worker replicas becomes 0 and fails, as in the operator.
public enum MPIJobValidator {
    static let apiVersion = MPIJob.apiVersion
    static let kind = MPIJob.kind

    /// The issues found, in the order of the manifest; empty means the operator will run it.
    public static func validate(_ manifest: JSON) -> [ValidationIssue] {
        var checker = FieldChecker()
        guard let root = manifest.objectValue else {
            checker.add("", "an MPIJob manifest must be an object, got \(FieldChecker.show(manifest))")
            return checker.issues
        }
        // A different kind or version has a different shape: checking it against v2beta1
        // rules would bury the one real problem under follow-up noise.
        checkTypeMeta(root, &checker)
        if !checker.issues.isEmpty { return checker.issues }

        let metadata = checker.object(root["metadata"], "metadata")
        if root["metadata"] == nil || root["metadata"]?.isNull == true {
            checker.add("metadata", "Required value: metadata.name is required")
        }
        let spec = checker.object(root["spec"], "spec")
        if root["spec"] == nil || root["spec"]?.isNull == true {
            checker.add("spec", "Required value: spec.mpiReplicaSpecs is required")
        }
        let workers = spec.map { workerCount($0) } ?? 1
        if let metadata { MetadataRules.check(metadata, workers: workers, &checker) }
        if let spec { SpecRules.check(spec, &checker) }
        return checker.issues
    }

    private static func checkTypeMeta(_ root: JSONObject, _ checker: inout FieldChecker) {
        if root["kind"] == nil {
            checker.add("kind", "Required value: must be \(kind)")
        } else if let value = checker.string(root["kind"], "kind"), value != kind {
            checker.add("kind", "Unsupported value: \"\(value)\": this tool creates only \(kind) objects (\(apiVersion))")
        }
        if root["apiVersion"] == nil {
            checker.add("apiVersion", "Required value: must be \(apiVersion)")
        } else if let value = checker.string(root["apiVersion"], "apiVersion"), value != apiVersion {
            let spec = root["spec"]?.objectValue ?? JSONObject()
            checker.add("apiVersion", "Unsupported value: \"\(value)\": " + APIVersionHint.message(for: value, spec: spec))
        }
    }

    /// N in the operator's name rule: the Worker replica count, or 1 when there is no
    /// Worker or the count is missing or not positive (validation.go, validateMPIJobName).
    private static func workerCount(_ spec: JSONObject) -> Int {
        guard let replicas = spec["mpiReplicaSpecs"]?["Worker"]?["replicas"]?.intValue, replicas > 0,
            replicas <= Int(Int32.max)
        else { return 1 }
        return replicas
    }
}

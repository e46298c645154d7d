/// Turning one typed value into a `JobRequest` field. Flags (`--workers 4`) and the guided
/// `create -i` both go through these, so a value is accepted or refused by the same rule
/// with the same message wherever it is typed. `field` names what the user typed it as
/// (`--workers`); the message says what is wrong with the value.
extension JobRequest {
    /// A whole number (`--workers`, `--gpus-per-worker`, `--backoff-limit`); ranges are
    /// `validate()`'s business, so a typed `-1` is told it must not be negative.
    public static func parseCount(_ raw: String, field: String) throws(ValidationIssue) -> Int {
        guard let value = Int(raw) else {
            throw ValidationIssue(field: field, message: "must be a whole number, got \"\(raw)\"")
        }
        return value
    }

    /// A resource amount (`--cpu 500m`, `--memory 16Gi`): a Kubernetes quantity above 0.
    public static func parseResource(_ raw: String, field: String) throws(ValidationIssue) -> Quantity {
        let value: Quantity
        do {
            value = try Quantity(parsing: raw)
        } catch {
            throw ValidationIssue(field: field, message: "\(error)")
        }
        if value.isNegative || value.isZero {
            throw ValidationIssue(field: field, message: "must be more than 0, got \"\(raw)\"")
        }
        return value
    }

    /// A Go duration in whole seconds (`--ttl 1h`, `--active-deadline 30m`).
    public static func parseWholeSeconds(_ raw: String, field: String) throws(ValidationIssue) -> Int {
        do {
            return try DurationParser.parseWholeSeconds(raw)
        } catch {
            throw ValidationIssue(field: field, message: "\(error)")
        }
    }

    /// `OpenMPI`, `Intel` or `MPICH`, in any case.
    public static func parseMPIImplementation(_ raw: String, field: String) throws(ValidationIssue) -> MPIImplementation {
        guard let value = MPIImplementation.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) else {
            throw ValidationIssue(field: field, message: "must be OpenMPI, Intel or MPICH, got \"\(raw)\"")
        }
        return value
    }

    /// `Running`, `All` or `None`, in any case.
    public static func parseCleanPodPolicy(_ raw: String, field: String) throws(ValidationIssue) -> CleanPodPolicy {
        guard let value = CleanPodPolicy.allCases.first(where: { $0.rawValue.lowercased() == raw.lowercased() }) else {
            throw ValidationIssue(field: field, message: "must be Running, All or None, got \"\(raw)\"")
        }
        return value
    }
}

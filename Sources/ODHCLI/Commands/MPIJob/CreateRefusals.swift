import MPIJobs

/// What `create` says when the namespace's ResourceQuota would refuse the job: before
/// anything exists, with the numbers, and with the fix that fits how the job was written.
extension JobSubmission {
    func printQuota(_ report: QuotaReport, job: String, namespace: String, session: Session) {
        let rows = report.exceededRows.map { [$0.quota, $0.resource, "\($0.requested)", "\($0.used)", "\($0.hard)"] }
        let table = TablePrinter().render(Table(columns: ["QUOTA", "RESOURCE", "REQUESTED", "USED", "HARD"], rows: rows))
        session.printError(ErrorReport(
            code: .refused,
            message: "mpijob \"\(job)\" does not fit the ResourceQuota of namespace \"\(namespace)\"; nothing was created\n"
                + table.trimmingCharacters(in: ["\n"]),
            hint: "ask for fewer workers or resources, wait for running jobs to finish, or use a Kueue queue (--queue)"))
    }

    /// A quota that tracks cpu/memory refuses every pod whose containers leave them out, so the
    /// job would sit forever with `MPIJobFailed ... must specify requests.cpu` events.
    func printMissingRequests(_ missing: [MissingRequest], job: String, namespace: String, session: Session) {
        session.printError(ErrorReport(
            code: .refused,
            message: "mpijob \"\(job)\" would never start: \(Self.missingSummary(missing)) in namespace \"\(namespace)\","
                + " so the quota admission would refuse its pods; nothing was created",
            hint: missingRequestsHint(missing)))
    }

    /// The LimitRanges could not be read: a default may fill the values in, or not.
    func warnMissingRequests(_ missing: [MissingRequest], session: Session) {
        session.warn(Self.missingSummary(missing) + ": the pods will be refused unless a LimitRange in the namespace"
                     + " sets defaults (LimitRanges could not be read to check)")
    }

    /// `ResourceQuota team-a-quota tracks requests.cpu and requests.memory, and the launcher and
    /// worker containers do not set them` (per role when the roles miss different values).
    static func missingSummary(_ missing: [MissingRequest]) -> String {
        var quotas: [String] = []
        for item in missing where !quotas.contains(item.quota) { quotas.append(item.quota) }
        return quotas.map { quota in
            let items = missing.filter { $0.quota == quota }
            var keys: [String] = []
            var roles: [String] = []
            for item in items {
                if !keys.contains(item.key) { keys.append(item.key) }
                if !roles.contains(item.role) { roles.append(item.role) }
            }
            let byRole = roles.map { role in items.filter { $0.role == role }.map(\.key) }
            if byRole.allSatisfy({ $0.count == keys.count }) {
                return "ResourceQuota \(quota) tracks \(keys.humanList(limit: .max)), and the \(roles.humanList(limit: .max)) containers do not set"
                    + (keys.count == 1 ? " it" : " them")
            }
            let gaps = zip(roles, byRole).map { "the \($0) containers do not set \($1.humanList(limit: .max))" }
            return "ResourceQuota \(quota) tracks \(keys.humanList(limit: .max)); " + gaps.joined(separator: ", ")
        }.joined(separator: "; ")
    }

    /// The flags that set each missing value for a job from flags; the fields for a manifest.
    func missingRequestsHint(_ missing: [MissingRequest]) -> String {
        guard fromFlags else {
            let resources = Array(Set(missing.map(\.resource))).sorted().humanList(limit: .max)
            let roles = Array(Set(missing.map { $0.role == "launcher" ? "Launcher" : "Worker" })).sorted().humanList(limit: .max)
            return "add resources.requests (or limits) for \(resources) to every container of the \(roles) template"
                + (roles.contains("and") ? "s" : "")
        }
        var flags: [String] = []
        for item in missing {
            let flag = (item.role == "launcher" ? "--launcher-" : "--") + item.resource
            if !flags.contains(flag) { flags.append(flag) }
        }
        return "set them with \(flags.sorted { $0.count < $1.count || ($0.count == $1.count && $0 < $1) }.humanList(limit: .max))"
            + " (each sets the request and the limit)"
    }
}

import KubeClient
import MPIJobs

/// What the pre-flight found for one job, before anything was sent.
struct PreflightFindings: Sendable {
    var namespace: String
    /// nil: the review could not be asked (the reason is in `problems`).
    var access: Preflight.Access?
    /// nil: the namespace's quotas could not be read.
    var quota: QuotaReport?
    var quotaCount = 0
    var problems: [String] = []

    var fits: Bool { !(quota?.exceeded ?? false) }
    var denied: Bool {
        if case .some(.denied) = access { return true }
        return false
    }
}

/// The pre-flight as text for `create -i`'s review: may I create it, and does it fit the
/// quota, with the numbers (requested, used, hard, left) for every quota line it touches.
struct PreflightView {
    var color: Bool

    func render(_ findings: PreflightFindings) -> String {
        var out = "Pre-flight in namespace \"\(findings.namespace)\":\n"
        switch findings.access {
        case .some(.allowed):
            out += "  permission: you may create mpijobs.kubeflow.org here\n"
        case .some(.denied(let reason)):
            out += "  permission: " + paint("DENIED", red: true)
                + ": you may not create mpijobs.kubeflow.org here" + (reason.map { $0.isEmpty ? "" : " (\($0))" } ?? "") + "\n"
        case .some(.unknown):
            out += "  permission: could not be checked (the API server did not answer the access review)\n"
        case .none:
            break
        }
        if let quota = findings.quota {
            if findings.quotaCount == 0 {
                out += "  quota: the namespace has no ResourceQuota\n"
            } else if quota.rows.isEmpty {
                out += "  quota: no limit of the namespace's \(findings.quotaCount) ResourceQuota(s) applies to this job\n"
            } else {
                out += "  quota:\n"
                let table = TablePrinter().render(Table(
                    columns: ["QUOTA", "RESOURCE", "REQUESTED", "USED", "HARD", "LEFT", "FITS"],
                    rows: quota.rows.map { row in
                        [row.quota, row.resource, "\(row.requested)", "\(row.used)", "\(row.hard)", "\(row.available)",
                         row.exceeded ? "NO" : "yes"]
                    }))
                for line in table.split(separator: "\n") {
                    let text = String(line)
                    out += "    " + (text.hasSuffix("NO") ? String(text.dropLast(2)) + paint("NO", red: true) : text) + "\n"
                }
            }
            for note in quota.notes { out += "  note: \(note)\n" }
        } else if findings.access != nil {
            out += "  quota: the namespace's ResourceQuotas could not be read; the API server checks only the object count\n"
        }
        for problem in findings.problems { out += "  note: \(problem)\n" }
        if findings.denied {
            out += "  → " + paint("submitting will be refused", red: true) + ": you lack the permission\n"
        } else if !findings.fits, let quota = findings.quota {
            let over = quota.exceededRows.map { "\($0.resource) (\($0.requested) requested, \($0.available) left)" }
            out += "  → " + paint("does not fit", red: true) + ": " + over.joined(separator: ", ")
                + "; submitting will be refused and nothing created\n"
        } else if findings.access == .allowed, let quota = findings.quota {
            out += quota.notes.isEmpty && findings.problems.isEmpty
                ? "  → ready to submit\n" : "  → fits, but read the notes above before submitting\n"
        }
        return out
    }

    private func paint(_ text: String, red: Bool) -> String {
        color && red ? "\u{1B}[31m\(text)\u{1B}[0m" : text
    }
}

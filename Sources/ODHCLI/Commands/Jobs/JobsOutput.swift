import KubeClient
import MPIJobs
import TrainingJobs

/// Sends jobs of any kinds to the printer chosen by `-o`; shared by `jobs list` and `jobs get`.
/// Tables read by namespace and name; JSON, YAML and names keep kubectl's order for
/// `kubectl get mpijobs,pytorchjobs,... -o json` (kind by kind, each as the server listed it),
/// so scripts see the same `List`.
struct JobsOutput {
    let session: Session
    let format: OutputFormat
    let noHeaders: Bool

    func print(_ jobs: [TrainingJob], asList: Bool, withNamespace: Bool, emptyNamespace: String?) throws {
        switch format {
        case .table, .wide:
            if jobs.isEmpty {
                if asList { try JobOutput.noResources(session, namespace: emptyNamespace) }
                return
            }
            let table = JobsTableView.table(JobsTableView.sorted(jobs), wide: format == .wide,
                                            withNamespace: withNamespace, now: Timestamp.now())
            try session.stdout.write(TablePrinter(showHeaders: !noHeaders).render(table))
        case .name:
            for job in jobs {
                try session.stdout.write(bytes: ObjectPrinter(format: .name, resourceName: job.kind.resource.objectName)
                    .render([job.object], asList: false))
            }
        case .json, .yaml:
            if jobs.isEmpty && !asList { return }
            let printer = ObjectPrinter(format: format, resourceName: "")
            try session.stdout.write(bytes: printer.render(jobs.map(\.object), asList: asList))
        }
    }
}

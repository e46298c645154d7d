import KubeClient
import MPIJobs
import TrainingJobs

/// `usage [-n NS | -A]`: who holds the GPUs. Per job and per namespace, the GPUs, CPU and memory
/// its running pods request (pending pods apart), most GPUs first; then every ResourceQuota's
/// hard limits and, where Kueue is installed, each ClusterQueue's nominal quota against them.
/// A user without cluster-wide rights sees the namespace of their context, told what was hidden.
struct UsageCommand: CLICommand {
    static let formats: [OutputFormat] = [.table, .json, .yaml]

    static let spec = CommandSpec(
        name: "usage", summary: "GPUs, CPU and memory requested by training jobs, against quotas",
        usage: ["[-n NAMESPACE | -A] [-o table|json|yaml] [--no-headers]"],
        description: """
            Counts the pods of every training job (MPIJob, PyTorchJob, TFJob, XGBoostJob, PaddleJob,
            JAXJob, TrainJob): running pods, and pending ones apart. Limits are each ResourceQuota's
            compute keys and, with Kueue, each ClusterQueue's nominal quota (summed over flavors);
            REQUESTED is what the jobs' running and pending pods ask, USED what the quota or Kueue
            counts. What you may not read is named on stderr.
            """,
        options: [SharedOptions.output(formats), SharedOptions.noHeaders],
        examples: [
            "kubectl odh usage -A",
            "kubectl odh usage -n team-a",
            "kubectl odh usage -A -o json | jq -r '.jobs[] | \"\\(.running.gpus) \\(.namespace)/\\(.name)\"'",
        ])

    var format: OutputFormat
    var noHeaders: Bool
    var allNamespaces: Bool

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.isEmpty else {
            throw UsageError("usage takes no arguments (got \"\(parsed.positionals[0])\")",
                             hint: "choose the namespace with -n NAMESPACE, or -A for all")
        }
        format = try OutputFormat.parse(parsed.string("output"), allowed: Self.formats)
        noHeaders = try parsed.flag("no-headers")
        allNamespaces = globals.allNamespaces
    }

    func run(_ session: Session) throws -> ExitCode {
        let served = try session.servedResources()
        guard !served.kinds().isEmpty else { return session.report(TrainingJobError.noKindsServed) }
        let collector = UsageCollector(api: try session.api(), served: served)
        var namespace: String? = allNamespaces ? nil : try session.namespace
        var notVisible: [String] = []
        var collection: UsageCollection
        do {
            collection = try collector.collect(namespace: namespace)
        } catch {
            guard namespace == nil, case .api(let status) = error, status.code == 403 else {
                return session.report(error, namespace: namespace, resource: "pods")
            }
            // No cluster-wide rights: what this user can see is their context's namespace.
            let own = try session.namespace
            notVisible.append("other namespaces than \"\(own)\": \(status.message)")
            namespace = own
            do {
                collection = try collector.collect(namespace: own)
            } catch {
                return session.report(error, namespace: own, resource: "pods")
            }
        }
        notVisible += collection.notVisible
        let report = UsageAccounting.report(collection.inputs)
        switch format {
        case .json, .yaml:
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: "").renderDocument(
                UsageDocument.document(report, namespace: namespace, notVisible: notVisible)))
        default:
            if report.jobs.isEmpty && report.limits.isEmpty {
                try session.stderr.line(namespace.map { "No training job has pods in \($0) namespace." }
                                        ?? "No training job has pods.")
            } else {
                try session.stdout.write(UsageView.render(report, showHeaders: !noHeaders))
            }
        }
        try session.stdout.flush()
        for note in report.notes { session.warn(note) }
        for hidden in notVisible { session.note("not visible: \(hidden)") }
        return .success
    }
}

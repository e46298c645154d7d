import KubeClient
import MPIJobs

/// `get NAME --watch`: the job, then each change, until Ctrl-C, its deletion (exit 4) or,
/// with `--until-done`, its end (exit 0 or 3).
extension GetCommand {
    func watchJob(_ session: Session, client: MPIJobClient, namespace: String) throws -> ExitCode {
        let printer = WatchPrinter(session: session, format: format, noHeaders: noHeaders, withNamespace: false)
        var code: ExitCode = .success
        do {
            switch format {
            case .table, .wide: code = try watchRows(session, client: client, namespace: namespace, printer: printer)
            case .json, .yaml, .name: code = try watchObjects(session, client: client, namespace: namespace, printer: printer)
            }
        } catch where WatchEnding.isInterrupt(error) {
            return .interrupted
        } catch let error as ClientError {
            return session.report(client.translate(error, name: nil, namespace: namespace), namespace: namespace)
        } catch let error as MPIJobError {
            return session.report(error, namespace: namespace)
        }
        return code
    }

    /// With `--until-done`: whether the job ended (and then what it means for the exit code).
    private func ended(_ job: MPIJob, session: Session, namespace: String) -> ExitCode? {
        guard untilDone, job.phase.isFinished else { return nil }
        guard job.phase == .failed else { return .success }
        session.printError(ErrorReport(
            code: .jobFailed, message: "mpijob \"\(names[0])\" failed" + (job.failureSummary.map { ": \($0)" } ?? ""),
            hint: "see why: kubectl odh mpijob describe \(names[0]) -n \(namespace)"))
        return .jobFailed
    }

    /// Rows: the job and its launcher pod are watched together, so STATUS turns Restarting
    /// while the launcher crash-loops in place (no field of the MPIJob changes then). A job
    /// with a queue label shows Kueue's view, as `get` does (WatchQueues), and its Workload is
    /// watched too (WorkloadWatch): Kueue suspends and resumes a queued job through it alone.
    private func watchRows(_ session: Session, client: MPIJobClient, namespace: String,
                           printer: WatchPrinter) throws -> ExitCode {
        let name = names[0]
        // The feed watches on connections of its own; `client.api` is free for reads in between.
        let feed = try JobChangeFeed(api: client.api, name: name, namespace: namespace)
        let shared = WatchShared(printer: printer, session: session)
        var workloads: WorkloadWatch?
        defer { workloads?.stop() }
        var first = true
        var last: MPIJob?
        var code: ExitCode = .success
        try feed.run { change in
            switch change {
            case .notFound:
                code = session.report(MPIJobError.notFound(name: name, namespace: namespace))
                return .stop
            case .deleted:
                try shared.locked { _, printer, session in
                    if let last { try printer.change(.deleted, job: last) }
                    session.printError(ErrorReport(code: .notFound, message: "mpijob \"\(name)\" was deleted"))
                }
                code = .notFound
                return .stop
            case .changed(let job):
                let seen = try observeLaunchers([job], api: client.api, namespace: namespace)[0]
                if first {
                    try shared.locked { queues, printer, session in
                        code = queues.load(session, api: client.api, namespace: namespace, jobs: [seen],
                                           wide: format == .wide)
                        if code == .interrupted { return }
                        printer.queues = queues.index
                        try printer.initial([seen])
                    }
                    if code == .interrupted { return .stop }
                    first = false
                    workloads = try WorkloadWatch.start(shared: shared, api: client.api, namespace: namespace,
                                                        statuses: [])
                } else {
                    try shared.locked { queues, printer, session in
                        // The feed also reports pod changes; Kueue's verdict comes with a change of the job itself.
                        if seen.resourceVersion != last?.resourceVersion {
                            try queues.refresh(session, job: seen, api: client.api)
                            printer.queues = queues.index
                        }
                        try printer.change(.modified, job: seen)
                    }
                }
                last = seen
                if let end = ended(seen, session: session, namespace: namespace) {
                    code = end
                    return .stop
                }
                return .proceed
            }
        }
        return code
    }

    /// Objects (`-o json|yaml|name`): each change of the MPIJob as the server sent it.
    private func watchObjects(_ session: Session, client: MPIJobClient, namespace: String,
                              printer: WatchPrinter) throws -> ExitCode {
        let name = names[0]
        let watcher = ListWatcher(api: client.api, collectionPath: MPIJobClient.collectionPath(namespace: namespace),
                                  query: [("fieldSelector", "metadata.name=\(name)")])
        var listedJob: MPIJob?
        var listed = false
        var code: ExitCode = .success
        _ = try watcher.run(deadline: nil) { event in
            guard listed else {
                listedJob = MPIJob(event.object)
                return .proceed
            }
            try printer.change(event)
            if event.kind == .deleted {
                session.printError(ErrorReport(code: .notFound, message: "mpijob \"\(name)\" was deleted"))
                code = .notFound
                return .stop
            }
            if let end = ended(MPIJob(event.object), session: session, namespace: namespace) {
                code = end
                return .stop
            }
            return .proceed
        } onListed: {
            listed = true
            guard let job = listedJob else {
                code = session.report(MPIJobError.notFound(name: name, namespace: namespace))
                return .stop
            }
            try printer.initial([job])
            if let end = ended(job, session: session, namespace: namespace) {
                code = end
                return .stop
            }
            return .proceed
        }
        return code
    }
}

import KubeClient
import MPIJobs

/// Sending one job: RBAC, quota and queue pre-flight, the POST, and its output.
extension JobSubmission {
    func printDryRun(_ objects: [JSON], session: Session) throws -> ExitCode {
        switch format {
        case .json, .yaml, .name:
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: MPIJob.objectName)
                .render(objects, asList: objects.count > 1))
        default:
            for object in objects {
                try session.stdout.line("\(MPIJob.objectName)/\(MPIJob(object).name) created (dry run)")
            }
        }
        return .success
    }

    /// The exit code, and the created job's name (the server picks it for a generateName).
    func submit(_ object: JSON, namespace: String, api: KubeAPI, session: Session) throws -> (ExitCode, String?) {
        let job = MPIJob(object)
        let shownName = job.name.isEmpty ? (object[path: "metadata", "generateName"]?.stringValue ?? "") + "…" : job.name
        do {
            // A mistyped queue first: it is the fix to make before any quota matters. The API
            // server's dry run does not look for the LocalQueue either, so it is checked for both.
            if let refused = try checkQueue(job, shownName: shownName, namespace: namespace, api: api, session: session) {
                return (refused, nil)
            }
            if dryRun == .none,
                let refused = try preflight(job, shownName: shownName, namespace: namespace, api: api, session: session)
            {
                return (refused, nil)
            }
        } catch {
            return (session.report(error, namespace: namespace), nil)
        }
        let path = MPIJobClient.collectionPath(namespace: namespace) + (dryRun == .server ? "?dryRun=All" : "")
        let created: JSON
        do {
            created = try api.post(path, body: object, expectKind: MPIJob.kind)
        } catch {
            if case .api(let status) = error, status.code == 409 {
                session.printError(ErrorReport(
                    code: .conflict, message: "mpijob \"\(shownName)\" already exists in namespace \"\(namespace)\"",
                    hint: clashHint ?? "delete it first (kubectl odh mpijob delete \(job.name) -n \(namespace)) or choose another name"))
                return (.conflict, nil)
            }
            // translate tells a missing CRD from a missing namespace and passes the rest on.
            return (session.report(MPIJobClient(api: api).translate(error, name: nil, namespace: namespace),
                                   namespace: namespace), nil)
        }
        let name = MPIJob(created).name
        switch format {
        case .json, .yaml, .name:
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: MPIJob.objectName)
                .render([created], asList: false))
        default:
            try session.stdout.line("\(MPIJob.objectName)/\(name) created" + (dryRun == .server ? " (server dry run)" : ""))
        }
        try session.stdout.flush()
        return (.success, name)
    }

    /// RBAC and ResourceQuota: the exit code when the job is refused, nil when it may go.
    private func preflight(_ job: MPIJob, shownName: String, namespace: String, api: KubeAPI, session: Session)
        throws -> ExitCode?
    {
        let preflight = Preflight(api: api)
        if case .denied(let reason) = try preflight.canCreate(namespace: namespace) {
            let user: String
            do { user = "user \"\(try session.context().userName)\"" } catch { user = "you" }
            session.printError(ErrorReport(
                code: .notAllowed,
                message: "\(user) may not create mpijobs.kubeflow.org in namespace \"\(namespace)\""
                    + (reason.map { $0.isEmpty ? "" : " (\($0))" } ?? "") + "; nothing was created",
                hint: "ask a namespace admin for the 'create' verb on mpijobs.kubeflow.org, or pick another namespace with -n"))
            return .notAllowed
        }
        if let quotas = try preflight.quotas(namespace: namespace) {
            let report = QuotaCheck.check(job: job.object, quotas: quotas)
            if report.exceeded {
                printQuota(report, job: shownName, namespace: namespace, session: session)
                return .refused
            }
            if !report.missingRequests.isEmpty {
                // A LimitRange default fills in what a container leaves out, before the quota looks.
                let defaults = try preflight.limitRangeDefaults(namespace: namespace)
                let missing = report.missingRequests.filter { !(defaults?.contains($0.resource) ?? false) }
                if defaults == nil {
                    warnMissingRequests(missing, session: session)
                } else if !missing.isEmpty {
                    printMissingRequests(missing, job: shownName, namespace: namespace, session: session)
                    return .refused
                }
            }
            for note in report.notes { session.warn(note) }
        }
        return nil
    }

    /// A queue-name label that names no LocalQueue: exit 4, with the namespace's LocalQueues.
    private func checkQueue(_ job: MPIJob, shownName: String, namespace: String, api: KubeAPI, session: Session)
        throws -> ExitCode?
    {
        guard let queue = job.queueName else { return nil }
        switch try QueueCheck.check(api: api, job: job.object, namespace: namespace) {
        case .fine:
            return nil
        case .unknown(let reason):
            session.warn("cannot check that LocalQueue \"\(queue)\" exists: \(reason)")
            return nil
        case .missing(let available):
            let hint: String
            switch available {
            case .some(let names) where !names.isEmpty:
                let guess = Suggestion.closest(to: queue, in: names)
                hint = "LocalQueues in \(namespace): \(names.joined(separator: ", "))"
                    + (guess.map { " — did you mean \($0)? (--queue \($0), or the \(MPIJob.queueLabel) label)" } ?? "")
            case .some:
                hint = "namespace \(namespace) has no LocalQueue: ask a Kueue admin for one, or create the job without --queue"
            case .none:
                hint = "list them with: kubectl get localqueues -n \(namespace)"
            }
            session.printError(ErrorReport(
                code: .notFound,
                message: "LocalQueue \"\(queue)\" not found in namespace \"\(namespace)\": Kueue would keep mpijob \"\(shownName)\" suspended forever; nothing was created",
                hint: hint))
            return .notFound
        }
    }
}

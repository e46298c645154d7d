import KubeClient
import MPIJobs

/// Sending one job: RBAC and quota pre-flight, the POST, and its output.
extension CreateCommand {
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

    func submit(_ object: JSON, namespace: String, api: KubeAPI, session: Session) throws -> ExitCode {
        let job = MPIJob(object)
        let preflight = Preflight(api: api)
        if dryRun == .none {
            do {
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
                    let report = QuotaCheck.check(job: object, quotas: quotas)
                    if report.exceeded {
                        printQuota(report, job: job.name, namespace: namespace, session: session)
                        return .refused
                    }
                    if !report.missingRequests.isEmpty {
                        let defaults = try preflight.limitRangeDefaults(namespace: namespace)
                        let missing = report.missingRequests.filter { !(defaults?.contains($0.resource) ?? false) }
                        if defaults == nil {
                            warnMissingRequests(missing, session: session)
                        } else if !missing.isEmpty {
                            printMissingRequests(missing, job: job.name, namespace: namespace, session: session)
                            return .refused
                        }
                    }
                    for note in report.notes { session.warn(note) }
                }
            } catch {
                return session.report(error, namespace: namespace)
            }
        }
        let path = MPIJobClient.collectionPath(namespace: namespace) + (dryRun == .server ? "?dryRun=All" : "")
        let created: JSON
        do {
            created = try api.post(path, body: object, expectKind: MPIJob.kind)
        } catch {
            if case .api(let status) = error, status.code == 409 {
                session.printError(ErrorReport(
                    code: .conflict, message: "mpijob \"\(job.name)\" already exists in namespace \"\(namespace)\"",
                    hint: "delete it first (kubectl odh mpijob delete \(job.name) -n \(namespace)) or choose another name"))
                return .conflict
            }
            // translate tells a missing CRD from a missing namespace and passes the rest on.
            return session.report(MPIJobClient(api: api).translate(error, name: nil, namespace: namespace),
                                  namespace: namespace)
        }
        switch format {
        case .json, .yaml, .name:
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: MPIJob.objectName)
                .render([created], asList: false))
        default:
            try session.stdout.line("\(MPIJob.objectName)/\(job.name) created" + (dryRun == .server ? " (server dry run)" : ""))
        }
        try session.stdout.flush()
        return .success
    }
}

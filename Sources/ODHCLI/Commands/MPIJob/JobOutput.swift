import KubeClient
import MPIJobs

/// Sends jobs to the printer chosen by `-o`; shared by list and get.
struct JobOutput {
    let session: Session
    let format: OutputFormat
    let noHeaders: Bool

    func print(_ jobs: [MPIJob], asList: Bool, withNamespace: Bool, emptyNamespace: String?,
               queues: QueueIndex? = nil) throws {
        switch format {
        case .table, .wide:
            if jobs.isEmpty {
                if asList { try Self.noResources(session, namespace: emptyNamespace) }
                return
            }
            let table = MPIJobTableView.table(jobs, wide: format == .wide, withNamespace: withNamespace,
                                              now: Timestamp.now(), queues: queues)
            try session.stdout.write(TablePrinter(showHeaders: !noHeaders).render(table))
        case .json, .yaml, .name:
            if jobs.isEmpty && !asList { return }
            let printer = ObjectPrinter(format: format, resourceName: MPIJob.objectName)
            try session.stdout.write(bytes: printer.render(jobs.map(\.object), asList: asList))
        }
    }

    /// kubectl says this on stderr so that scripts reading stdout see nothing.
    static func noResources(_ session: Session, namespace: String?) throws {
        try session.stderr.line(namespace.map { "No resources found in \($0) namespace." } ?? "No resources found")
    }

    /// A list collected as it arrived (`list`): the table, or the document already written.
    func print(_ collected: inout JobListCollector, emptyNamespace: String?) throws {
        switch format {
        case .table, .wide:
            guard collected.count > 0 else {
                try Self.noResources(session, namespace: emptyNamespace)
                return
            }
            try session.stdout.write(TablePrinter(showHeaders: !noHeaders).render(collected.table()))
        case .json, .yaml, .name:
            for piece in try collected.document() { try session.stdout.write(bytes: piece) }
        }
    }

    /// Objects kept as the server's bytes, as `-o json` (one alone, several as a List).
    func printJSON(_ objects: [RawObject], asList: Bool) throws {
        if objects.isEmpty && !asList { return }
        if objects.count == 1 && !asList {
            try session.stdout.write(bytes: try ObjectPrinter.json(objects[0]))
            return
        }
        var writer = ListDocumentWriter(format: .json, resourceName: MPIJob.objectName)
        for object in objects {
            try object.bytes.withUnsafeBufferPointer { (bytes) throws(ClientError) in try writer.append(json: bytes) }
        }
        for piece in writer.finish() { try session.stdout.write(bytes: piece) }
    }
}

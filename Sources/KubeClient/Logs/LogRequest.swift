/// The `/log` request for one attempt at reading a target, and what a refusal means.
enum LogRequest {
    /// `follow` is false for the last read of a stream after its job ended: that read ends by
    /// itself once it has sent everything written so far.
    static func path(_ target: LogTarget, options: LogOptions, since: String?, firstRead: Bool, follow: Bool) -> String {
        var query: [(String, String)] = [("container", target.container)]
        if follow { query.append(("follow", "true")) }
        if options.previous { query.append(("previous", "true")) }
        if options.requestTimestamps { query.append(("timestamps", "true")) }
        if let limit = options.limitBytes { query.append(("limitBytes", String(limit))) }
        if let since {
            // A resumed read: everything after what was seen, whatever the first read asked.
            query.append(("sinceTime", since))
        } else if firstRead && !target.readFromStart {
            if let tail = options.tailLines, tail >= 0 { query.append(("tailLines", String(tail))) }
            if let seconds = options.sinceSeconds { query.append(("sinceSeconds", String(seconds))) }
        }
        return "/api/v1/namespaces/\(QueryString.segment(target.namespace))/pods/\(QueryString.segment(target.pod))/log"
            + QueryString.encode(query)
    }

    /// What a non-2xx answer to a log request means for its stream.
    enum Refusal: Equatable {
        /// 400 "container … is waiting to start: REASON".
        case waiting(reason: String)
        /// 400 "previous terminated container … not found".
        case noPreviousRun
        /// 404: the pod is gone.
        case gone
        /// 429, 5xx: worth another try.
        case transient(APIStatus)
        /// 401, 403: no stream will fare better; stop.
        case fatal(APIStatus)
        case failed(APIStatus)
    }

    static func classify(_ status: APIStatus) -> Refusal {
        switch status.code {
        case 400:
            let message = status.message
            if let range = message.firstRange(of: "is waiting to start") {
                var reason = String(message[range.upperBound...])
                if reason.hasPrefix(":") { reason.removeFirst() }
                reason = reason.trimmingCharacters(in: [" "])
                return .waiting(reason: reason.isEmpty ? "ContainerCreating" : reason)
            }
            if message.contains("does not have a host assigned") { return .waiting(reason: "not scheduled yet") }
            // The kubelet has no status for the container yet.
            if message.hasSuffix("is not available") { return .waiting(reason: "ContainerCreating") }
            if message.contains("PodInitializing") { return .waiting(reason: "PodInitializing") }
            if message.hasPrefix("previous terminated container") && message.hasSuffix("not found") {
                return .noPreviousRun
            }
            return .failed(status)
        case 404:
            return .gone
        case 401, 403:
            return .fatal(status)
        case 429, 500, 502, 503, 504:
            return .transient(status)
        default:
            return .failed(status)
        }
    }
}

/// The `Date` header (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) as RFC 3339: the
/// server's own clock, for a `sinceTime` that does not depend on ours.
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func rfc3339(_ text: String) -> String? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), (1...31).contains(day),
            let monthIndex = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]), parts[3].count == 4
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && Int($0) != nil }) else { return nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(monthIndex + 1))-\(two(day))T\(clock[0]):\(clock[1]):\(clock[2])Z"
    }
}

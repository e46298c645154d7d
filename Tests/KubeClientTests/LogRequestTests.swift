import Testing

@testable import KubeClient

@Suite struct LogRequestTests {
    let target = LogTarget(id: "u1", namespace: "team-a", pod: "pi-worker-0", container: "mpi-worker",
                           label: "worker-0", state: .running(instance: "c1"))

    @Test func firstReadCarriesTailAndSince() {
        let options = LogOptions(follow: true, tailLines: 5, sinceSeconds: 60)
        let path = LogRequest.path(target, options: options, since: nil, firstRead: true, follow: true)
        #expect(path == "/api/v1/namespaces/team-a/pods/pi-worker-0/log?container=mpi-worker&follow=true"
            + "&timestamps=true&tailLines=5&sinceSeconds=60")
    }

    @Test func aResumedReadStartsAtTheCursorOnly() {
        let options = LogOptions(follow: true, tailLines: 5, sinceSeconds: 60)
        let path = LogRequest.path(target, options: options, since: "2026-11-24T01:21:15.442086393Z", firstRead: false,
                                   follow: true)
        #expect(path.hasSuffix("&timestamps=true&sinceTime=2026-11-24T01%3A21%3A15.442086393Z"))
        #expect(!path.contains("tailLines") && !path.contains("sinceSeconds"))
    }

    @Test func aPodThatAppearedLaterIsReadFromItsStart() {
        var late = target
        late.readFromStart = true
        let path = LogRequest.path(late, options: LogOptions(follow: true, tailLines: 5), since: nil, firstRead: true,
                                  follow: true)
        #expect(!path.contains("tailLines"))
    }

    @Test func limitBytesTurnsOffInternalTimestamps() {
        let path = LogRequest.path(target, options: LogOptions(previous: true, limitBytes: 100), since: nil, firstRead: true,
                                  follow: false)
        #expect(path == "/api/v1/namespaces/team-a/pods/pi-worker-0/log?container=mpi-worker&previous=true&limitBytes=100")
        let shown = LogRequest.path(target, options: LogOptions(showTimestamps: true, limitBytes: 100), since: nil,
                                    firstRead: true, follow: false)
        #expect(shown.contains("timestamps=true"))
    }

    /// The answers of golden 37-40 (kube-apiserver 1.32).
    @Test func refusalsMeanWhatTheySay() {
        func status(_ code: Int, _ message: String) -> APIStatus {
            APIStatus(code: code, reason: code == 404 ? "NotFound" : "BadRequest", message: message)
        }
        #expect(LogRequest.classify(status(400, "container \"mpi-worker\" in pod \"pull-worker-0\" is waiting to start: "
            + "trying and failing to pull image")) == .waiting(reason: "trying and failing to pull image"))
        #expect(LogRequest.classify(status(400, "container \"mpi-worker\" in pod \"x\" is waiting to start: ContainerCreating"))
            == .waiting(reason: "ContainerCreating"))
        #expect(LogRequest.classify(status(400, "previous terminated container \"mpi-worker\" in pod \"running-worker-0\" "
            + "not found")) == .noPreviousRun)
        #expect(LogRequest.classify(status(404, "pods \"nosuch\" not found")) == .gone)
        let invalid = status(400, "container nosuch is not valid for pod running-worker-0")
        #expect(LogRequest.classify(invalid) == .failed(invalid))
        let forbidden = APIStatus(code: 403, reason: "Forbidden", message: "no")
        #expect(LogRequest.classify(forbidden) == .fatal(forbidden))
        let busy = APIStatus(code: 429, reason: "TooManyRequests", message: "slow down")
        #expect(LogRequest.classify(busy) == .transient(busy))
    }

    @Test func httpDatesBecomeRFC3339() {
        #expect(HTTPDate.rfc3339("Tue, 24 Nov 2026 01:21:07 GMT") == "2026-11-24T01:21:07Z")
        #expect(HTTPDate.rfc3339("Sun, 06 Nov 1994 08:49:37 GMT") == "1994-11-06T08:49:37Z")
        #expect(HTTPDate.rfc3339("yesterday") == nil)
        #expect(HTTPDate.rfc3339("Tue, 24 Foo 2026 01:21:07 GMT") == nil)
    }

    func pod(_ json: String) throws -> JSON { try JSONParser.parse(json) }

    @Test func containerStatesFromThePod() throws {
        let running = try pod(#"{"spec":{"restartPolicy":"Never"},"status":{"phase":"Running","containerStatuses":[{"name":"m","restartCount":0,"containerID":"c://1","state":{"running":{}}}]}}"#)
        #expect(ContainerLogState(pod: running, container: "m") == .running(instance: "c://1"))
        let oom = try pod(#"{"spec":{"restartPolicy":"Never"},"status":{"phase":"Failed","containerStatuses":[{"name":"m","restartCount":0,"containerID":"c://1","state":{"terminated":{"exitCode":137,"reason":"OOMKilled","containerID":"c://1"}}}]}}"#)
        #expect(ContainerLogState(pod: oom, container: "m") == .terminated(instance: "c://1", final: true))
        let backoff = try pod(#"{"spec":{"restartPolicy":"OnFailure"},"status":{"phase":"Running","containerStatuses":[{"name":"m","restartCount":1,"state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1,"containerID":"c://1"}}}]}}"#)
        #expect(ContainerLogState(pod: backoff, container: "m") == .terminated(instance: "c://1", final: false))
        let pulling = try pod(#"{"status":{"phase":"Pending","containerStatuses":[{"name":"m","restartCount":0,"state":{"waiting":{"reason":"ImagePullBackOff"}}}]}}"#)
        #expect(ContainerLogState(pod: pulling, container: "m") == .waiting(reason: "ImagePullBackOff"))
        let unscheduled = try pod(#"{"status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable"}]}}"#)
        #expect(ContainerLogState(pod: unscheduled, container: "m") == .waiting(reason: "Unschedulable"))
        #expect(ContainerLogState(pod: try pod(#"{"status":{"phase":"Pending"}}"#), container: "m") == .waiting(reason: "Pending"))
    }
}

extension LogRequestTests {
    /// After the job ended, a stream of a container that still runs is read once more without
    /// `follow`, from its cursor: the server ends that read when it has sent all there is.
    @Test func aFinalReadAsksWithoutFollowFromTheCursor() {
        let options = LogOptions(follow: true, tailLines: 5)
        let path = LogRequest.path(target, options: options, since: "2026-11-24T01:21:15Z", firstRead: false,
                                   follow: false)
        #expect(!path.contains("follow="))
        #expect(path.contains("sinceTime=2026-11-24T01%3A21%3A15Z"))
        #expect(!path.contains("tailLines"))
    }
}

import Testing

@testable import KubeClient

@Suite struct TimestampTests {
    @Test func parsesKubernetesTimestamps() {
        #expect(Timestamp.parse("1970-01-01T00:00:00Z") == 0)
        #expect(Timestamp.parse("2026-11-24T01:21:07Z") == 1_795_483_267)
        #expect(Timestamp.parse("2026-11-24T02:21:07+01:00") == 1_795_483_267)
        #expect(Timestamp.parse("2026-11-24T01:21:07.5Z") == 1_795_483_267.5)
        #expect(Timestamp.parse("2026-13-24T01:21:07Z") == nil)
        #expect(Timestamp.parse("yesterday") == nil)
        #expect(Timestamp.parse("2026-11-24T01:21:07") == nil)
    }

    @Test func formatsBack() {
        #expect(Timestamp.format(1_795_483_267) == "2026-11-24T01:21:07Z")
        #expect(Timestamp.format(0) == "1970-01-01T00:00:00Z")
    }
}

@Suite struct Base64Tests {
    @Test func roundTrip() {
        for text in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            let encoded = Base64.encode(Array(text.utf8))
            #expect(Base64.decode(encoded) == Array(text.utf8))
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.decode("Zm9v\nYmFy") == Array("foobar".utf8))
        #expect(Base64.decode("Zm9v!") == nil)
        #expect(Base64.decode("Zg==Zg") == nil)
    }
}

@Suite struct QueryStringTests {
    @Test func escapesSelectors() {
        #expect(QueryString.encode([("labelSelector", "a=b,c!=d"), ("limit", "500")])
            == "?labelSelector=a%3Db%2Cc%21%3Dd&limit=500")
        #expect(QueryString.encode([]) == "")
    }
}

@Suite struct ServerURLTests {
    @Test func parts() {
        let url = ServerURL("https://127.0.0.1:6443/prefix")
        #expect(url?.host == "127.0.0.1")
        #expect(url?.port == 6443)
        #expect(url?.path == "/prefix")
        #expect(ServerURL("https://api.example.com")?.port == 443)
        #expect(ServerURL("https://[::1]:8443")?.host == "[::1]")
        #expect(ServerURL("ftp://x") == nil)
        #expect(ServerURL("https://host:notaport") == nil)
    }
}

@Suite struct RequestLoggerTests {
    @Test func masksCredentials() {
        #expect(RequestLogger.mask(name: "Authorization", value: "Bearer sekret") == "Bearer <masked>")
        #expect(RequestLogger.mask(name: "authorization", value: "Basic abc") == "Basic <masked>")
        #expect(RequestLogger.mask(name: "Accept", value: "application/json") == "application/json")
    }
}

@Suite struct RetryPolicyTests {
    let get = HTTPRequest(path: "/x")
    let post = HTTPRequest(method: "POST", path: "/x")

    @Test func retriesIdempotentOn503AndHonoursRetryAfter() {
        let policy = RetryPolicy()
        let error = ClientError.api(APIStatus(code: 503, reason: "ServiceUnavailable", message: "", retryAfterSeconds: 2))
        #expect(policy.delay(after: error, attempt: 1, request: get, elapsed: 0) == 2)
        #expect(policy.delay(after: error, attempt: 1, request: post, elapsed: 0) == nil)
    }

    @Test func neverResendsAPostThatMayHaveArrived() {
        let policy = RetryPolicy()
        let lost = ClientError.transport(TransportError(kind: .connectionLost, message: "", requestNotSent: false))
        #expect(policy.delay(after: lost, attempt: 1, request: post, elapsed: 0) == nil)
        #expect(policy.delay(after: lost, attempt: 1, request: get, elapsed: 0) != nil)
        let refused = ClientError.transport(TransportError(kind: .couldNotConnect, message: "", requestNotSent: true))
        #expect(policy.delay(after: refused, attempt: 1, request: post, elapsed: 0) != nil)
    }

    @Test func stopsAtTheAttemptLimitAndBudget() {
        let policy = RetryPolicy(maxAttempts: 3, totalBudget: 1)
        let error = ClientError.api(APIStatus(code: 429, reason: "TooManyRequests", message: ""))
        #expect(policy.delay(after: error, attempt: 3, request: get, elapsed: 0) == nil)
        #expect(policy.delay(after: error, attempt: 1, request: get, elapsed: 5) == nil)
        let notFound = ClientError.api(APIStatus(code: 404, reason: "NotFound", message: ""))
        #expect(policy.delay(after: notFound, attempt: 1, request: get, elapsed: 0) == nil)
    }
}

@Suite struct NonStatusAnswerTests {
    private func status(_ code: Int, _ type: String, _ body: String) -> APIStatus {
        APIStatus.from(response: HTTPResponse(status: code, headers: [("Content-Type", type)], body: Array(body.utf8)))
    }

    @Test func jsonThatIsNotAStatusSaysWhatTheCodeMeans() {
        // What a generic apiserver sends for a path it does not serve: an index of its paths.
        let index = status(404, "application/json", "{\n  \"paths\": [\n    \"/apis\"\n  ]\n}")
        #expect(index.message == "the server could not find the requested resource")
        #expect(!index.isStatusObject)
        #expect(index.code == 404)
        #expect(status(503, "application/json", "[]").message == "the server is currently unable to handle the request")
    }

    @Test func plainTextKeepsItsFirstLine() {
        #expect(status(404, "text/plain; charset=utf-8", "404 page not found\n").message == "404 page not found")
        #expect(status(502, "text/plain", "\n  \nupstream connect error\nmore").message == "upstream connect error")
        #expect(status(500, "text/plain", "").message
            == "an error on the server (HTTP 500) has prevented the request from succeeding")
    }

    @Test func htmlIsNeverEchoed() {
        let page = status(502, "text/html", "<html><body>Bad gateway secret-token</body></html>")
        #expect(page.message.contains("HTML page"))
        #expect(!page.message.contains("secret-token"))
    }
}

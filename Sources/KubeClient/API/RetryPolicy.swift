#if canImport(Glibc)
import Glibc
#endif

/// Capped exponential backoff with full jitter, as client-go does for 429/503 and for
/// connections that could not be made. Only requests that are safe to repeat are retried:
/// a POST that may have reached the server is never sent twice.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// Retries stop once this much time has passed since the first attempt.
    public var totalBudget: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 0.2, maxDelay: Double = 5, totalBudget: Double = 30) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.totalBudget = totalBudget
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    /// The delay before attempt `attempt + 1`, or nil when the error is not worth retrying.
    func delay(after error: ClientError, attempt: Int, request: HTTPRequest, elapsed: Double) -> Double? {
        guard attempt < maxAttempts else { return nil }
        var serverAsked: Double?
        switch error {
        case .api(let status):
            guard status.code == 429 || status.code == 503 || (status.code == 500 && status.reason == "ServerTimeout")
                || status.code == 504
            else { return nil }
            // A rejected request was not applied, so even a POST may be sent again on 429.
            guard request.isIdempotent || status.code == 429 else { return nil }
            serverAsked = status.retryAfterSeconds
        case .transport(let transport):
            switch transport.kind {
            case .couldNotConnect:
                break
            case .connectionLost, .other:
                guard request.isIdempotent || transport.requestNotSent else { return nil }
            case .timedOut, .tls, .interrupted, .invalidConfiguration:
                // A timeout is the user's --request-timeout speaking: honour it, do not multiply it.
                return nil
            }
        case .malformedResponse:
            guard request.isIdempotent else { return nil }
        case .config:
            return nil
        }
        let exponential = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 10)))
        let jittered = exponential / 2 + Double.random(in: 0...(exponential / 2))
        let wait = min(maxDelay, max(serverAsked ?? 0, jittered))
        guard elapsed + wait <= totalBudget else { return nil }
        return wait
    }
}

enum Sleep {
    /// Sleeps in short slices so Ctrl-C still ends a backoff promptly. Returns false if interrupted.
    static func seconds(_ duration: Double) -> Bool {
        let end = Monotonic.now() + duration
        while Monotonic.now() < end {
            if Interrupt.requested { return false }
            let slice = min(0.05, end - Monotonic.now())
            if slice <= 0 { break }
            usleep(UInt32(slice * 1_000_000))
        }
        return !Interrupt.requested
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Seconds on a clock that never jumps: deadlines and latency, not wall time.
public enum Monotonic {
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }
}

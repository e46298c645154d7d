#if canImport(Glibc)
import Glibc
#endif

/// A thread with a small stack for blocking work beside the main loop (the pod and job
/// watches of a follow or a `describe --watch`). Threads are few and long-lived here, so no
/// pool is needed. Dropping it unjoined detaches it.
public final class JoinableThread {
    public struct StartError: Error, Sendable, CustomStringConvertible {
        public var code: Int32
        public var description: String { "could not start a thread (error \(code))" }
    }

    private var thread = pthread_t()
    private var joined = false

    /// 512 KiB is plenty for a watch (JSON nesting is shallow); only touched pages count
    /// against memory, but a small reservation keeps many threads cheap.
    public init(stackSize: Int = 512 * 1024, _ body: @escaping @Sendable () -> Void) throws(StartError) {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        let result = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, context)
        if result != 0 {
            Unmanaged<Box>.fromOpaque(context).release()
            joined = true
            throw StartError(code: result)
        }
    }

    /// Waits for the thread to end; safe to call more than once.
    public func join() {
        guard !joined else { return }
        joined = true
        pthread_join(thread, nil)
    }

    deinit {
        // A thread never joined would leak its stack; the owner is expected to join.
        if !joined { pthread_detach(thread) }
    }
}

/// Independent requests made at the same time: the first on this connection, each other one on
/// a sibling connection of its own, on its own thread. A real API server answers list requests
/// for different resources in parallel, so N lists cost about one round trip, not N.
extension KubeAPI {
    public func inParallel<Item: Sendable, Value: Sendable>(
        _ items: [Item], _ work: @escaping @Sendable (Item, KubeAPI) throws(ClientError) -> Value
    ) -> [Result<Value, ClientError>] {
        guard items.count > 1 else {
            return items.map { item in Result { () throws(ClientError) -> Value in try work(item, self) } }
        }
        let slots = items.map { _ in ParallelSlot<Value>() }
        var threads: [JoinableThread] = []
        for (index, item) in items.enumerated().dropFirst() {
            let slot = slots[index]
            let sibling: KubeAPI
            do {
                sibling = try makeSibling()
            } catch {
                slot.result = .failure(error)
                continue
            }
            do {
                threads.append(try JoinableThread {
                    slot.result = Result { () throws(ClientError) -> Value in try work(item, sibling) }
                })
            } catch {
                // No thread to be had: do it here, after the others started.
                slot.result = Result { () throws(ClientError) -> Value in try work(item, sibling) }
            }
        }
        slots[0].result = Result { () throws(ClientError) -> Value in try work(items[0], self) }
        for thread in threads { thread.join() }
        return slots.map(\.result)
    }
}

/// One request's outcome, handed from its thread to the caller.
final class ParallelSlot<Value: Sendable>: @unchecked Sendable {
    // @unchecked: written by one thread before `join`, read by the caller after it.
    var result: Result<Value, ClientError> = .failure(.malformedResponse("not run"))
}

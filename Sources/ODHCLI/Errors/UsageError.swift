/// Bad flags, arguments or input the user typed: exit 2.
struct UsageError: Error, Sendable, Equatable {
    var message: String
    var hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

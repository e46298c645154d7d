import KubeClient

#if canImport(Glibc)
import Glibc
#endif

/// A yes/no question on the terminal. Only asked when stdin is a terminal; the default
/// is No, so a stray Enter never deletes anything.
enum Prompt {
    static func confirm(_ question: String, output: Output) throws(OutputClosed) -> Bool {
        try output.write("\(question) [y/N] ")
        try output.flush()
        var answer: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(0, &byte, 1)
            if count < 0 && errno == EINTR {
                if Interrupt.requested { return false }
                continue
            }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            answer.append(byte)
        }
        let text = String(decoding: answer, as: UTF8.self).lowercased().trimmingCharacters(in: [" ", "\r", "\t"])
        return text == "y" || text == "yes"
    }
}

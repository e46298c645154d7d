#if canImport(Glibc)
import Glibc
#endif

/// Writing files, for the few commands that produce them (`__gen-docs`). Nothing the user
/// owns is written by the cluster commands.
extension FileIO {
    /// Creates `path` and any missing parents (`mkdir -p`).
    public static func makeDirectories(_ path: String) throws(FileError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                let code = errno
                throw FileError(path: prefix, reason: String(cString: strerror(code)), notFound: code == ENOENT)
            }
            prefix += "/"
        }
    }

    /// Replaces the file's contents (created with mode 0644 when new).
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw FileError(path: path, reason: String(cString: strerror(code)), notFound: code == ENOENT)
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, buffer.count - offset)
            }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                let code = errno
                throw FileError(path: path, reason: count == 0 ? "nothing written" : String(cString: strerror(code)),
                                notFound: false)
            }
            offset += count
        }
    }
}

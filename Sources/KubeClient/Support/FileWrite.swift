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

    /// Replaces the file's contents (created with mode 0644 when new): generated files only.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileError) {
        try write(bytes, to: path, replace: true)
    }
}

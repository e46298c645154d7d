#if canImport(Glibc)
import Glibc
#endif

/// Why a file could not be read.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var notFound: Bool
    public var description: String { "\(path): \(reason)" }
}

/// Small POSIX file helpers: enough for kubeconfig, tokens and manifests without Foundation.
public enum FileIO {
    public static var environment: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }

    public static func readBytes(_ path: String) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw FileError(path: path, reason: String(cString: strerror(code)), notFound: code == ENOENT)
        }
        defer { close(fd) }
        return try readAll(fd: fd, path: path)
    }

    /// Reads a whole descriptor (a file, or standard input for `-f -`).
    public static func readAll(fd: Int32, path: String) throws(FileError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                throw FileError(path: path, reason: String(cString: strerror(code)), notFound: false)
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }

    public static func readText(_ path: String) throws(FileError) -> String {
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileError(path: path, reason: "not UTF-8 text", notFound: false)
        }
        return text
    }

    public static func readTextIfExists(_ path: String) throws(FileError) -> String? {
        do {
            return try readText(path)
        } catch {
            if error.notFound { return nil }
            throw error
        }
    }

    /// Writes a whole file. Without `replace` an existing file is refused (EEXIST), so
    /// nothing the user owns is overwritten unasked.
    public static func write(_ bytes: [UInt8], to path: String, replace: Bool) throws(FileError) {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw FileError(path: path, reason: String(cString: strerror(code)), notFound: code == ENOENT)
        }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                throw FileError(path: path, reason: String(cString: strerror(code)), notFound: false)
            }
            offset += written
        }
    }

    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fresh temporary directory, removed when the value is released.
final class TempDir {
    let path: String

    init() throws {
        var base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        var template = Array("\(base)/artifact-archive-tests-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed: \(errno)") }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/relative`.
    func sub(_ relative: String) -> String { path + "/" + relative }
}

/// A plain error for test set-up failures.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// File-system helpers for building fixtures.
enum Fixture {
    static func mkdir(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    static func write(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws {
        try mkdir((path as NSString).deletingLastPathComponent)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw TestFailure("cannot create \(path)")
        }
        guard chmod(path, mode) == 0 else { throw TestFailure("chmod \(path) failed") }
    }

    static func write(_ path: String, _ text: String, mode: mode_t = 0o644) throws {
        try write(path, Array(text.utf8), mode: mode)
    }

    static func symlink(_ path: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw TestFailure("cannot read \(path)") }
        return Array(data)
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Deterministic, incompressible pseudo-random bytes.
    static func noise(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        var out = [UInt8]()
        out.reserveCapacity(count)
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        return out
    }

    /// Names directly inside `path`, sorted.
    static func children(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    /// Every path below `root` (not following symlinks) mapped to a description of
    /// its type, permission bits and content or link target.
    static func snapshot(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        var pending = [""]
        while let relative = pending.popLast() {
            let dir = relative.isEmpty ? root : root + "/" + relative
            for name in try children(dir) {
                let rel = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + rel
                var info = stat()
                guard lstat(full, &info) == 0 else { throw TestFailure("lstat \(full) failed") }
                let perm = String(info.st_mode & 0o7777, radix: 8)
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    result[rel] = "dir \(perm)"
                    pending.append(rel)
                case S_IFREG:
                    let bytes = try read(full)
                    let hash = bytes.reduce(into: UInt64(1_469_598_103_934_665_603)) { $0 = ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
                    result[rel] = "file \(perm) \(bytes.count) \(hash)"
                case S_IFLNK:
                    result[rel] = "link -> \(try FileManager.default.destinationOfSymbolicLink(atPath: full))"
                default:
                    result[rel] = "other"
                }
            }
        }
        return result
    }

    /// Lowercase SHA-256 of a file according to the system's `sha256sum`.
    static func systemSHA256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let text = String(data: data, encoding: .utf8),
            let digest = text.split(separator: " ").first
        else {
            throw TestFailure("sha256sum failed on \(path)")
        }
        return String(digest)
    }
}

import Foundation

/// Runs repository scripts and built binaries from tests.
public enum Shell {
    /// The repository root (found from this file's path at build time).
    public static let repositoryRoot: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    /// The result of a finished process.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public let signaled: Bool
    }

    /// Runs `executable` with `arguments` and waits.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so neither fills up and blocks the child.
        let errData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self), signaled: process.terminationReason == .uncaughtSignal)
    }

    /// Runs a script under `scripts/` with bash.
    @discardableResult
    public static func script(_ name: String, _ arguments: [String]) throws -> Result {
        try run("/bin/bash", [repositoryRoot + "/scripts/" + name] + arguments)
    }
}

private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}

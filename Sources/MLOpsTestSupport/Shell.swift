import Foundation

/// Runs repository scripts and built binaries from tests.
public enum Shell {
    private typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addClosefrom: AddClosefrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: AddClosefrom.self) }

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
    ///
    /// Uses posix_spawn and waitpid rather than Foundation's Process: Process learns that a child
    /// ended through a descriptor the child inherits, so a daemon it leaves behind (pg_ctl
    /// start) keeps Process waiting forever. Output goes to files for the same reason.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: String? = nil) throws
        -> Result
    {
        let directory = try TemporaryDirectory.make(prefix: "shell")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outPath = directory + "/out"
        let errPath = directory + "/err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The child keeps no other descriptor of this (multi-threaded) test process: a file
        // another test is writing at that moment must not stay open in a child that lives for
        // seconds (executing that file would fail with ETXTBSY until the child exits).
        if let closeFrom = Self.addClosefrom { _ = closeFrom(&actions, 3) }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var argv = [executable] + arguments
        var program = executable
        if let currentDirectory {
            // posix_spawn has no portable chdir action: let a shell change directory, then exec.
            argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", currentDirectory] + argv
            program = "/bin/sh"
        }
        var pid: pid_t = 0
        let spawned = withCStringArray(argv) { argvPointer in
            withCStringArray(env) { envPointer in
                posix_spawn(&pid, program, &actions, nil, argvPointer, envPointer)
            }
        }
        guard spawned == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signaled = (status & 0x7f) != 0 && (status & 0x7f) != 0x7f
        let exitStatus = signaled ? (status & 0x7f) : (status >> 8) & 0xff
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: exitStatus, stdout: stdout, stderr: stderr, signaled: signaled)
    }

    private static func withCStringArray<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }

    /// Runs a script under `scripts/` with bash.
    @discardableResult
    public static func script(_ name: String, _ arguments: [String]) throws -> Result {
        try run("/bin/bash", [repositoryRoot + "/scripts/" + name] + arguments)
    }
}

import Foundation
import Glibc

/// A started child: its pid (also its process-group id) and the read ends of its output pipes.
struct LaunchedProcess: Sendable {
    let pid: pid_t
    let stdout: Int32
    let stderr: Int32
}

/// How the child gets into its working directory.
enum ChdirStrategy: Sendable {
    /// `posix_spawn_file_actions_addchdir_np` when glibc has it, else `shellTrampoline`.
    case automatic
    /// Always through `/bin/sh -c 'cd -- "$1" && shift && exec "$@"'`, the directory and the
    /// arguments passed as separate argv entries (never spliced into the script).
    case shellTrampoline
}

/// Validates a request and starts it with `posix_spawn`: stdin from /dev/null, stdout and
/// stderr to two close-on-exec pipes, the child leading its own process group, signal mask and
/// dispositions reset to defaults.
enum ProcessLauncher {
    /// The script of the chdir trampoline; `$1` is the directory, the rest the command.
    static let trampolineScript = #"cd -- "$1" && shift && exec "$@""#

    /// Starts the request's program or throws why it cannot be started.
    static func launch(_ request: ProcessRequest, chdir strategy: ChdirStrategy) throws(ProcessRunnerError) -> LaunchedProcess {
        guard let program = request.arguments.first, !program.isEmpty else { throw .emptyCommand }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(request.environment) { _, new in new }
        if let directory = request.workingDirectory { try validateDirectory(directory) }
        let base = absoluteBase(request.workingDirectory)
        let executable = try resolve(program, path: environment["PATH"] ?? "/usr/bin:/bin", base: base)

        var path = executable
        var argv = request.arguments
        var useChdirAction = false
        if let directory = request.workingDirectory {
            if strategy == .automatic, GlibcShims.addChdir != nil {
                useChdirAction = true
            } else {
                path = "/bin/sh"
                argv = ["sh", "-c", trampolineScript, "sh", directory, executable] + request.arguments.dropFirst()
            }
        }

        let out: (read: Int32, write: Int32)
        let err: (read: Int32, write: Int32)
        switch GlibcShims.makePipe() {
        case .success(let pipe): out = pipe
        case .failure(let failure): throw .spawnFailed(program, failure.code)
        }
        switch GlibcShims.makePipe() {
        case .success(let pipe): err = pipe
        case .failure(let failure):
            close(out.read)
            close(out.write)
            throw .spawnFailed(program, failure.code)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if useChdirAction, let directory = request.workingDirectory, let addChdir = GlibcShims.addChdir {
            _ = directory.withCString { addChdir(&actions, $0) }
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        if let addClosefrom = GlibcShims.addClosefrom {
            _ = addClosefrom(&actions, 3)  // whatever else the parent left inheritable
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)

        let envp = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        var code: Int32 = 0
        // ETXTBSY: another thread of this process forked while a program file (a script just
        // written) was still open for writing, and the child has not exec'd yet; it clears in
        // milliseconds, so try again a few times before giving up.
        for attempt in 0..<6 {
            code = withCStrings(argv) { cArgv in
                withCStrings(envp) { cEnvp in
                    posix_spawn(&pid, path, &actions, &attributes, cArgv, cEnvp)
                }
            }
            guard code == ETXTBSY else { break }
            usleep(useconds_t(5_000 << attempt))
        }
        close(out.write)
        close(err.write)
        guard code == 0 else {
            close(out.read)
            close(err.read)
            throw .spawnFailed(program, code)
        }
        return LaunchedProcess(pid: pid, stdout: out.read, stderr: err.read)
    }

    /// Throws `.workingDirectory` unless `directory` is a directory we may enter.
    static func validateDirectory(_ directory: String) throws(ProcessRunnerError) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            throw .workingDirectory(directory, String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .workingDirectory(directory, "not a directory") }
        guard access(directory, X_OK) == 0 else {
            throw .workingDirectory(directory, String(cString: strerror(errno)))
        }
    }

    /// The absolute directory relative names are resolved against: the working directory
    /// (itself relative to ours) or ours.
    static func absoluteBase(_ workingDirectory: String?) -> String {
        if let workingDirectory, workingDirectory.hasPrefix("/") { return workingDirectory }
        let current = FileManager.default.currentDirectoryPath
        guard let workingDirectory else { return current }
        return current + "/" + workingDirectory
    }

    /// The absolute path of `program`: as given when it contains `/`, else the first
    /// executable regular file named so in a directory of `path` (an empty entry meaning ".").
    static func resolve(_ program: String, path: String, base: String) throws(ProcessRunnerError) -> String {
        func absolute(_ name: String) -> String { name.hasPrefix("/") ? name : base + "/" + name }
        if program.contains("/") {
            let candidate = absolute(program)
            switch check(candidate) {
            case .executable: return candidate
            case .missing: throw .notFound(program, searchPath: "")
            case .notExecutable: throw .notExecutable(candidate)
            }
        }
        var firstNonExecutable: String?
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = absolute((directory.isEmpty ? "." : String(directory)) + "/" + program)
            switch check(candidate) {
            case .executable: return candidate
            case .notExecutable: firstNonExecutable = firstNonExecutable ?? candidate
            case .missing: continue
            }
        }
        if let firstNonExecutable { throw .notExecutable(firstNonExecutable) }
        throw .notFound(program, searchPath: path)
    }

    private enum FileCheck { case executable, notExecutable, missing }

    private static func check(_ path: String) -> FileCheck {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        guard info.st_mode & S_IFMT == S_IFREG, access(path, X_OK) == 0 else { return .notExecutable }
        return .executable
    }

    /// Calls `body` with a NULL-terminated C array of copies of `strings`.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

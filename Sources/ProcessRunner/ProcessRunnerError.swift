import Glibc

/// Why a process could not be started. Once started, every ending is a `ProcessOutcome`.
public enum ProcessRunnerError: Error, CustomStringConvertible, Equatable {
    /// The request had no arguments, or an empty program name.
    case emptyCommand
    /// The program does not exist: a name not found in any directory of `searchPath` (the
    /// child's `PATH`), or a path (`searchPath` empty) naming no file.
    case notFound(String, searchPath: String)
    /// The program (its resolved path) exists but is not an executable file.
    case notExecutable(String)
    /// The working directory (first) is unusable, for the reason given (second).
    case workingDirectory(String, String)
    /// `posix_spawn` (or making the pipes) failed for the program with this errno.
    case spawnFailed(String, Int32)

    /// A message naming the program or directory and what went wrong.
    public var description: String {
        switch self {
        case .emptyCommand:
            return "empty command: a command step needs at least the program to run"
        case .notFound(let program, let searchPath):
            if program.contains("/") { return "program not found: no such file '\(program)'" }
            return "program not found: '\(program)' is in no directory of PATH=\(searchPath)"
        case .notExecutable(let path):
            return "program not executable: '\(path)' is not an executable file"
        case .workingDirectory(let path, let reason):
            return "unusable working directory '\(path)': \(reason)"
        case .spawnFailed(let program, let code):
            return "could not start '\(program)': \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}

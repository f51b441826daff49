/// Options of a `command` step: an external program run with arguments (no shell). Its time
/// limit is the step's `timeoutSeconds`, one hour unless the file gives `timeout`.
public struct CommandOptions: Sendable, Equatable, Codable {
    /// The time limit of a `command` step whose file gives no `timeout`: one hour.
    public static let defaultTimeoutSeconds: Int64 = 3_600

    /// The program and its arguments; never empty.
    public var run: [String]
    /// Variables added to the program's environment.
    public var env: [String: String]
    /// The directory the program runs in, as written (relative to the project root), if given.
    public var workdir: String?

    /// Creates command options.
    public init(run: [String], env: [String: String] = [:], workdir: String? = nil) {
        self.run = run
        self.env = env
        self.workdir = workdir
    }
}

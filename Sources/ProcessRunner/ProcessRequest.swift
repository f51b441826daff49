/// What to run for a pipeline's `command` step, and how long to let it run.
///
/// `arguments[0]` is the program: a name without `/` is looked up in `PATH` (the child's
/// `PATH`, so an override in `environment` applies); a name with `/` is used as given, relative
/// paths being resolved against `workingDirectory`. The arguments reach the program literally:
/// no shell ever sees them.
public struct ProcessRequest: Sendable, Equatable {
    /// The program followed by its arguments, e.g. `["python3", "train_dask.py"]`.
    public var arguments: [String]
    /// Variables added to (and overriding) the parent's environment.
    public var environment: [String: String]
    /// The child's current directory; `nil` keeps the parent's.
    public var workingDirectory: String?
    /// After this many seconds the process group gets SIGTERM; `nil` waits forever.
    public var timeoutSeconds: Double?
    /// How long a terminated (timed out or cancelled) group has before it gets SIGKILL.
    public var terminationGraceSeconds: Double
    /// How many lines the outcome keeps (the last ones); every line still goes to `onLine`.
    public var maxCapturedLines: Int

    /// Creates a request; only `arguments` is required.
    public init(
        _ arguments: [String],
        environment: [String: String] = [:],
        workingDirectory: String? = nil,
        timeoutSeconds: Double? = nil,
        terminationGraceSeconds: Double = 5,
        maxCapturedLines: Int = 10_000
    ) {
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeoutSeconds = timeoutSeconds
        self.terminationGraceSeconds = terminationGraceSeconds
        self.maxCapturedLines = maxCapturedLines
    }
}

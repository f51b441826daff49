import Glibc

/// How a started process ended, with the output lines it kept.
public struct ProcessOutcome: Sendable, Equatable {
    /// The exit status; `nil` when killed by a signal (or never started).
    public let exitCode: Int32?
    /// The signal that killed the process, if one did.
    public let signal: Int32?
    /// The timeout fired and the process group was terminated.
    public let timedOut: Bool
    /// The surrounding Task was cancelled and the process group was terminated (or, if the Task
    /// was cancelled before the run began, nothing was started).
    public let cancelled: Bool
    /// The group ignored SIGTERM for the whole grace period and was sent SIGKILL.
    public let forceKilled: Bool
    /// The timeout the request set, for `summary`.
    public let timeoutSeconds: Double?
    /// The last `maxCapturedLines` lines of stdout and stderr, interleaved in arrival order.
    public let lines: [OutputLine]
    /// How many earlier lines were not kept.
    public let droppedLines: Int
    /// Wall-clock seconds from spawn to reap.
    public let seconds: Double

    /// Creates an outcome (the runner makes them; tests and fakes may too).
    public init(
        exitCode: Int32?, signal: Int32? = nil, timedOut: Bool = false, cancelled: Bool = false,
        forceKilled: Bool = false, timeoutSeconds: Double? = nil,
        lines: [OutputLine] = [], droppedLines: Int = 0, seconds: Double = 0
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.timedOut = timedOut
        self.cancelled = cancelled
        self.forceKilled = forceKilled
        self.timeoutSeconds = timeoutSeconds
        self.lines = lines
        self.droppedLines = droppedLines
        self.seconds = seconds
    }

    /// Exit status 0, neither timed out nor cancelled.
    public var succeeded: Bool { exitCode == 0 && !timedOut && !cancelled }

    /// The kept lines of one stream.
    public func lines(of stream: OutputLine.Stream) -> [String] {
        lines.filter { $0.stream == stream }.map(\.text)
    }

    /// One phrase for logs and step records: "exited with status 3", "killed by signal 9
    /// (SIGKILL)", "timed out after 2 s (terminated)", "cancelled (killed after grace period)".
    public var summary: String {
        let how = forceKilled ? "killed after grace period" : "terminated"
        if timedOut {
            return "timed out after \(Self.format(timeoutSeconds ?? seconds)) s (\(how))"
        }
        if cancelled {
            return exitCode == nil && signal == nil ? "cancelled before it started" : "cancelled (\(how))"
        }
        if let exitCode { return "exited with status \(exitCode)" }
        if let signal {
            let name = Self.signalNames[signal].map { " (\($0))" } ?? ""
            return "killed by signal \(signal)\(name)"
        }
        return "ended with an unknown status"
    }

    private static let signalNames: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGABRT: "SIGABRT",
        SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1", SIGSEGV: "SIGSEGV",
        SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU",
    ]

    /// "2" for whole seconds, "0.3" otherwise.
    static func format(_ seconds: Double) -> String {
        if seconds == seconds.rounded(), abs(seconds) < 1e15 { return String(Int64(seconds)) }
        return String(seconds)
    }
}

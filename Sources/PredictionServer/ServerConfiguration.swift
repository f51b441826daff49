import AccessControl

/// How `mlops serve` runs: where it listens, how often it looks for registry changes and
/// flushes what it buffered, and how large a request may be.
public struct ServerConfiguration: Sendable {
    /// Address to bind (127.0.0.1 by default; 0.0.0.0 to listen on every interface).
    public var host: String
    /// Port; 0 picks a free one (tests).
    public var port: Int
    /// Seconds between looks at the registry for promotions, rollbacks and challengers.
    public var pollSeconds: Double
    /// Seconds between flushes of the prediction log.
    public var logFlushSeconds: Double
    /// Seconds between flushes of the live drift counts (and at every window boundary).
    public var driftFlushSeconds: Double
    /// Drift window length in seconds.
    public var driftWindowSeconds: Int
    /// Largest request body in bytes (larger → 413).
    public var maxBodyBytes: Int
    /// Largest number of rows in one predict request (more → 413).
    public var maxRowsPerRequest: Int
    /// Prediction-log records held while the store is slow or away; past it records are dropped
    /// and counted.
    public var logBufferCapacity: Int
    /// Seconds between rollout decisions (each replica hands in its statistics and decides).
    public var decisionSeconds: Double
    /// Recent predictions remembered in memory so feedback can find them before they are flushed.
    public var recentPredictions: Int
    /// Answers well-formed predict requests on the event loop, before the framework
    /// (`FastPredictHandler`); off, every request goes through the router. On by default.
    public var predictFastPath = true
    /// Who may call what (`AccessPolicy`): on by default, changes need a token.
    public var access = AccessPolicy()
    /// The pipelines directory, whose pipelines the dashboard lets deployers start by hand (none when nil).
    public var pipelinesDirectory: String? = nil
    /// Time limits and the connection cap for slow, idle and careless clients.
    public var connections = ConnectionLimits()

    /// Defaults suited to one machine.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, pollSeconds: Double = 1, logFlushSeconds: Double = 0.25,
        driftFlushSeconds: Double = 60, driftWindowSeconds: Int = 3600, maxBodyBytes: Int = 1 << 20,
        maxRowsPerRequest: Int = 10_000, logBufferCapacity: Int = 100_000, recentPredictions: Int = 200_000,
        decisionSeconds: Double = 10
    ) {
        self.decisionSeconds = decisionSeconds
        self.host = host
        self.port = port
        self.pollSeconds = pollSeconds
        self.logFlushSeconds = logFlushSeconds
        self.driftFlushSeconds = driftFlushSeconds
        self.driftWindowSeconds = driftWindowSeconds
        self.maxBodyBytes = maxBodyBytes
        self.maxRowsPerRequest = maxRowsPerRequest
        self.logBufferCapacity = logBufferCapacity
        self.recentPredictions = recentPredictions
    }
}

import Foundation

/// Sizing and timing of the PostgreSQL connection pool.
public struct PostgresPoolConfiguration: Sendable, Equatable {
    /// Connections kept open even when idle.
    public var minConnections: Int
    /// Most connections open at once; a checkout beyond waits for one to be returned.
    public var maxConnections: Int
    /// How long a checkout waits (for a free connection, or for the server to come back).
    public var checkoutTimeoutSeconds: Double
    /// A connection idle longer than this is pinged before it is handed out.
    public var healthCheckAfterIdleSeconds: Double
    /// Idle connections above `minConnections` are closed after this long.
    public var maxIdleSeconds: Double
    /// libpq's `connect_timeout` for each attempt (a URL's own value wins).
    public var connectTimeoutSeconds: Int
    /// First reconnect delay; doubles per failed attempt up to `maxBackoffSeconds`, with jitter.
    public var initialBackoffSeconds: Double
    public var maxBackoffSeconds: Double

    public init(
        minConnections: Int = 1, maxConnections: Int = 10, checkoutTimeoutSeconds: Double = 10,
        healthCheckAfterIdleSeconds: Double = 30, maxIdleSeconds: Double = 300, connectTimeoutSeconds: Int = 5,
        initialBackoffSeconds: Double = 0.05, maxBackoffSeconds: Double = 2
    ) {
        self.minConnections = max(0, minConnections)
        self.maxConnections = max(1, maxConnections)
        self.checkoutTimeoutSeconds = checkoutTimeoutSeconds
        self.healthCheckAfterIdleSeconds = healthCheckAfterIdleSeconds
        self.maxIdleSeconds = maxIdleSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
    }

    /// The delay before reconnect attempt `attempt` (1-based): exponential, capped, with
    /// "equal jitter" (half fixed, half random) so many clients do not reconnect in lockstep.
    public func backoff(attempt: Int, random: Double) -> Double {
        let exponential = min(maxBackoffSeconds, initialBackoffSeconds * pow(2, Double(max(0, attempt - 1))))
        return exponential / 2 + exponential / 2 * min(max(random, 0), 1)
    }
}

/// How a caller repeats a request that may succeed later (a throttled or failing server, a
/// dropped connection): up to `attempts` tries, waiting before each retry a random time up to
/// `base · 2^(retry − 1)`, capped at `maxDelay` ("full jitter": many clients retrying at once
/// spread out instead of hammering the server together).
public struct RetryPolicy: Sendable, Equatable {
    public var attempts: Int
    public var base: Duration
    public var maxDelay: Duration

    public init(attempts: Int = 4, base: Duration = .milliseconds(100), maxDelay: Duration = .seconds(5)) {
        self.attempts = max(1, attempts)
        self.base = base
        self.maxDelay = maxDelay
    }

    /// No retries.
    public static let none = RetryPolicy(attempts: 1)

    /// The longest wait before retry `retry` (1-based), before jitter.
    public func ceiling(_ retry: Int) -> Duration {
        let factor = 1 << min(max(retry - 1, 0), 20)
        return min(maxDelay, base * factor)
    }

    /// Runs `body` until it succeeds, `shouldRetry` says no, or the attempts are spent; the last
    /// error is thrown. `body` gets the attempt number (1-based).
    public func run<T: Sendable>(
        shouldRetry: (any Error) -> Bool, _ body: (Int) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body(attempt)
            } catch {
                guard attempt < attempts, shouldRetry(error) else { throw error }
                let ceiling = ceiling(attempt)
                let nanoseconds = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
                try await Task.sleep(for: .nanoseconds(Int64.random(in: 0...max(0, nanoseconds))))
                attempt += 1
            }
        }
    }
}

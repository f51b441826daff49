/// When a failed attempt runs again: exponential backoff with "equal jitter" — the delay after
/// attempt n is d/2 + random·d/2 where d = min(base·2^(n−1), cap) — so retries of jobs that
/// failed together spread out instead of stampeding, yet never come sooner than half the
/// nominal delay.
public struct RetryPolicy: Sendable, Equatable {
    public var baseMilliseconds: Int64
    public var capMilliseconds: Int64

    public init(baseMilliseconds: Int64 = 5_000, capMilliseconds: Int64 = 3_600_000) {
        self.baseMilliseconds = max(1, baseMilliseconds)
        self.capMilliseconds = max(self.baseMilliseconds, capMilliseconds)
    }

    /// The nominal delay after the `attempt`-th attempt failed (1-based), before jitter.
    public func nominalDelay(afterAttempt attempt: Int) -> Int64 {
        let doublings = max(0, min(attempt - 1, 62))
        let (scaled, overflow) = baseMilliseconds.multipliedReportingOverflow(by: Int64(1) << Int64(doublings))
        return overflow ? capMilliseconds : min(scaled, capMilliseconds)
    }

    /// The delay with jitter; `random` is uniform in [0, 1).
    public func delay(afterAttempt attempt: Int, random: Double) -> Int64 {
        let nominal = nominalDelay(afterAttempt: attempt)
        let half = nominal / 2
        return half + Int64(Double(nominal - half) * min(max(random, 0), 1))
    }
}

/// `RetryPolicy` under a name that does not clash with OutgoingHTTP's in modules importing both.
public typealias JobRetryPolicy = RetryPolicy

import CanaryRollout
import Foundation

/// An always-valid alarm on a version's live log loss against its holdout baseline μ₀: with
/// d = ℓ − μ₀ per labelled row, mixture-SPRT confidence sequences for E[d] (the canary's
/// `SequentialTest`, mixing variance τ² = δ²) are kept from the first window and from every
/// `restartWindows`-th window after it, each cumulative from its start and intersected with its
/// own previous looks; the k-th started sequence runs at level α/(k(k+1)), so all of them
/// together, looked at after every window forever, raise a false alarm with probability at most
/// α (Σ α/(k(k+1)) = α). The alarm fires when some sequence's lower end exceeds δ (`degrade`,
/// nats per impression): "worse than the baseline by at least δ". The restarts are what let it
/// catch a degradation that begins after months of good traffic (a single sequence from the
/// start would average it away). It is conditional on μ₀ (the holdout's own error is not added).
public struct PerformanceAlarm: Sendable, Equatable {
    /// The holdout log loss.
    public var baseline: Double
    /// The smallest degradation worth acting on (nats of log loss per impression).
    public var degrade: Double
    public var alpha: Double
    /// Labelled rows before a sequence's first look (the normal approximation needs some).
    public var minLabelled: Int
    /// Windows between the starts of new sequences (24 hourly windows: one a day).
    public var restartWindows: Int

    public init(baseline: Double, degrade: Double, alpha: Double = 0.05, minLabelled: Int = 1_000, restartWindows: Int = 24) {
        self.baseline = baseline
        self.degrade = degrade
        self.alpha = alpha
        self.minLabelled = minLabelled
        self.restartWindows = max(1, restartWindows)
    }

    /// Where the alarm stands after some windows.
    public struct Status: Sendable, Equatable, Encodable {
        public enum State: String, Sendable, Encodable {
            /// Fewer labelled rows than `minLabelled`.
            case collecting
            /// No evidence of a degradation of at least δ.
            case ok
            /// The lower confidence bound of (live − baseline) exceeded δ.
            case degraded
        }
        public var state: State
        public var labelled: Int
        /// Live log loss over the looked-at windows.
        public var liveLogLoss: Double?
        /// The running always-valid interval for live − baseline.
        public var lower: Double?
        public var upper: Double?
        /// How many windows were looked at before the alarm fired (nil while it has not).
        public var windowsToAlarm: Int?

        enum CodingKeys: String, CodingKey {
            case state, labelled, lower, upper
            case liveLogLoss = "live_log_loss"
            case windowsToAlarm = "windows_to_alarm"
        }
    }

    /// One confidence sequence: its sums from its start, its level and its running interval.
    struct Sequence: Sendable {
        var alpha: Double
        var n = 0
        var sum = 0.0
        var squares = 0.0
        var interval: ConfidenceInterval?
    }

    /// Running state: the sequences started so far.
    public struct Tracker: Sendable {
        let alarm: PerformanceAlarm
        var sequences: [Sequence] = []
        var looks = 0
        var n = 0
        var sum = 0.0
        public private(set) var status: Status

        public init(_ alarm: PerformanceAlarm) {
            self.alarm = alarm
            status = Status(state: .collecting, labelled: 0)
        }

        /// Adds one window's labelled log-loss sums and looks; returns the status. Once fired,
        /// the alarm stays fired.
        @discardableResult
        public mutating func look(labelled: Int, logLossSum: Double, logLossSquares: Double) -> Status {
            if looks % alarm.restartWindows == 0 {
                let k = Double(sequences.count + 1)
                sequences.append(Sequence(alpha: alarm.alpha / (k * (k + 1))))
            }
            looks += 1
            n += labelled
            sum += logLossSum
            status.labelled = n
            if n > 0 { status.liveLogLoss = sum / Double(n) }
            guard status.state != .degraded else { return status }
            var best: ConfidenceInterval?
            for i in sequences.indices {
                sequences[i].n += labelled
                sequences[i].sum += logLossSum
                sequences[i].squares += logLossSquares
                let q = sequences[i]
                guard q.n >= alarm.minLabelled, q.n > 1 else { continue }
                let mean = q.sum / Double(q.n)
                let variance = max(0, (q.squares - Double(q.n) * mean * mean) / Double(q.n - 1)) / Double(q.n)
                guard variance > 0 else { continue }
                let test = SequentialTest(alpha: q.alpha, mixingVariance: alarm.degrade * alarm.degrade)
                let current = test.confidenceInterval(difference: mean - alarm.baseline, variance: variance)
                sequences[i].interval = q.interval.flatMap { $0.intersection(current) } ?? current
                if let interval = sequences[i].interval, best == nil || interval.lower > best!.lower { best = interval }
            }
            guard let best else { return status }
            status.lower = best.lower
            status.upper = best.upper
            if best.lower > alarm.degrade {
                status.state = .degraded
                status.windowsToAlarm = looks
            } else {
                status.state = .ok
            }
            return status
        }
    }

    /// The status after looking at `windows` in order.
    public func evaluate(_ windows: [WindowCounts]) -> Status {
        var tracker = Tracker(self)
        for window in windows { tracker.look(labelled: window.labelled, logLossSum: window.logLossSum, logLossSquares: window.logLossSquares) }
        return tracker.status
    }
}

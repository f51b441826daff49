import CanaryRollout
import Foundation
import ModelMetrics

/// Simulated click traffic for judging a performance alarm: hourly windows of `rowsPerHour`
/// labelled rows whose scores have logit ~ N(−3.2, 1) (a CTR near 6 %); clicks follow the scores
/// exactly (a calibrated model) until `stepHour`, after which the true click logit is shifted by
/// `shift` (the world changed, the model did not). The baseline is the calibrated model's
/// expected log loss. Both rules look after every window: the always-valid alarm, and a fixed
/// threshold (the window's log loss above baseline + δ), as threshold-based monitors do.
public struct AlarmSimulation: Sendable {
    public var runs: Int
    public var hours: Int
    public var rowsPerHour: Int
    public var degrade: Double
    /// Hour of the change; nil for a stable period.
    public var stepHour: Int?
    public var shift: Double
    public var seed: UInt64

    public init(runs: Int, hours: Int, rowsPerHour: Int, degrade: Double, stepHour: Int?, shift: Double, seed: UInt64) {
        self.runs = runs
        self.hours = hours
        self.rowsPerHour = rowsPerHour
        self.degrade = degrade
        self.stepHour = stepHour
        self.shift = shift
        self.seed = seed
    }

    /// What one rule did over all runs.
    public struct RuleOutcome: Sendable, Encodable {
        /// Runs with an alarm before the change (every alarm, in a stable period).
        public var falseAlarmRuns: Int
        /// Runs alarmed at or after the change, and the hours from the change to that alarm
        /// (sorted). The fixed threshold is looked at again after a false alarm (as if someone
        /// acknowledged it); the sequential alarm, once fired, stays fired.
        public var detectedRuns: Int
        public var hoursToDetect: [Int]

        enum CodingKeys: String, CodingKey {
            case falseAlarmRuns = "false_alarm_runs"
            case detectedRuns = "detected_runs"
            case hoursToDetect = "hours_to_detect"
        }
    }

    public struct Result: Sendable, Encodable {
        public var baseline: Double
        /// The true increase of log loss after the change (Monte Carlo, 2M rows).
        public var degradation: Double
        public var sequential: RuleOutcome
        public var fixedThreshold: RuleOutcome

        enum CodingKeys: String, CodingKey {
            case baseline, degradation, sequential
            case fixedThreshold = "fixed_threshold"
        }
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    static func normal(_ rng: inout CanarySplitMix64) -> Double {
        let u1 = max(rng.nextUnit(), 1e-300)
        let u2 = rng.nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Mean log loss of the model's scores when the true logit is shifted by `shift`.
    static func expectedLogLoss(shift: Double, rows: Int, seed: UInt64) -> Double {
        var rng = CanarySplitMix64(seed: seed)
        var total = 0.0
        for _ in 0..<rows {
            let z = -3.2 + normal(&rng)
            let p = sigmoid(z)
            let q = sigmoid(z + shift)
            total += q * Metrics.rowLogLoss(probability: p, label: 1) + (1 - q) * Metrics.rowLogLoss(probability: p, label: 0)
        }
        return total / Double(rows)
    }

    public func run() -> Result {
        let baseline = Self.expectedLogLoss(shift: 0, rows: 2_000_000, seed: seed ^ 0x5eed)
        let degraded = stepHour == nil ? baseline : Self.expectedLogLoss(shift: shift, rows: 2_000_000, seed: seed ^ 0x5eed)
        let alarm = PerformanceAlarm(baseline: baseline, degrade: degrade)
        var sequential = RuleOutcome(falseAlarmRuns: 0, detectedRuns: 0, hoursToDetect: [])
        var fixed = sequential
        for r in 0..<runs {
            var rng = CanarySplitMix64(seed: seed &+ UInt64(r) &* 0x9E37_79B9_7F4A_7C15)
            var tracker = PerformanceAlarm.Tracker(alarm)
            var sequentialAt: Int?
            var fixedAt: Int?
            var fixedAfterChange: Int?
            for hour in 0..<hours {
                let shifted = stepHour.map { hour >= $0 } ?? false
                var sum = 0.0
                var squares = 0.0
                for _ in 0..<rowsPerHour {
                    let z = -3.2 + Self.normal(&rng)
                    let p = Self.sigmoid(z)
                    let clicked = rng.nextUnit() < Self.sigmoid(shifted ? z + shift : z)
                    let loss = Metrics.rowLogLoss(probability: p, label: clicked ? 1 : 0)
                    sum += loss
                    squares += loss * loss
                }
                if sequentialAt == nil, tracker.look(labelled: rowsPerHour, logLossSum: sum, logLossSquares: squares).state == .degraded {
                    sequentialAt = hour
                }
                if sum / Double(rowsPerHour) > baseline + degrade {
                    if fixedAt == nil { fixedAt = hour }
                    if fixedAfterChange == nil, let step = stepHour, hour >= step { fixedAfterChange = hour }
                }
                if sequentialAt != nil && fixedAt != nil && (stepHour == nil || fixedAfterChange != nil) { break }
            }
            func record(_ o: inout RuleOutcome, first: Int?, afterChange: Int?) {
                if let first, stepHour.map({ first < $0 }) ?? true { o.falseAlarmRuns += 1 }
                if let afterChange, let step = stepHour {
                    o.detectedRuns += 1
                    o.hoursToDetect.append(afterChange - step + 1)
                }
            }
            let sequentialAfterChange = sequentialAt.flatMap { at in stepHour.flatMap { at >= $0 ? at : nil } }
            record(&sequential, first: sequentialAt, afterChange: sequentialAfterChange)
            record(&fixed, first: fixedAt, afterChange: fixedAfterChange)
        }
        sequential.hoursToDetect.sort()
        fixed.hoursToDetect.sort()
        return Result(baseline: baseline, degradation: degraded - baseline, sequential: sequential, fixedThreshold: fixed)
    }
}

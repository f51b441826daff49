import PerformanceMonitor
import Testing

/// The always-valid performance alarm: it waits for enough labels, stays quiet on traffic as good
/// as the baseline however often it looks, fires on a degradation larger than δ, and stays fired;
/// on simulated traffic it keeps its false-alarm bound where a fixed threshold does not.
@Suite struct PerformanceAlarmTests {
    /// A window of `n` labelled rows whose losses alternate mean ± spread.
    static func window(n: Int, mean: Double, spread: Double) -> WindowCounts {
        var counts = WindowCounts()
        counts.labelled = n
        counts.logLossSum = mean * Double(n)
        counts.logLossSquares = Double(n) * (mean * mean + spread * spread)
        return counts
    }

    @Test func waitsForLabelsThenJudgesAgainstTheBaseline() {
        let alarm = PerformanceAlarm(baseline: 0.40, degrade: 0.02)
        #expect(alarm.evaluate([Self.window(n: 500, mean: 0.9, spread: 0.5)]).state == .collecting)
        let same = alarm.evaluate(Array(repeating: Self.window(n: 2_000, mean: 0.40, spread: 0.5), count: 500))
        #expect(same.state == .ok && same.labelled == 1_000_000)
        #expect((same.lower ?? 1) < 0.02 && (same.upper ?? -1) > 0, "the interval holds the true difference, 0")
        let slightlyWorse = alarm.evaluate(Array(repeating: Self.window(n: 2_000, mean: 0.41, spread: 0.5), count: 500))
        #expect(slightlyWorse.state == .ok, "worse by less than δ is not an alarm")
        let worse = alarm.evaluate(Array(repeating: Self.window(n: 2_000, mean: 0.46, spread: 0.5), count: 48))
        #expect(worse.state == .degraded && (worse.windowsToAlarm ?? 0) >= 1 && (worse.lower ?? 0) > 0.02, "\(worse)")
        // Once fired it stays fired, even if later windows look fine.
        var tracker = PerformanceAlarm.Tracker(alarm)
        for _ in 0..<48 { tracker.look(labelled: 2_000, logLossSum: 0.46 * 2_000, logLossSquares: 2_000 * (0.46 * 0.46 + 0.25)) }
        for _ in 0..<100 { tracker.look(labelled: 2_000, logLossSum: 0.40 * 2_000, logLossSquares: 2_000 * (0.40 * 0.40 + 0.25)) }
        #expect(tracker.status.state == .degraded)
    }

    @Test func onSimulatedTrafficItKeepsItsBoundWhereAFixedThresholdDoesNot() {
        let stable = AlarmSimulation(runs: 20, hours: 72, rowsPerHour: 500, degrade: 0.02, stepHour: nil, shift: 0, seed: 7).run()
        #expect(stable.sequential.falseAlarmRuns <= 2, "\(stable.sequential)")
        #expect(stable.fixedThreshold.falseAlarmRuns >= 15, "per-window noise crosses a fixed line: \(stable.fixedThreshold)")
        let step = AlarmSimulation(runs: 20, hours: 72, rowsPerHour: 500, degrade: 0.02, stepHour: 12, shift: 0.35, seed: 7).run()
        #expect(step.degradation > 0.04)
        #expect(step.sequential.detectedRuns + step.sequential.falseAlarmRuns == 20, "\(step.sequential)")
        #expect(step.sequential.falseAlarmRuns <= 2)
        #expect(step.fixedThreshold.detectedRuns == 20 && step.fixedThreshold.falseAlarmRuns >= 15, "fast, and wrong before the change")
        // A change after days of good traffic is caught too: a sequence starts every day.
        let late = AlarmSimulation(runs: 10, hours: 240, rowsPerHour: 500, degrade: 0.02, stepHour: 144, shift: 0.35, seed: 11).run()
        #expect(late.sequential.detectedRuns >= 9 && late.sequential.falseAlarmRuns <= 1, "\(late.sequential)")
    }
}

import CanaryRollout

/// Crafted statistics for the tests.
enum Fixtures {
    /// `n` labelled predictions of `probability`, every `clickEvery`-th one a click, each served
    /// in `latency` seconds.
    static func arm(
        n: Int, probability: Double, clickEvery: Int = 5, latency: Double = 0.010,
        errors: Int = 0
    ) -> ArmStatistics {
        var stats = ArmStatistics()
        for i in 0..<n {
            stats.recordPrediction(latencySeconds: latency)
            stats.record(label: i % clickEvery == 0, probability: probability)
        }
        for _ in 0..<errors { stats.recordError() }
        return stats
    }

    /// `n` labelled predictions whose probability varies, so the per-impression loss has spread;
    /// `shift` moves every probability (a miscalibrated model).
    static func varied(n: Int, seed: UInt64, shift: Double = 0, latency: Double = 0.010) -> ArmStatistics {
        var generator = CanarySplitMix64(seed: seed)
        var stats = ArmStatistics()
        for _ in 0..<n {
            let truth = 0.05 + 0.3 * generator.nextUnit()
            let click = generator.nextUnit() < truth
            stats.recordPrediction(latencySeconds: latency)
            stats.record(label: click, probability: min(max(truth + shift, 0.001), 0.999))
        }
        return stats
    }

    /// A small, fast plan for decider tests: 5 → 20 → 100, hold 600 s, 1 000 samples.
    static let plan = RolloutPlan(steps: [5, 20, 100], holdSeconds: 600, minSamples: 1000)

    /// A running state at `stepIndex` of `plan` that started at t = 1 000 with `step` statistics.
    static func state(plan: RolloutPlan = Fixtures.plan, stepIndex: Int = 0, step: RolloutStatistics) throws -> RolloutState {
        var state = try RolloutState(plan: plan, salt: "fixture", now: 1000)
        state.stepIndex = stepIndex
        state.weightPercent = plan.steps[stepIndex]
        state.record(step)
        return state
    }
}

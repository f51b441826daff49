import CanaryRollout
import Testing

@Suite struct RolloutDeciderTests {
    let plan = Fixtures.plan
    /// Two arms from the same model: the test finds nothing.
    static func alike(n: Int, latency: Double = 0.010) -> RolloutStatistics {
        RolloutStatistics(
            champion: Fixtures.varied(n: n, seed: 21, latency: latency),
            challenger: Fixtures.varied(n: n, seed: 22, latency: latency))
    }

    func decide(_ state: RolloutState, at now: Double, psi: Double? = nil) throws -> Decision {
        try RolloutDecider.decide(plan: plan, state: state, now: now, scorePSI: psi)
    }

    @Test func errorRateBreachRollsBackAtOnce() throws {
        var step = Self.alike(n: 300)
        for _ in 0..<20 { step.challenger.recordError() }
        let decision = try decide(try Fixtures.state(step: step), at: 1060)
        guard case .rollback(.errorRate, let evidence) = decision else {
            Issue.record("expected an error-rate rollback, got \(decision)")
            return
        }
        let check = try #require(evidence.guardrail(.errorRate))
        #expect(check.judged && check.breached)
        #expect(abs(try #require(check.value) - 20.0 / 320) < 1e-12)
        #expect(check.limit == 0.01)
    }

    @Test func oneErrorDoesNotRollBack() throws {
        var step = Self.alike(n: 300)
        step.challenger.recordError()
        let decision = try decide(try Fixtures.state(step: step), at: 1060)
        #expect(decision.action == .hold)
        let check = try #require(decision.evidence.guardrail(.errorRate))
        #expect(!check.judged && !check.breached)
    }

    @Test func errorRateMustAlsoDoubleTheChampions() throws {
        var step = Self.alike(n: 1000)
        for _ in 0..<30 { step.challenger.recordError() }  // ≈ 2.9 %
        for _ in 0..<20 { step.champion.recordError() }  // ≈ 2.0 %: limit 4 %
        let decision = try decide(try Fixtures.state(step: step), at: 1060)
        #expect(decision.action == .hold)
        let check = try #require(decision.evidence.guardrail(.errorRate))
        #expect(check.judged && !check.breached)
        #expect(abs(check.limit - 2 * 20.0 / 1020) < 1e-12)
    }

    @Test func latencyBreachRollsBackButTinyLatenciesDoNot() throws {
        let slow = RolloutStatistics(
            champion: Fixtures.varied(n: 1200, seed: 1, latency: 0.010),
            challenger: Fixtures.varied(n: 1200, seed: 2, latency: 0.030))
        let decision = try decide(try Fixtures.state(step: slow), at: 1060)
        guard case .rollback(.latency, let evidence) = decision else {
            Issue.record("expected a latency rollback, got \(decision)")
            return
        }
        // Each p99 is a bucket's middle, so the ratio is 3 within a bucket (4.9 %).
        let ratio = try #require(evidence.guardrail(.latencyP99Ratio)?.value)
        #expect(abs(ratio / 3 - 1) < LatencyHistogram.bucketRatio - 1)

        // 3 ms vs 1 ms: three times slower, but both under the 5 ms floor.
        let tiny = RolloutStatistics(
            champion: Fixtures.varied(n: 1200, seed: 1, latency: 0.001),
            challenger: Fixtures.varied(n: 1200, seed: 2, latency: 0.003))
        let calm = try decide(try Fixtures.state(step: tiny), at: 1060)
        #expect(calm.action == .hold)
        #expect(calm.evidence.guardrail(.latencyP99Ratio)?.value == 1)

        // Too few latencies to judge a p99.
        let few = RolloutStatistics(
            champion: Fixtures.varied(n: 300, seed: 1, latency: 0.010),
            challenger: Fixtures.varied(n: 300, seed: 2, latency: 0.030))
        let early = try decide(try Fixtures.state(step: few), at: 1060)
        #expect(early.action == .hold)
        #expect(early.evidence.guardrail(.latencyP99Ratio)?.judged == false)
    }

    @Test func scorePSIBreachRollsBack() throws {
        let state = try Fixtures.state(step: Self.alike(n: 300))
        let decision = try decide(state, at: 1060, psi: 0.4)
        #expect(decision == .rollback(.scorePSI, decision.evidence))
        #expect(try decide(state, at: 1060, psi: 0.1).action == .hold)
        let unknown = try decide(state, at: 1060, psi: nil)
        #expect(unknown.evidence.guardrail(.scorePSI)?.judged == false)
        #expect(try decide(state, at: 1060, psi: .nan).action == .hold)
    }

    @Test func significantlyWorseRollsBackBeforeTheHoldEnds() throws {
        // 60 s into a 600 s hold, far below minSamples.
        let step = RolloutStatistics(
            champion: Fixtures.arm(n: 600, probability: 0.2),
            challenger: Fixtures.arm(n: 600, probability: 0.5))
        let decision = try decide(try Fixtures.state(step: step), at: 1060)
        guard case .rollback(.primaryMetric, let evidence) = decision else {
            Issue.record("expected a primary-metric rollback, got \(decision)")
            return
        }
        #expect(evidence.verdict == .worse)
        #expect(evidence.pValue <= 0.05)
        #expect(try #require(evidence.runningInterval).lower > 0)
        #expect(try #require(evidence.difference) > 0)
        #expect(evidence.secondsInStep == 60)
    }

    @Test func significantlyWorseRollsBackAtTheLastStepToo() throws {
        let step = RolloutStatistics(
            champion: Fixtures.arm(n: 600, probability: 0.2),
            challenger: Fixtures.arm(n: 600, probability: 0.5))
        let decision = try decide(try Fixtures.state(stepIndex: 2, step: step), at: 5000)
        #expect(decision.action == .rollback)
        #expect(decision.evidence.weightPercent == 100)
    }

    @Test func holdsUntilTheHoldTimeHasPassed() throws {
        let state = try Fixtures.state(step: Self.alike(n: 3000))
        let decision = try decide(state, at: 1599)
        #expect(decision == .hold(.holdTime, decision.evidence))
        #expect(decision.evidence.verdict == .inconclusive)
    }

    @Test func holdsUntilEachArmHasMinSamples() throws {
        let step = RolloutStatistics(
            champion: Fixtures.varied(n: 5000, seed: 1),
            challenger: Fixtures.varied(n: 999, seed: 2))
        let decision = try decide(try Fixtures.state(step: step), at: 9000)
        #expect(decision == .hold(.collectingSamples, decision.evidence))
    }

    @Test func advancesWhenHoldAndSamplesAreReachedAndNotWorse() throws {
        let decision = try decide(try Fixtures.state(step: Self.alike(n: 1000)), at: 1600)
        #expect(decision == .advance(from: 5, to: 20, decision.evidence))
        let middle = try decide(try Fixtures.state(stepIndex: 1, step: Self.alike(n: 1000)), at: 1600)
        #expect(middle == .advance(from: 20, to: 100, middle.evidence))
    }

    @Test func significantlyBetterStillWaitsForTheHold() throws {
        let step = RolloutStatistics(
            champion: Fixtures.arm(n: 3000, probability: 0.5),
            challenger: Fixtures.arm(n: 3000, probability: 0.2))
        let decision = try decide(try Fixtures.state(step: step), at: 1100)
        #expect(decision == .hold(.holdTime, decision.evidence))
        #expect(decision.evidence.verdict == .better)
    }

    @Test func passingTheLastStepPromotes() throws {
        let decision = try decide(try Fixtures.state(stepIndex: 2, step: Self.alike(n: 1000)), at: 1600)
        #expect(decision == .promote(decision.evidence))
    }

    @Test func pausedAlwaysHolds() throws {
        var step = RolloutStatistics(
            champion: Fixtures.arm(n: 600, probability: 0.2),
            challenger: Fixtures.arm(n: 600, probability: 0.5))
        for _ in 0..<50 { step.challenger.recordError() }
        var state = try Fixtures.state(step: step)
        state.pause()
        let decision = try decide(state, at: 99_999, psi: 1)
        #expect(decision == .hold(.notRunning, decision.evidence))
        #expect(decision.evidence.status == .paused)
        #expect(decision.evidence.test == nil)  // paused: no look, the running p-value stays
    }

    @Test func theTestWaitsForTestMinSamples() throws {
        let step = RolloutStatistics(
            champion: Fixtures.arm(n: 150, probability: 0.2),
            challenger: Fixtures.arm(n: 150, probability: 0.9))
        let decision = try decide(try Fixtures.state(step: step), at: 1060)
        #expect(decision.action == .hold)
        #expect(decision.evidence.verdict == .insufficientData)
        #expect(decision.evidence.pValue == 1)
    }

    @Test func runningPValueAndIntervalCarryAcrossLooks() throws {
        let plan = plan
        var state = try Fixtures.state(step: Self.alike(n: 400))
        let first = try decide(state, at: 1100)
        state = try state.apply(first, now: 1100)
        #expect(state.runningPValue == first.evidence.pValue)
        #expect(state.runningInterval == first.evidence.runningInterval)
        state.record(Self.alike(n: 400))
        let second = try RolloutDecider.decide(plan: plan, state: state, now: 1200, scorePSI: nil)
        let look = try #require(second.evidence.test)
        #expect(second.evidence.pValue == min(first.evidence.pValue, look.pValue))
        let running = try #require(second.evidence.runningInterval)
        let previous = try #require(first.evidence.runningInterval)
        #expect(running.lower >= previous.lower && running.upper <= previous.upper)
        #expect(running.lower >= look.interval.lower && running.upper <= look.interval.upper)
    }

    @Test func aPlanThatDoesNotMatchTheStateIsRefused() throws {
        let state = try Fixtures.state(stepIndex: 2, step: RolloutStatistics())
        let short = RolloutPlan(steps: [5, 100])
        #expect(throws: RolloutError.stepOutOfRange(stepIndex: 2, stepCount: 2)) {
            try RolloutDecider.decide(plan: short, state: state, now: 0, scorePSI: nil)
        }
        let other = RolloutPlan(steps: [1, 10, 50, 100])
        #expect(throws: RolloutError.weightDoesNotMatchPlan(stepIndex: 2, stateWeight: 100, planWeight: 50)) {
            try RolloutDecider.decide(plan: other, state: state, now: 0, scorePSI: nil)
        }
    }

    @Test(arguments: [
        (RolloutPlan(steps: []), "steps"),
        (RolloutPlan(steps: [5, 5, 100]), "steps[1]"),
        (RolloutPlan(steps: [0, 100]), "steps[0]"),
        (RolloutPlan(steps: [5, 120]), "steps[1]"),
        (RolloutPlan(holdSeconds: -1), "hold_seconds"),
        (RolloutPlan(minSamples: 0), "min_samples"),
        (RolloutPlan(alpha: 1), "alpha"),
        (RolloutPlan(mixingVariance: 0), "mixing_variance"),
        (RolloutPlan(guardrails: Guardrails(maxLatencyRatio: .nan)), "guardrails.max_latency_ratio"),
        (RolloutPlan(guardrails: Guardrails(minErrors: 0)), "guardrails.min_errors"),
    ])
    func invalidPlansNameTheField(plan: RolloutPlan, field: String) {
        do {
            try plan.validate()
            Issue.record("plan accepted")
        } catch {
            guard case .invalidPlan(let named, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(named == field)
            #expect(error.description.contains("'\(field)'"))
        }
    }
}

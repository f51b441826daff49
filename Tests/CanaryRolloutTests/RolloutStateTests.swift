import CanaryRollout
import Foundation
import Testing

@Suite struct RolloutStateTests {
    let plan = Fixtures.plan

    static func passing(n: Int = 1000) -> RolloutStatistics {
        RolloutStatistics(champion: Fixtures.varied(n: n, seed: 31), challenger: Fixtures.varied(n: n, seed: 32))
    }

    @Test func startsAtTheFirstStep() throws {
        let state = try RolloutState(plan: plan, salt: "r1", now: 42)
        #expect(state.status == .running && state.stepIndex == 0 && state.weightPercent == 5)
        #expect(state.startedAt == 42 && state.stepStartedAt == 42 && state.endedAt == nil)
        #expect(state.runningPValue == 1 && state.runningInterval == nil)
        #expect(throws: RolloutError.self) { try RolloutState(plan: RolloutPlan(steps: []), salt: "r", now: 0) }
    }

    @Test func advanceResetsTheStepButKeepsTheTotals() throws {
        var state = try Fixtures.state(step: Self.passing())
        state.runningPValue = 0.4
        let decision = try RolloutDecider.decide(plan: plan, state: state, now: 1700, scorePSI: nil)
        #expect(decision.action == .advance)
        let next = try state.apply(decision, now: 1700)
        #expect(next.stepIndex == 1 && next.weightPercent == 20 && next.stepStartedAt == 1700)
        #expect(next.step == RolloutStatistics())
        #expect(next.overall == state.overall)
        #expect(next.overall.champion.labelled == 1000)
        #expect(next.runningPValue == 1 && next.runningInterval == nil)
        #expect(next.status == .running && next.startedAt == state.startedAt)
    }

    @Test func promoteAndRollbackEndTheRollout() throws {
        let last = try Fixtures.state(stepIndex: 2, step: Self.passing())
        let promote = try RolloutDecider.decide(plan: plan, state: last, now: 1700, scorePSI: nil)
        let promoted = try last.apply(promote, now: 1700)
        #expect(promoted.status == .promoted && promoted.weightPercent == 100 && promoted.endedAt == 1700)

        let bad = RolloutStatistics(
            champion: Fixtures.arm(n: 600, probability: 0.2),
            challenger: Fixtures.arm(n: 600, probability: 0.5))
        let worse = try Fixtures.state(step: bad)
        let rollback = try RolloutDecider.decide(plan: plan, state: worse, now: 1010, scorePSI: nil)
        let rolledBack = try worse.apply(rollback, now: 1010)
        #expect(rolledBack.status == .rolledBack && rolledBack.weightPercent == 0 && rolledBack.endedAt == 1010)
        #expect(rolledBack.runningPValue == rollback.evidence.pValue)

        // Finished rollouts only hold.
        let after = try RolloutDecider.decide(plan: plan, state: rolledBack, now: 2000, scorePSI: nil)
        #expect(after == .hold(.notRunning, after.evidence))
        #expect(try rolledBack.apply(after, now: 2000) == rolledBack)
        #expect(throws: RolloutError.notRunning(status: .rolledBack, action: .rollback)) {
            try rolledBack.apply(rollback, now: 2000)
        }
    }

    @Test func staleAndPausedDecisionsAreRefused() throws {
        var state = try Fixtures.state(step: Self.passing())
        let advance = try RolloutDecider.decide(plan: plan, state: state, now: 1700, scorePSI: nil)
        let moved = try state.apply(advance, now: 1700)
        #expect(throws: RolloutError.staleDecision(decisionStep: 0, stateStep: 1)) {
            try moved.apply(advance, now: 1701)
        }
        state.pause()
        #expect(throws: RolloutError.notRunning(status: .paused, action: .advance)) {
            try state.apply(advance, now: 1700)
        }
        state.resume()
        #expect(state.status == .running)
        state.abort(now: 1800)
        #expect(state.status == .aborted && state.weightPercent == 0 && state.endedAt == 1800)
    }

    @Test func routingFollowsTheStatus() throws {
        var generator = CanarySplitMix64(seed: 4)
        var state = try RolloutState(plan: plan, salt: "route", now: 0)
        var challengers = 0
        for i in 0..<10_000 where state.route(plan: plan, unitID: "u\(i)", using: &generator).answering == .challenger {
            challengers += 1
        }
        #expect(abs(Double(challengers) / 10_000 - 0.05) < 0.01)
        let shadowPlan = RolloutPlan(shadow: true)
        #expect(state.route(plan: shadowPlan, unitID: "u1", using: &generator) == CanaryRoute(answering: .champion, shadow: .challenger))
        state.status = .promoted
        #expect(state.route(plan: plan, unitID: "u1", using: &generator) == CanaryRoute(answering: .challenger))
        state.status = .rolledBack
        #expect(state.route(plan: plan, unitID: nil, using: &generator) == CanaryRoute(answering: .champion))
    }

    @Test func jsonRoundTrip() throws {
        var state = try Fixtures.state(step: Self.passing(n: 700))
        var batch = Self.passing(n: 50)
        batch.challenger.recordError()
        state.record(batch)
        let hold = try RolloutDecider.decide(plan: plan, state: state, now: 1100, scorePSI: 0.02)
        state = try state.apply(hold, now: 1100)
        #expect(state.runningInterval != nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(state)
        let text = String(decoding: data, as: UTF8.self)
        for key in [
            "\"salt\"", "\"status\":\"running\"", "\"step_index\":0", "\"weight_percent\":5",
            "\"step_started_at\":1000", "\"started_at\":1000", "\"step\"", "\"overall\"",
            "\"running_p_value\"", "\"running_interval\"",
        ] {
            #expect(text.contains(key), "missing \(key) in \(text.prefix(400))")
        }
        let decoded = try JSONDecoder().decode(RolloutState.self, from: data)
        #expect(decoded == state)

        // Every status survives.
        for status in RolloutStatus.allCases {
            var copy = state
            copy.status = status
            #expect(try JSONDecoder().decode(RolloutState.self, from: encoder.encode(copy)) == copy)
        }
    }
}

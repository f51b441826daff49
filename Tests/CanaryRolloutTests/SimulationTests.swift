import CanaryRollout
import Foundation
import Testing

/// Statistical by nature, so every seed is fixed. The margins are wide: over 1 000 A/A runs
/// (seeds 1–5, docs/rollouts.md) one was rolled back, against the 10 of 200 allowed here; over
/// 200 runs each, every better challenger was promoted and every worse one rolled back at 5 %.
@Suite struct SimulationTests {
    let simulator = RolloutSimulator()

    @Test func aBetterChallengerIsPromoted() throws {
        let summary = try simulator.simulate(scenario: .better, runs: 20, seed: 2026)
        #expect(summary.runs == 20)
        #expect(summary.promoted >= 18, "\(summary.jsonText())")
        #expect(summary.promoted + summary.rolledBack + summary.undecided == 20)
    }

    @Test func aWorseChallengerIsRolledBackAtFivePercent() throws {
        let summary = try simulator.simulate(scenario: .worse, runs: 20, seed: 2026)
        #expect(summary.rolledBack(atWeight: 5) >= 18, "\(summary.jsonText())")
        #expect(summary.promoted == 0)
        #expect(summary.rollbackReasons.first?.reason == .primaryMetric)
        // Caught well before the 5 % step could have passed (hold 30 min, 2 000 labels ≈ 2.2 h).
        #expect(summary.meanHoursToDecision < 1.5)
    }

    @Test func anAATestRarelyRollsBack() throws {
        let summary = try simulator.simulate(scenario: .same, runs: 200, seed: 2026)
        #expect(summary.runs == 200)
        #expect(summary.rolledBackShare <= 0.05, "\(summary.jsonText())")
        #expect(summary.promoted >= 180)
        // Peeking at a fixed-horizon z-test every minute would have "found" far more.
        #expect(summary.peekingZTestSaysWorse > summary.rolledBack)
    }

    @Test func aBetterRunGoesThroughEveryStep() throws {
        let run = try simulator.run(scenario: .better, seed: 7)
        #expect(run.status == .promoted)
        let moves = run.events.map(\.decision)
        #expect(moves.count == 3)
        guard moves.count == 3 else { return }
        #expect(moves[0] == .advance(from: 5, to: 20, moves[0].evidence))
        #expect(moves[1] == .advance(from: 20, to: 100, moves[1].evidence))
        #expect(moves[2] == .promote(moves[2].evidence))
        for move in moves {
            #expect(move.evidence.secondsInStep >= RolloutSimulator.defaultPlan.holdSeconds)
            #expect(min(move.evidence.champion.labelled, move.evidence.challenger.labelled) >= 2000)
        }
        // At 100 % the champion is scored in shadow, so the last step still has a control.
        #expect(moves[2].evidence.champion.labelled >= 2000)
        #expect(run.finalState.overall.challenger.labelled > 6000)
    }

    @Test func aFailingChallengerIsRolledBackOnErrors() throws {
        let failing = RolloutSimulator(settings: SimulationSettings(challengerErrorRate: 0.2))
        let run = try failing.run(scenario: .same, seed: 3)
        #expect(run.status == .rolledBack)
        #expect(run.rollbackReason == .errorRate)
        #expect(run.finalStepWeight == 5)
    }

    @Test func aSlowChallengerIsRolledBackOnLatency() throws {
        let slow = RolloutSimulator(settings: SimulationSettings(challengerLatencyTailSeconds: 0.010))
        let run = try slow.run(scenario: .same, seed: 3)
        #expect(run.status == .rolledBack)
        #expect(run.rollbackReason == .latency)
    }

    @Test func shadowModeNeverAnswersWithTheChallenger() throws {
        var plan = RolloutSimulator.defaultPlan
        plan.shadow = true
        plan.steps = [100]
        let run = try simulator.run(scenario: .worse, seed: 5, plan: plan)
        #expect(run.status == .rolledBack)
        // Both arms scored the same requests.
        let overall = run.finalState.overall
        #expect(abs(overall.champion.requests - overall.challenger.requests) < 50)
    }

    @Test func sameSeedSameSummary() throws {
        let a = try simulator.simulate(scenario: .worse, runs: 3, seed: 11)
        let b = try simulator.simulate(scenario: .worse, runs: 3, seed: 11)
        #expect(a == b)
        let c = try simulator.simulate(scenario: .worse, runs: 3, seed: 12)
        #expect(a.meanRequestsPerRun != c.meanRequestsPerRun)
    }

    @Test func summaryJSONHasTheAgreedShape() throws {
        let summary = SimulationSummary(
            runs: 200, promoted: 195, rolledBack: 3, undecided: 2,
            rolledBackAtWeight: [
                .init(weightPercent: 5, count: 2), .init(weightPercent: 20, count: 1),
                .init(weightPercent: 100, count: 0),
            ],
            scenario: .same, seed: 9, rollbackReasons: [.init(reason: .primaryMetric, count: 3)],
            meanHoursToDecision: 3.25, meanRequestsPerRun: 60000, peekingZTestSaysWorse: 40)
        #expect(
            summary.jsonText().hasPrefix(
                #"{"runs":200,"promoted":195,"rolled_back":3,"undecided":2,"rolled_back_at_weight":{"5":2,"20":1,"100":0},"scenario":"same""#))
        let encoded = try JSONEncoder().encode(summary)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object["runs"] as? Int == 200)
        #expect(object["rolled_back"] as? Int == 3)
        #expect(object["undecided"] as? Int == 2)
        let weights = try #require(object["rolled_back_at_weight"] as? [String: Int])
        #expect(weights == ["5": 2, "20": 1, "100": 0])
        #expect(try JSONDecoder().decode(SimulationSummary.self, from: encoded) == summary)
        #expect(try JSONDecoder().decode(SimulationSummary.self, from: Data(summary.jsonText().utf8)) == summary)
    }

    @Test func badSettingsAreRefused() {
        let broken = RolloutSimulator(settings: SimulationSettings(requestsPerSecond: 0))
        #expect(throws: RolloutError.invalidPlan(field: "simulation.requests_per_second", reason: "0.0 is not a finite number > 0")) {
            try broken.simulate(scenario: .same, runs: 1, seed: 1)
        }
    }
}

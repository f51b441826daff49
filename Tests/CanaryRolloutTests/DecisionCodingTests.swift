import CanaryRollout
import Foundation
import Testing

@Suite struct DecisionCodingTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func decisionsAreFlatEventsWithTheirNumbers() throws {
        let step = RolloutStatistics(
            champion: Fixtures.arm(n: 600, probability: 0.2),
            challenger: Fixtures.arm(n: 600, probability: 0.5))
        let state = try Fixtures.state(step: step)
        let rollback = try RolloutDecider.decide(plan: Fixtures.plan, state: state, now: 1060, scorePSI: 0.05)
        let text = try Self.json(RolloutEvent(at: 1060, decision: rollback))
        for key in [
            "\"at\":1060", "\"action\":\"rollback\"", "\"reason\":\"primary_metric\"", "\"evidence\"",
            "\"p_value\"", "\"running_interval\"", "\"verdict\":\"worse\"", "\"champion_mean\"",
            "\"challenger_mean\"", "\"difference\"", "\"labelled\":600", "\"guardrails\"",
            "\"name\":\"score_psi\"", "\"value\":0.05", "\"p99_latency_seconds\"",
        ] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(try JSONDecoder().decode(RolloutEvent.self, from: Data(text.utf8)).decision == rollback)
        #expect(rollback.description.hasPrefix("rollback (primary_metric) step 0 at 5%"))

        let advance = Decision.advance(from: 5, to: 20, rollback.evidence)
        let advanceText = try Self.json(advance)
        #expect(advanceText.contains("\"from_weight\":5") && advanceText.contains("\"to_weight\":20"))
        #expect(!advanceText.contains("\"reason\""))
        for decision in [advance, .promote(rollback.evidence), .hold(.holdTime, rollback.evidence)] {
            #expect(try JSONDecoder().decode(Decision.self, from: Data(Self.json(decision).utf8)) == decision)
        }
    }

    @Test func infinitePSIIsWrittenAsNull() throws {
        let state = try Fixtures.state(step: RolloutStatistics())
        let decision = try RolloutDecider.decide(plan: Fixtures.plan, state: state, now: 1010, scorePSI: .infinity)
        #expect(decision.action == .rollback)
        #expect(try Self.json(decision).contains("\"limit\":0.25,\"name\":\"score_psi\",\"value\":null"))
    }

    @Test func plansDecodeWithDefaults() throws {
        let plan = try JSONDecoder().decode(RolloutPlan.self, from: Data(#"{"min_samples": 300, "metric": "ctr"}"#.utf8))
        #expect(plan.minSamples == 300 && plan.metric == .ctr)
        #expect(plan.steps == [5, 20, 100] && plan.holdSeconds == 1800 && plan.alpha == 0.05 && !plan.shadow)
        #expect(plan.guardrails == Guardrails())
        #expect(plan.sequentialTest.mixingVariance == PrimaryMetric.ctr.defaultMixingVariance)
        let full = RolloutPlan(
            steps: [1, 50, 100], holdSeconds: 60, minSamples: 10, metric: .ctr, shadow: true,
            guardrails: Guardrails(maxErrorRate: 0.02), alpha: 0.01, mixingVariance: 1e-4,
            testMinSamples: 50)
        #expect(try JSONDecoder().decode(RolloutPlan.self, from: Data(Self.json(full).utf8)) == full)
        #expect(try Self.json(full).contains("\"hold_seconds\":60"))
    }
}

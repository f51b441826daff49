import CanaryRollout
import MLOpsTestSupport
import PipelineSpec
import Testing

/// A `canary` step reads the shared table of written plans (`RolloutPlanCase.all`) as the CLI
/// and the HTTP API do: the same plans with the same defaults, the same words for bad ones.
@Suite struct RolloutPlanSurfaceTests {
    @Test(arguments: RolloutPlanCase.all)
    func aCanaryStepReadsThePlanAsEverySurfaceDoes(written: RolloutPlanCase) throws {
        let yaml = Fixtures.pipeline(steps: "  - canary: \(written.yamlOptions)\n")
        switch written.expected {
        case .plan(let steps, let holdSeconds, let minSamples, let metric, let alpha):
            guard case .canary(let plan) = try Fixtures.onlyStep("  - canary: \(written.yamlOptions)\n").kind else {
                Issue.record("not a canary step")
                return
            }
            #expect(plan.steps == steps && plan.holdSeconds == holdSeconds && plan.minSamples == minSamples)
            #expect(plan.metric.rawValue == metric && plan.alpha == alpha)
            #expect(
                plan
                    == (try RolloutPlan.written(
                        steps: written.steps.map { $0.compactMap(Double.init) }, hold: written.hold, minSamples: written.minSamples,
                        metric: written.metric, alpha: written.alpha.flatMap(Double.init))))
        case .refused(let message):
            let errors = Fixtures.errors(yaml)
            #expect(errors.contains { $0.hasSuffix(": step 1 (canary): " + message) }, "\(errors)")
        }
    }
}

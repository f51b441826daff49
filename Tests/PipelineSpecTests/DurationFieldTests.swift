import CanaryRollout
import PipelineSpec
import Testing

/// Durations in a pipeline file are read in the one notation (`MLOpsTime.DurationText`).
@Suite struct DurationFieldTests {
    @Test func durationsInAFile() throws {
        let yaml = "name: t\nmodel: ctr\ndrift: { cooldown: 12h, check: 15m, window: 2w }\nsteps:\n  - canary: { hold: 45s }\n"
        let pipeline = try PipelineLoader.parse(yaml: yaml, path: Fixtures.path)
        #expect(pipeline.drift?.cooldownSeconds == 43_200)
        #expect(pipeline.drift?.checkSeconds == 900)
        #expect(pipeline.drift?.windowSeconds == 1_209_600)
        #expect(pipeline.steps[0].kind == .canary(RolloutPlan(holdSeconds: 45)))
    }
}

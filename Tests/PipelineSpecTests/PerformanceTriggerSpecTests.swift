import PipelineSpec
import Testing

/// The `performance:` trigger in a pipeline file: defaults, options, and errors that say why.
@Suite struct PerformanceTriggerSpecTests {
    @Test func optionsAndDefaults() throws {
        let yaml = "name: t\nmodel: ctr\nperformance: { metric: log_loss, degrade: 0.05, cooldown: 2d, check: 15m }\nsteps:\n  - register: {}\n"
        let pipeline = try PipelineLoader.parse(yaml: yaml, path: Fixtures.path)
        #expect(pipeline.performance == PerformanceTrigger(metric: "log_loss", degrade: 0.05, cooldownSeconds: 172_800, checkSeconds: 900))
        let defaults = try PipelineLoader.parse(yaml: "name: t\nmodel: ctr\nperformance:\nsteps:\n  - register: {}\n", path: Fixtures.path)
        #expect(defaults.performance == PerformanceTrigger(degrade: 0.02, cooldownSeconds: 259_200, checkSeconds: 3_600))
        #expect(try PipelineLoader.parse(yaml: Fixtures.pipeline(steps: "  - register: {}\n"), path: Fixtures.path).performance == nil)
    }

    @Test func badOptionsAreNamed() {
        let errors = Fixtures.errors(
            "name: t\nmodel: ctr\nperformance: { metric: auc, degrade: -1, cooldon: 3d }\nsteps:\n  - register: {}\n")
        #expect(errors.count == 3, "\(errors)")
        #expect(errors.contains { $0.contains("performance: 'metric' must be log_loss (AUC is not a mean over impressions") })
        #expect(errors.contains { $0.contains("performance: 'degrade' must be a positive number") && $0.contains("got '-1'") }, "\(errors)")
        #expect(errors.contains { $0.contains("unknown option 'cooldon'") })
        #expect(
            Fixtures.errors("name: t\nmodel: ctr\nperformance: 0.02\nsteps:\n  - register: {}\n").first?.contains("must be a map of options") == true)
    }
}

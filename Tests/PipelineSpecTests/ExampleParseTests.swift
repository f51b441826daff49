import CanaryRollout
import PipelineSpec
import Synchronization
import Testing

@Suite struct ExampleParseTests {
    @Test func shippedExampleParsesWithItsValues() throws {
        let seen = Mutex<(schedules: [String], training: [String])>(([], []))
        let checks = PipelineChecks(
            schedule: { text in
                seen.withLock { $0.schedules.append(text) }
                return nil
            },
            training: { algorithm, params in
                seen.withLock { $0.training.append("\(algorithm.rawValue) \(params.keys.sorted())") }
                return nil
            })
        let pipeline = try PipelineLoader.parse(yaml: Fixtures.ctrRetrain, path: "pipelines/ctr-retrain.yaml", checks: checks)
        #expect(seen.withLock { $0.schedules } == ["every 7d"])
        #expect(
            seen.withLock { $0.training } == ["gbdt [\"eta\", \"max_depth\", \"num_round\"]"], "each train step's parameters are handed to the check")
        #expect(pipeline.name == "ctr-retrain")
        #expect(pipeline.model == "ctr")
        #expect(pipeline.schedule == "every 7d")
        #expect(pipeline.sourcePath == "pipelines/ctr-retrain.yaml")
        #expect(
            pipeline.drift
                == DriftTrigger(
                    threshold: .significant, cooldownSeconds: 3 * 86_400,
                    checkSeconds: 3_600, windowSeconds: 7 * 86_400))
        #expect(pipeline.steps.map(\.name) == ["extract", "validate", "train", "evaluate", "register", "canary", "command"])
        #expect(pipeline.steps.map(\.kind.kindName) == StepKind.kindNames)
        #expect(pipeline.steps.map(\.retries) == [2, 0, 1, 0, 1, 1, 2])
        #expect(pipeline.steps.map(\.timeoutSeconds) == [nil, nil, nil, nil, nil, nil, 7_200])

        let expected: [StepKind] = [
            .extract(ExtractOptions(source: .files(["data/week.csv"]), label: "label")),
            .validate(ValidateOptions(maxMissing: 0.05, maxPSI: 0.5, minRows: 1_000, expectations: [])),
            .train(TrainOptions(algorithm: .gbdt, params: ["num_round": "200", "max_depth": "6", "eta": "0.1"])),
            .evaluate(EvaluateOptions(holdout: 0.2, minAUCGain: 0, maxLoglossIncrease: 0.01)),
            .register(RegisterOptions(tags: ["team": "ads"], description: nil)),
            .canary(
                RolloutPlan(
                    steps: [5, 20, 100], holdSeconds: 1_800, minSamples: 5_000, metric: .logLoss,
                    shadow: false)),
            .command(CommandOptions(run: ["python3", "train_dask.py"], env: [:], workdir: nil)),
        ]
        #expect(pipeline.steps.map(\.kind) == expected)
        #expect(pipeline.step(named: "train")?.kind == expected[2])
    }

    @Test func bareStepNamesAndNullOptionsMeanDefaults() throws {
        let yaml = Fixtures.pipeline(
            steps: """
                  - register
                  - evaluate:
                  - canary: {}
                  - validate: ~

                """)
        let pipeline = try PipelineLoader.parse(yaml: yaml, path: Fixtures.path)
        #expect(
            pipeline.steps == [
                PipelineStep(kind: .register(RegisterOptions())),
                PipelineStep(kind: .evaluate(EvaluateOptions())),
                PipelineStep(kind: .canary(RolloutPlan())),
                PipelineStep(kind: .validate(ValidateOptions())),
            ])
        #expect(pipeline.schedule == nil)
        #expect(pipeline.drift == nil)
    }

    @Test func flowStyleStepListWorks() throws {
        let pipeline = try PipelineLoader.parse(
            yaml: "name: a.b_c-1\nmodel: m\nsteps: [register, { train: { algorithm: logreg } }]\n",
            path: Fixtures.path)
        #expect(pipeline.name == "a.b_c-1")
        #expect(pipeline.steps.map(\.name) == ["register", "train"])
    }

    @Test func commonOptionsOverrideDefaults() throws {
        let step = try Fixtures.onlyStep("  - train: { algorithm: gbdt, retries: 4, timeout: 90s, name: fit-gbdt }\n")
        #expect(step.name == "fit-gbdt")
        #expect(step.retries == 4)
        #expect(step.timeoutSeconds == 90)
        let noRetry = try Fixtures.onlyStep("  - extract: { files: [a.csv], retries: 0 }\n")
        #expect(noRetry.retries == 0)
        #expect(noRetry.timeoutSeconds == nil)
    }

    @Test func driftDefaultsAndNumericThreshold() throws {
        let yaml = "name: t\nmodel: ctr\ndrift:\n  threshold: 0.3\nsteps: [register]\n"
        let pipeline = try PipelineLoader.parse(yaml: yaml, path: Fixtures.path)
        #expect(
            pipeline.drift
                == DriftTrigger(
                    threshold: .psi(0.3), cooldownSeconds: 86_400, checkSeconds: 3_600,
                    windowSeconds: 604_800))
        let empty = try PipelineLoader.parse(yaml: "name: t\nmodel: ctr\ndrift:\nsteps: [register]\n", path: Fixtures.path)
        #expect(empty.drift == DriftTrigger())
        #expect(DriftTrigger().threshold == .significant)
        let moderate = try PipelineLoader.parse(
            yaml: "name: t\nmodel: ctr\ndrift: { threshold: moderate }\nsteps: [register]\n",
            path: Fixtures.path)
        #expect(moderate.drift?.threshold == .moderate)
    }

    @Test func scheduleClosureIsNotCalledWithoutSchedule() throws {
        let calls = Mutex(0)
        let checks = PipelineChecks(schedule: { _ in
            calls.withLock { $0 += 1 }
            return nil
        })
        _ = try PipelineLoader.parse(yaml: Fixtures.pipeline(steps: "  - register\n"), path: Fixtures.path, checks: checks)
        #expect(calls.withLock { $0 } == 0)
    }
}

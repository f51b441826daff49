import CanaryRollout
import PipelineSpec
import Testing

@Suite struct StepDefaultsTests {
    @Test func extractFilesDefaults() throws {
        let step = try Fixtures.onlyStep("  - extract: { files: [data/a.csv, /abs/b.csv] }\n")
        #expect(step.kind == .extract(ExtractOptions(source: .files(["data/a.csv", "/abs/b.csv"]), label: "label")))
        #expect(step.retries == 2)
        #expect(step.timeoutSeconds == nil)
    }

    @Test func extractSQL() throws {
        let step = try Fixtures.onlyStep(
            """
              - extract:
                  sql: "SELECT * FROM impressions WHERE day > now() - interval '7 days'"
                  database: env:CTR_DATABASE_URL
                  label: clicked

            """)
        #expect(
            step.kind
                == .extract(
                    ExtractOptions(
                        source: .sql(
                            query: "SELECT * FROM impressions WHERE day > now() - interval '7 days'",
                            database: "env:CTR_DATABASE_URL"),
                        label: "clicked")))
        let url = try Fixtures.onlyStep("  - extract: { sql: SELECT 1, database: \"postgresql://u@db:5432/ads\" }\n")
        #expect(url.kind == .extract(ExtractOptions(source: .sql(query: "SELECT 1", database: "postgresql://u@db:5432/ads"))))
    }

    @Test func validateDefaultsAndExpectations() throws {
        let bare = try Fixtures.onlyStep("  - validate\n")
        #expect(bare.kind == .validate(ValidateOptions(maxMissing: 0.05, maxPSI: 0.25, minRows: 1_000, expectations: [])))
        #expect(bare.retries == 0)
        let full = try Fixtures.onlyStep(
            """
              - validate:
                  min_rows: 10
                  expect:
                    - { column: age, min: 0, max: 120 }
                    - { column: country, not_null: true }

            """)
        #expect(
            full.kind
                == .validate(
                    ValidateOptions(
                        minRows: 10,
                        expectations: [
                            ColumnExpectation(column: "age", min: 0, max: 120, notNull: false),
                            ColumnExpectation(column: "country", notNull: true),
                        ])))
    }

    @Test func trainDefaults() throws {
        let step = try Fixtures.onlyStep("  - train: { algorithm: logreg }\n")
        #expect(step.kind == .train(TrainOptions(algorithm: .logreg, params: [:])))
        #expect(step.retries == 1)
        let quoted = try Fixtures.onlyStep("  - train: { algorithm: gbdt, params: { objective: \"binary\", subsample: 1.0, verbose: false } }\n")
        #expect(
            quoted.kind
                == .train(
                    TrainOptions(
                        algorithm: .gbdt,
                        params: ["objective": "binary", "subsample": "1.0", "verbose": "false"])))
    }

    @Test func evaluateDefaults() throws {
        let step = try Fixtures.onlyStep("  - evaluate\n")
        #expect(step.kind == .evaluate(EvaluateOptions(holdout: 0.2, minAUCGain: 0, maxLoglossIncrease: 0.01)))
        #expect(step.retries == 0)
        let negative = try Fixtures.onlyStep("  - evaluate: { min_auc_gain: -0.005 }\n")
        #expect(negative.kind == .evaluate(EvaluateOptions(minAUCGain: -0.005)))
    }

    @Test func registerDefaults() throws {
        let step = try Fixtures.onlyStep("  - register: { description: weekly retrain, tags: { team: ads, version: 2 } }\n")
        #expect(step.kind == .register(RegisterOptions(tags: ["team": "ads", "version": "2"], description: "weekly retrain")))
        #expect(step.retries == 1)
        #expect(try Fixtures.onlyStep("  - register: {}\n").kind == .register(RegisterOptions()))
    }

    @Test func canaryDefaults() throws {
        let step = try Fixtures.onlyStep("  - canary\n")
        #expect(
            step.kind
                == .canary(
                    RolloutPlan(
                        steps: [5, 20, 100], holdSeconds: 1_800, minSamples: 5_000,
                        metric: .logLoss, shadow: false)))
        #expect(step.retries == 1)
        let custom = try Fixtures.onlyStep("  - canary: { steps: [100], hold: 1h, metric: ctr, shadow: true, min_samples: 1 }\n")
        #expect(
            custom.kind
                == .canary(
                    RolloutPlan(
                        steps: [100], holdSeconds: 3_600, minSamples: 1, metric: .ctr,
                        shadow: true)))
    }

    @Test func commandDefaults() throws {
        let step = try Fixtures.onlyStep("  - command: { run: [./retrain.sh] }\n")
        #expect(step.kind == .command(CommandOptions(run: ["./retrain.sh"], env: [:], workdir: nil)))
        #expect(step.retries == 2)
        #expect(step.timeoutSeconds == CommandOptions.defaultTimeoutSeconds)
        #expect(step.timeoutSeconds == 3_600)
        let full = try Fixtures.onlyStep(
            """
              - command:
                  run: [python3, train.py, --rounds, "200"]
                  env: { OMP_NUM_THREADS: 2, MODE: fast }
                  workdir: jobs/ctr
                  timeout: 1w

            """)
        #expect(
            full.kind
                == .command(
                    CommandOptions(
                        run: ["python3", "train.py", "--rounds", "200"],
                        env: ["OMP_NUM_THREADS": "2", "MODE": "fast"], workdir: "jobs/ctr")))
        #expect(full.timeoutSeconds == 604_800)
    }

    @Test func defaultRetriesByKind() {
        #expect(StepKind.kindNames.map(StepKind.defaultRetries(forKind:)) == [2, 0, 1, 0, 1, 1, 2])
    }
}

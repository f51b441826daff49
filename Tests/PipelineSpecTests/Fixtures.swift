import Foundation
import PipelineSpec
import Testing

/// Shared fixtures: the shipped example pipeline, error capture, temporary directories.
enum Fixtures {
    static let path = "pipelines/test.yaml"

    /// `pipelines/ctr-retrain.yaml` as shipped.
    static let ctrRetrain = """
        # Weekly and drift-triggered retraining of the CTR model.
        name: ctr-retrain
        model: ctr
        schedule: "every 7d"          # or 5-field cron, @daily, @weekly
        drift:
          threshold: significant      # or a number: PSI at or above which the pipeline fires
          cooldown: 3d                # no second drift-triggered run within this
          check: 1h                   # how often the drift report is computed (default 1h)
          window: 7d                  # the report covers the last 7 days (default 7d)
        steps:
          - extract: { files: ["data/week.csv"] }
          - validate: { max_missing: 0.05, max_psi: 0.5 }
          - train: { algorithm: gbdt, params: { num_round: 200, max_depth: 6, eta: 0.1 } }
          - evaluate: { holdout: 0.2, min_auc_gain: 0.0, max_logloss_increase: 0.01 }
          - register: { tags: { team: ads } }
          - canary: { steps: [5, 20, 100], hold: 30m, min_samples: 5000, metric: logloss }
          - command: { run: ["python3", "train_dask.py"], timeout: 2h }

        """

    /// A pipeline whose only step is `steps` (text of the list items, indented by two).
    static func pipeline(steps: String) -> String {
        "name: t\nmodel: ctr\nsteps:\n" + steps
    }

    /// Parses `yaml`, expecting it to fail; returns the errors' descriptions.
    static func errors(
        _ yaml: String, checks: PipelineChecks = .formatOnly,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [String] {
        do {
            let pipeline = try PipelineLoader.parse(yaml: yaml, path: path, checks: checks)
            Issue.record("expected errors, parsed \(pipeline)", sourceLocation: sourceLocation)
        } catch let errors as PipelineSpecErrors {
            #expect(!errors.errors.isEmpty, sourceLocation: sourceLocation)
            return errors.errors.map(\.description)
        } catch {
            Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
        }
        return []
    }

    /// The one step of `pipeline(steps:)`.
    static func onlyStep(_ steps: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> PipelineStep {
        let pipeline = try PipelineLoader.parse(yaml: pipeline(steps: steps), path: path)
        try #require(pipeline.steps.count == 1, sourceLocation: sourceLocation)
        return pipeline.steps[0]
    }

    /// Runs `body` with a new empty directory, removed afterwards.
    static func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("pipespec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }

    /// Writes `text` to `name` in `dir`, returning the path.
    @discardableResult
    static func write(_ text: String, to name: String, in dir: String) throws -> String {
        let path = (dir as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

import Foundation
import JobQueue
import PipelineRuns
import PipelineSpec

/// What a step runs with: its run, its options, what earlier steps produced, its directory,
/// and its log.
struct StepContext: Sendable {
    let run: PipelineRun
    let step: PipelineStep
    let index: Int
    let attempt: Int
    /// Earlier steps' outputs merged in order (a later step's key wins): `data`, `label`,
    /// `holdout`, `model_dir`, `version`…
    let inputs: [String: String]
    let runDirectory: String
    let environment: PipelineEnvironment
    let log: StepLog

    /// An input an earlier step must have produced, or a permanent failure naming it.
    func require(_ key: String, producedBy kinds: String) throws -> String {
        guard let value = inputs[key] else {
            throw PermanentJobFailure("step \(step.name) needs '\(key)', which a \(kinds) step produces earlier in the pipeline")
        }
        return value
    }

    /// A path from the pipeline file, relative to the directory that holds `pipelines/`.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || run.spec.sourcePath.isEmpty { return path }
        let pipelinesDirectory = (run.spec.sourcePath as NSString).deletingLastPathComponent
        return ((pipelinesDirectory as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
    }

    var actor: String { "pipeline:\(run.pipeline)" }
}

/// Runs one step of a pipeline and returns its outputs.
enum StepRunner {
    static func run(_ context: StepContext) async throws -> [String: String] {
        switch context.step.kind {
        case .extract(let options): try await ExtractStep.run(options, context)
        case .validate(let options): try await ValidateStep.run(options, context)
        case .train(let options): try await TrainStep.run(options, context)
        case .evaluate(let options): try await EvaluateStep.run(options, context)
        case .register(let options): try await RegisterStep.run(options, context)
        case .canary(let options): try await CanaryStep.run(options, context)
        case .command(let options): try await CommandStep.run(options, context)
        }
    }
}

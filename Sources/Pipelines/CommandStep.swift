import Foundation
import JobQueue
import PipelineSpec
import ProcessRunner

/// `command`: runs an external program — the way to hand training to a distributed engine
/// (Spark, Dask XGBoost) — with the step's timeout, its output in the step's log. It gets the
/// run's context in its environment: `MLOPS_RUN_ID`, `MLOPS_RUN_DIR`, `MLOPS_MODEL`,
/// `MLOPS_DATA` and `MLOPS_HOLDOUT` (when earlier steps made them) and `MLOPS_MODEL_DIR`: a
/// model directory written there (with `model.json`) becomes this step's `model_dir`, so a
/// later `evaluate` and `register` take the externally trained model.
enum CommandStep {
    static func run(_ options: CommandOptions, _ context: StepContext) async throws -> [String: String] {
        let modelDirectory = context.runDirectory + "/command-\(context.index + 1)-model"
        try FileManager.default.createDirectory(atPath: modelDirectory, withIntermediateDirectories: true)
        var environment = context.environment.processEnvironment.merging(options.env) { $1 }
        environment["MLOPS_RUN_ID"] = context.run.id
        environment["MLOPS_RUN_DIR"] = context.runDirectory
        environment["MLOPS_MODEL"] = context.run.model
        environment["MLOPS_MODEL_DIR"] = modelDirectory
        if let data = context.inputs["data"] { environment["MLOPS_DATA"] = data }
        if let holdout = context.inputs["holdout"] { environment["MLOPS_HOLDOUT"] = holdout }
        let request = ProcessRequest(
            options.run, environment: environment,
            workingDirectory: options.workdir.map(context.resolve) ?? context.resolve("."),
            timeoutSeconds: nil)
        let log = context.log
        context.log.line("$ " + options.run.joined(separator: " "))
        let outcome: ProcessOutcome
        do {
            outcome = try await ProcessRunner.run(request) { line in log.line((line.stream == .stderr ? "! " : "> ") + line.text) }
        } catch {
            throw PermanentJobFailure("command: \(error)")
        }
        if outcome.cancelled { throw CancellationError() }
        guard outcome.succeeded else {
            throw JobFailure.retryable("command \(options.run[0]) \(outcome.summary)")
        }
        var outputs = ["exit_code": "0"]
        if FileManager.default.fileExists(atPath: modelDirectory + "/model.json") {
            outputs["model_dir"] = modelDirectory
            context.log.line("the command wrote a model: \(modelDirectory)")
        }
        return outputs
    }
}

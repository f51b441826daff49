import Foundation
import JobQueue
import MLOpsStore
import ModelRegistry
import ModelRuntime
import PipelineSpec

/// `register`: archives the trained model directory as a new version of the pipeline's model,
/// with lineage (the run, the data fingerprint, the champion it was trained to replace). The
/// version is tagged with its run and step, so an attempt that runs again after a crash finds
/// the version it already registered instead of adding a second one.
enum RegisterStep {
    static func run(_ options: RegisterOptions, _ context: StepContext) async throws -> [String: String] {
        let directory = try context.require("model_dir", producedBy: "train or command")
        let registry = context.environment.registry
        let model = context.run.model
        let marker = "\(context.run.id)#\(context.index)"
        let version = try await Blocking.run { () throws -> ModelVersion in
            if (try? registry.model(model)) == nil {
                _ = try registry.createModel(model, description: "created by pipeline \(context.run.pipeline)", actor: context.actor)
            }
            if let existing = try registry.versions(model: model).first(where: { $0.tags["pipeline_step"] == marker }) {
                return existing
            }
            let loaded = try ModelLoader.loadDirectory(directory)
            let champion = try registry.model(model).aliases[WellKnownAlias.champion]
            var tags = options.tags
            tags["pipeline"] = context.run.pipeline
            tags["pipeline_step"] = marker
            return try registry.register(
                model: model, directory: directory, flavor: loaded.model.flavor, params: loaded.manifest?.params ?? [:],
                metrics: loaded.manifest?.metrics ?? [:], tags: tags,
                lineage: Lineage(
                    source: directory, pipelineRun: context.run.id, dataFingerprint: context.inputs["fingerprint"],
                    parentVersion: champion),
                origin: VersionOrigin(runID: context.inputs["tracking_run"]),
                actor: context.actor)
        }
        context.log.line("registered \(version.model)/\(version.version) (sha256 \(version.sha256.prefix(12))…)")
        return ["version": String(version.version)]
    }
}

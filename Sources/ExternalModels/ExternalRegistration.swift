import Foundation
import ModelRegistry
import ModelRuntime

/// Registers a model served elsewhere as a model's next version (`mlops registry
/// register-external`, and tests): reads the upstream's v2 metadata, writes the version's
/// directory — `manifest.json` (flavor `external`), `upstream.json` and, when the champion reads
/// the same features, the champion's drift profile — and registers it.
public enum ExternalRegistration {
    /// What was registered.
    public struct Registered: Sendable {
        public let version: ModelVersion
        public let spec: UpstreamSpec
        /// Whether the version got the champion's drift profile (its live drift is counted).
        public let profiled: Bool
    }

    /// `featureNames` name the columns of a single `[N, F]` input (default: the champion's when
    /// it has as many, else `f0…`); `metrics` are holdout metrics (the performance baseline).
    public static func register(
        registry: Registry, model: String, url: String, featureNames: [String]? = nil, output: String? = nil,
        timeoutSeconds: Double = 2, metrics: [String: Double] = [:], actor: String
    ) async throws -> Registered {
        let url = url.hasSuffix("/") ? String(url.dropLast()) : url
        let metadata = try await UpstreamClient.metadata(url: url)
        let champion = try? ModelLoader.load("\(model)@champion") { registry }
        var names = featureNames
        if names == nil, metadata.inputs.count == 1, let width = metadata.inputs[0].shape.last,
            let championNames = champion?.model.featureNames, championNames.count == width
        {
            names = championNames
        }
        let spec = try metadata.spec(url: url, featureNames: names, output: output, timeoutSeconds: timeoutSeconds)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mlops-external-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try spec.write(directory: directory)
        let manifest = ModelManifest(
            flavor: ExternalModel.flavor, modelFile: UpstreamSpec.fileName, objective: "binary:logistic",
            featureNames: spec.features.map(\.name), labelColumn: nil, params: ["upstream": url], metrics: metrics,
            dataFingerprint: nil, trainingRows: nil, categoricalFeatures: spec.categoricalFeatures)
        try ModelLoader.writeManifest(manifest, toDirectory: directory)
        var profiled = false
        if let champion, let profile = champion.profile, champion.model.featureNames == spec.features.map(\.name) {
            try ModelLoader.writeProfile(profile, toDirectory: directory)
            profiled = true
        }
        let version = try registry.register(
            model: model, directory: directory, flavor: ExternalModel.flavor, params: ["upstream": url], metrics: metrics,
            lineage: Lineage(source: url), actor: actor)
        return Registered(version: version, spec: spec, profiled: profiled)
    }
}

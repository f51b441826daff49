import ArtifactArchive
import DriftMetrics
import Foundation
import LinearModels
import ModelRegistry
import TreeModel

/// Loads a model from what `--model` names: a registry reference (`ctr@champion`, `ctr/3`,
/// `models:/ctr/3`), a model directory (with `manifest.json`), or a bare model `.json` file
/// (XGBoost's format, or mlops' logistic-regression format).
public enum ModelLoader {
    /// A loaded model and its manifest (nil for a bare file).
    public struct Loaded: Sendable {
        public let model: TrainedModel
        public let manifest: ModelManifest?
        /// Where it came from: the path, or `ctr/3` for a registry version.
        public let source: String
        /// The reference profile for drift (`profile.json` beside the model), when there is one.
        public var profile: Profile? = nil
        /// The registry version, when loaded from the registry.
        public var version: ModelVersion? = nil
    }

    /// The drift reference profile's file name in a model directory.
    public static let profileFileName = "profile.json"

    public static func load(_ argument: String, registry: () throws -> Registry) throws -> Loaded {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? try loadDirectory(argument) : Loaded(model: try loadFile(argument), manifest: nil, source: argument)
        }
        let reference = try ModelReference(parsing: argument)
        let registry = try registry()
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("mlops-model-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let (version, _) = try registry.download(reference, into: staging)
        let loaded = try loadDirectory(staging)
        return Loaded(model: loaded.model, manifest: loaded.manifest, source: version.reference, profile: loaded.profile, version: version)
    }

    /// A directory written by `mlops train` (or any directory with a `manifest.json` naming the
    /// model file), or a directory holding just `model.json` (or XGBoost's binary `model.ubj`).
    public static func loadDirectory(_ path: String) throws -> Loaded {
        let manifestPath = (path as NSString).appendingPathComponent("manifest.json")
        var manifest: ModelManifest? = nil
        if FileManager.default.fileExists(atPath: manifestPath) {
            do {
                manifest = try JSONDecoder().decode(ModelManifest.self, from: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
            } catch {
                throw RuntimeError.notAModel(path: manifestPath, message: "unreadable manifest: \(error)")
            }
        }
        if let manifest, manifest.flavor == ExternalModel.flavor {
            let upstream = manifest.params["upstream"] ?? "an upstream server"
            throw RuntimeError.notAModel(
                path: path, message: "an external model (its predictions come from \(upstream)): it answers through mlops serve only")
        }
        var file = (path as NSString).appendingPathComponent(manifest?.modelFile ?? "model.json")
        let binary = (path as NSString).appendingPathComponent("model.ubj")
        if manifest == nil, !FileManager.default.fileExists(atPath: file), FileManager.default.fileExists(atPath: binary) { file = binary }
        guard !(manifest?.modelFile.contains("..") ?? false), FileManager.default.fileExists(atPath: file) else {
            throw RuntimeError.notAModel(path: path, message: "no \(manifest?.modelFile ?? "model.json") in the directory")
        }
        return Loaded(model: try loadFile(file), manifest: manifest, source: path, profile: try loadProfile(inDirectory: path))
    }

    /// The `profile.json` of a model directory (validated), or nil when it has none.
    public static func loadProfile(inDirectory path: String) throws -> Profile? {
        let file = (path as NSString).appendingPathComponent(profileFileName)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        do {
            let profile = try JSONDecoder().decode(Profile.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
            try profile.validate()
            return profile
        } catch {
            throw RuntimeError.notAModel(path: file, message: "unreadable drift profile: \(error)")
        }
    }

    /// Writes `profile` as the model directory's `profile.json`.
    public static func writeProfile(_ profile: Profile, toDirectory path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let file = (path as NSString).appendingPathComponent(profileFileName)
        try encoder.encode(profile).write(to: URL(fileURLWithPath: file), options: .atomic)
    }

    /// A model file: logistic regression when it says so, else XGBoost JSON or UBJSON.
    public static func loadFile(_ path: String) throws -> TrainedModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RuntimeError.notAModel(path: path, message: error.localizedDescription)
        }
        if let head = String(data: data.prefix(4096), encoding: .utf8), head.contains("\"\(LogisticRegressionModel.formatName)\"") {
            return .logreg(try LogisticRegressionModel.load(json: data))
        }
        let trees = try BoostedTrees.load(xgboostJSON: data)
        return .gbdt(trees, try CompiledForest(trees))
    }

    /// Writes a model directory: the model file and `manifest.json`.
    public static func writeDirectory(_ model: TrainedModel, manifest: ModelManifest, to path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let modelData: Data
        switch model {
        case .gbdt(let trees, _): modelData = Data(try trees.xgboostJSON())
        case .logreg(let regression): modelData = try regression.jsonData()
        }
        try modelData.write(to: URL(fileURLWithPath: (path as NSString).appendingPathComponent(manifest.modelFile)), options: .atomic)
        try writeManifest(manifest, toDirectory: path)
    }

    /// Writes `manifest.json` into a model directory.
    public static func writeManifest(_ manifest: ModelManifest, toDirectory path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: (path as NSString).appendingPathComponent("manifest.json")), options: .atomic)
    }
}

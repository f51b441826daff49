import Foundation
import ModelRegistry
import Tracking
import Yams

/// Creates a registered version from an MLflow source URI, archiving the files it names:
/// `runs:/<run_id>/<path>`, `mlflow-artifacts:/<path>` (with or without a host),
/// `models:/<model_id>` (an MLflow 3 logged model) or `models:/<name>/<version>` (a copy of a
/// version). Anything else — a local path, `s3://` — is refused: the server archives only
/// files it holds.
enum VersionSource {
    static func register(
        api: MLflowAPI, model: String, source: String, runID: String?, loggedModelID: String?,
        tags: [String: String], description: String, actor: String
    ) throws -> ModelVersion {
        var loggedModel = try loggedModelID.map { try api.tracking.loggedModel(id: $0) }
        let path: String
        if source.hasPrefix("models:/m-") {
            let id = String(source.dropFirst("models:/".count).prefix { $0 != "/" })
            let found = try api.tracking.loggedModel(id: id)
            loggedModel = found
            path = try artifactPath(found.artifactLocation, source: source)
        } else if source.hasPrefix("models:/") {
            let reference = try ModelReference(parsing: source)
            path = VersionFiles.path(try api.registry.resolve(reference))
            try VersionFiles.extract(path, api: api)
        } else if source.hasPrefix("runs:/") {
            let rest = source.dropFirst("runs:/".count)
            let run = try api.tracking.run(id: String(rest.prefix { $0 != "/" }))
            let inner = rest.drop { $0 != "/" }.drop { $0 == "/" }
            path = try artifactPath(run.artifactURI, source: source) + (inner.isEmpty ? "" : "/" + inner)
        } else if source.hasPrefix(Tracking.artifactScheme) {
            path = try artifactPath(source, source: source)
        } else {
            throw MLflowError.invalid(
                "source '\(source)' is not runs:/…, models:/…, or mlflow-artifacts:/…; this server registers only files logged to it")
        }
        let scratch = api.artifacts.registry.root + "/.staging/source-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        guard let directory = try api.artifacts.localDirectory(path, scratch: scratch) else {
            throw MLflowError.notFound("source '\(source)' names no logged directory (\(path))")
        }
        if let runID { _ = try api.tracking.run(id: runID) }
        let mlmodel = readMLmodel(in: directory)
        let staged = try mlmodel.flatMap { try ServableXGBoost.stage(directory, mlmodel: $0) }
        defer { if let staged { try? FileManager.default.removeItem(atPath: staged) } }
        return try api.registry.register(
            model: model, directory: staged ?? directory, flavor: flavor(mlmodel), tags: tags, lineage: Lineage(source: source),
            origin: VersionOrigin(description: description, runID: runID ?? loggedModel?.sourceRunID, loggedModelID: loggedModel?.id),
            actor: actor)
    }

    /// The proxy path of an `mlflow-artifacts:` URI (`mlflow-artifacts:/p`, `mlflow-artifacts://host/p`).
    static func artifactPath(_ uri: String, source: String) throws -> String {
        guard uri.hasPrefix(Tracking.artifactScheme) else { throw MLflowError.invalid("source '\(source)' does not resolve to files on this server") }
        var rest = uri.dropFirst(Tracking.artifactScheme.count)
        if rest.hasPrefix("//") { rest = rest.dropFirst(2).drop { $0 != "/" } }
        return String(rest.drop { $0 == "/" })
    }

    /// The `MLmodel` file of an MLflow model directory, parsed; nil when there is none.
    static func readMLmodel(in directory: String) -> [String: Any]? {
        guard let text = try? String(contentsOfFile: directory + "/MLmodel", encoding: .utf8) else { return nil }
        return (try? Yams.load(yaml: text) as? [String: Any]) ?? [:]
    }

    /// `xgboost` when the MLmodel file declares that flavor, `mlflow` for other MLflow models,
    /// `generic` for a directory without one.
    static func flavor(_ mlmodel: [String: Any]?) -> String {
        guard let mlmodel else { return "generic" }
        return (mlmodel["flavors"] as? [String: Any])?["xgboost"] != nil ? "xgboost" : "mlflow"
    }
}

import Foundation
import ModelRuntime
import TreeModel
import UBJSON

/// Makes an MLflow XGBoost model servable by `mlops serve`: the booster file the `MLmodel`
/// names (UBJSON `model.ubj`, as MLflow 3 writes it, or XGBoost JSON) is read, checked, and
/// written beside MLflow's files as XGBoost JSON with a `manifest.json` — in a staging copy,
/// so the logged artifacts are never touched. A categorical booster (`enable_categorical=True`)
/// keeps its splits and the category dictionary XGBoost stored with it, and its manifest names
/// its categorical features, so raw strings are served. MLflow's own files stay as they are, so
/// `mlflow.xgboost.load_model` still works on the registered version.
enum ServableXGBoost {
    /// A staging copy of `directory` with the model file and manifest added, or nil when there
    /// is nothing to add (no XGBoost file named, or the directory already has a manifest).
    static func stage(_ directory: String, mlmodel: [String: Any]) throws -> String? {
        guard let flavors = mlmodel["flavors"] as? [String: Any], let xgboost = flavors["xgboost"] as? [String: Any],
            let file = xgboost["data"] as? String, !file.contains("/"), file != "..", !file.isEmpty
        else { return nil }
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: directory + "/manifest.json") else { return nil }
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))) } catch {
            throw MLflowError.invalid("the MLmodel names the XGBoost file '\(file)', which cannot be read: \(error.localizedDescription)")
        }
        var trees: BoostedTrees
        do {
            trees = try BoostedTrees.load(xgboostJSON: isJSON(bytes) ? bytes : Array(try UBJSON.jsonText(from: bytes).utf8))
        } catch {
            throw MLflowError.invalid("the XGBoost model '\(file)' cannot be read: \(error)")
        }
        if trees.featureNames.isEmpty { trees.featureNames = (0..<trees.featureCount).map { "f\($0)" } }
        let staging = fileManager.temporaryDirectory.appendingPathComponent("mlops-mlflow-\(UUID().uuidString)").path
        do {
            try fileManager.copyItem(atPath: directory, toPath: staging)
            let modelFile = fileManager.fileExists(atPath: staging + "/model.json") ? "xgboost-model.json" : "model.json"
            let manifest = ModelManifest(
                flavor: "xgboost", modelFile: modelFile, objective: trees.objective.rawValue,
                featureNames: trees.featureNames, labelColumn: nil, params: [:], metrics: [:],
                dataFingerprint: nil, trainingRows: nil, categoricalFeatures: trees.categoricalFeatureNames)
            try ModelLoader.writeDirectory(.gbdt(trees, try CompiledForest(trees)), manifest: manifest, to: staging)
            return staging
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw error
        }
    }

    /// XGBoost JSON starts `{"`; UBJSON starts `{` and a length marker.
    static func isJSON(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.firstIndex(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }), bytes[first] == UInt8(ascii: "{")
        else { return false }
        let next = bytes[(first + 1)...].first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        return next == UInt8(ascii: "\"") || next == UInt8(ascii: "}")
    }
}

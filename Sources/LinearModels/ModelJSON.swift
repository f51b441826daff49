import Foundation

/// The model's own JSON flavor:
///
/// ```json
/// {"format": "mlops-logreg", "version": 1, "objective": "binary:logistic",
///  "feature_names": [...], "means": [...], "scales": [...], "weights": [...], "intercept": 0.1,
///  "parameters": {"l2": 1, "max_iterations": 50, "tolerance": 1e-8, "solver": "newton"}}
/// ```
///
/// Decoding validates everything ``LogisticRegressionModel/init(featureNames:means:scales:weights:intercept:parameters:)``
/// validates, plus the format name, version and objective.
extension LogisticRegressionModel: Codable {
    /// The `format` value of the JSON flavor.
    public static let formatName = "mlops-logreg"
    /// The JSON version this build writes and reads.
    public static let formatVersion = 1
    /// The `objective` value (binary classification with the logistic link).
    public static let objectiveName = "binary:logistic"

    private enum CodingKeys: String, CodingKey {
        case format, version, objective
        case featureNames = "feature_names"
        case means, scales, weights, intercept, parameters
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.formatName else {
            throw LinearModelError.invalidModel(field: "format", reason: "is '\(format)', expected '\(Self.formatName)'")
        }
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.formatVersion else {
            throw LinearModelError.invalidModel(
                field: "version", reason: "is \(version); this build reads version \(Self.formatVersion)")
        }
        let objective = try container.decode(String.self, forKey: .objective)
        guard objective == Self.objectiveName else {
            throw LinearModelError.invalidModel(field: "objective", reason: "is '\(objective)', expected '\(Self.objectiveName)'")
        }
        try self.init(
            featureNames: try container.decode([String].self, forKey: .featureNames),
            means: try container.decode([Double].self, forKey: .means),
            scales: try container.decode([Double].self, forKey: .scales),
            weights: try container.decode([Double].self, forKey: .weights),
            intercept: try container.decode(Double.self, forKey: .intercept),
            parameters: try container.decode(LogisticRegressionParameters.self, forKey: .parameters))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatName, forKey: .format)
        try container.encode(Self.formatVersion, forKey: .version)
        try container.encode(Self.objectiveName, forKey: .objective)
        try container.encode(featureNames, forKey: .featureNames)
        try container.encode(means, forKey: .means)
        try container.encode(scales, forKey: .scales)
        try container.encode(weights, forKey: .weights)
        try container.encode(intercept, forKey: .intercept)
        try container.encode(parameters, forKey: .parameters)
    }

    /// The model as pretty-printed JSON with sorted keys (byte-for-byte reproducible).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads a model written by ``jsonData()``.
    ///
    /// - Throws: ``LinearModelError/malformedJSON(_:)`` for text that is not JSON;
    ///   ``LinearModelError/invalidModel(field:reason:)`` naming the field for a missing or
    ///   mistyped field, a wrong format/version/objective, mismatched lengths, non-finite numbers
    ///   (`"NaN"`, `"Infinity"` strings are read so they can be reported), or bad parameters.
    public static func load(json: Data) throws -> LogisticRegressionModel {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try decoder.decode(LogisticRegressionModel.self, from: json)
        } catch let error as LinearModelError {
            throw error
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw LinearModelError.malformedJSON("\(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> LinearModelError {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "(top level)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .invalidModel(field: path(context.codingPath + [key]), reason: "is missing")
        case .valueNotFound(let type, let context):
            return .invalidModel(field: path(context.codingPath), reason: "is null, expected \(type)")
        case .typeMismatch(let type, let context):
            return .invalidModel(field: path(context.codingPath), reason: "is not \(type): \(context.debugDescription)")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return .malformedJSON(context.debugDescription + underlying)
        case .dataCorrupted(let context):
            return .invalidModel(field: path(context.codingPath), reason: context.debugDescription)
        @unknown default:
            return .malformedJSON("\(error)")
        }
    }
}

import Foundation

/// The model's own JSON flavor:
///
/// ```json
/// {"format": "mlops-logreg", "version": 1, "objective": "binary:logistic",
///  "feature_names": [...], "means": [...], "scales": [...], "weights": [...], "intercept": 0.1,
///  "parameters": {"l2": 1, "max_iterations": 50, "tolerance": 1e-8, "solver": "newton"}}
/// ```
///
/// A model with categorical features is version 2 and adds their hashed columns, only the
/// non-zero weights: `"hashed": {"features": ["site_id", …], "bits": 18, "buckets": [17, …],
/// "weights": [0.31, …]}`.
///
/// Decoding validates everything ``LogisticRegressionModel/init(featureNames:means:scales:weights:intercept:parameters:)``
/// validates, plus the format name, version and objective.
extension LogisticRegressionModel: Codable {
    /// The `format` value of the JSON flavor.
    public static let formatName = "mlops-logreg"
    /// The JSON version of all-numeric models (a model with hashed features writes 2); this
    /// build reads both.
    public static let formatVersion = 1
    /// The JSON version of models with hashed categorical features.
    public static let hashedFormatVersion = 2
    /// The `objective` value (binary classification with the logistic link).
    public static let objectiveName = "binary:logistic"

    private enum CodingKeys: String, CodingKey {
        case format, version, objective
        case featureNames = "feature_names"
        case means, scales, weights, intercept, parameters, hashed
    }

    /// The `hashed` object: the categorical features and the non-zero weights of their columns.
    private struct HashedJSON: Codable {
        var features: [String]
        var bits: Int
        var buckets: [Int]
        var weights: [Double]
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decode(String.self, forKey: .format)
        guard format == Self.formatName else {
            throw LinearModelError.invalidModel(field: "format", reason: "is '\(format)', expected '\(Self.formatName)'")
        }
        let version = try container.decode(Int.self, forKey: .version)
        guard version == Self.formatVersion || version == Self.hashedFormatVersion else {
            throw LinearModelError.invalidModel(
                field: "version", reason: "is \(version); this build reads versions \(Self.formatVersion) and \(Self.hashedFormatVersion)")
        }
        let objective = try container.decode(String.self, forKey: .objective)
        guard objective == Self.objectiveName else {
            throw LinearModelError.invalidModel(field: "objective", reason: "is '\(objective)', expected '\(Self.objectiveName)'")
        }
        let featureNames = try container.decode([String].self, forKey: .featureNames)
        var hasher: CategoryHasher?
        var hashedWeights: [Double] = []
        if let hashed = try container.decodeIfPresent(HashedJSON.self, forKey: .hashed) {
            guard CategoryHasher.bitRange.contains(hashed.bits) else {
                throw LinearModelError.invalidModel(field: "hashed.bits", reason: "is \(hashed.bits), expected 8…24")
            }
            var positions: [Int] = []
            for name in hashed.features {
                guard let f = featureNames.firstIndex(of: name) else {
                    throw LinearModelError.invalidModel(field: "hashed.features", reason: "names '\(name)', which is not a feature")
                }
                positions.append(f)
            }
            guard hashed.buckets.count == hashed.weights.count else {
                throw LinearModelError.invalidModel(
                    field: "hashed.buckets", reason: "has \(hashed.buckets.count) buckets for \(hashed.weights.count) weights")
            }
            let made = CategoryHasher(featureNames: featureNames, categorical: positions, bits: hashed.bits)
            hashedWeights = [Double](repeating: 0, count: made.bucketCount)
            for (bucket, weight) in zip(hashed.buckets, hashed.weights) {
                guard bucket >= 0, bucket < made.bucketCount else {
                    throw LinearModelError.invalidModel(field: "hashed.buckets", reason: "holds \(bucket), outside 0..<2^\(hashed.bits)")
                }
                hashedWeights[bucket] = weight
            }
            hasher = made
        }
        try self.init(
            featureNames: featureNames,
            means: try container.decode([Double].self, forKey: .means),
            scales: try container.decode([Double].self, forKey: .scales),
            weights: try container.decode([Double].self, forKey: .weights),
            intercept: try container.decode(Double.self, forKey: .intercept),
            parameters: try container.decode(LogisticRegressionParameters.self, forKey: .parameters),
            hasher: hasher, hashedWeights: hashedWeights)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.formatName, forKey: .format)
        try container.encode(hasher == nil ? Self.formatVersion : Self.hashedFormatVersion, forKey: .version)
        try container.encode(Self.objectiveName, forKey: .objective)
        try container.encode(featureNames, forKey: .featureNames)
        try container.encode(means, forKey: .means)
        try container.encode(scales, forKey: .scales)
        try container.encode(weights, forKey: .weights)
        try container.encode(intercept, forKey: .intercept)
        try container.encode(parameters, forKey: .parameters)
        if let hasher {
            let used = hashedWeights.indices.filter { hashedWeights[$0] != 0 }
            try container.encode(
                HashedJSON(features: hasher.categoricalNames, bits: hasher.bits, buckets: used, weights: used.map { hashedWeights[$0] }),
                forKey: .hashed)
        }
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

import TabularData

/// A trained binary logistic regression: `P(y = 1 | x) = σ(intercept + Σ_f weights[f]·z_f)` with
/// the standardized features `z_f = (x_f − means[f]) / scales[f]`.
///
/// Missing values (NaN) are imputed with the training mean (i.e. 0 after standardization).
/// Categorical features, when there are any, are hashed one-hot columns (`hasher`): each adds
/// the weight of its value's bucket (`hashedWeights`), and their entries in `means`, `scales`
/// and `weights` are 0, 1 and 0.
public struct LogisticRegressionModel: Sendable, Equatable {
    /// Feature names, in the order of `means`, `scales` and `weights`.
    public let featureNames: [String]
    /// Training mean of each feature over its non-missing values.
    public let means: [Double]
    /// Training standard deviation of each feature (1 for constant or all-missing columns).
    public let scales: [Double]
    /// Coefficients on the standardized features.
    public let weights: [Double]
    /// Intercept on the standardized features (the log-odds at the training means).
    public let intercept: Double
    /// The parameters the model was trained with.
    public let parameters: LogisticRegressionParameters
    /// How categorical features map to hashed columns; nil for an all-numeric model.
    public let hasher: CategoryHasher?
    /// One weight per hashed column (`hasher.bucketCount` of them; empty without a hasher).
    public let hashedWeights: [Double]

    /// A model from its parts, checked the way ``load(json:)`` checks them.
    ///
    /// - Throws: ``LinearModelError/invalidModel(field:reason:)`` naming the offending field.
    public init(
        featureNames: [String], means: [Double], scales: [Double], weights: [Double],
        intercept: Double, parameters: LogisticRegressionParameters,
        hasher: CategoryHasher? = nil, hashedWeights: [Double] = []
    ) throws {
        try Self.check(
            featureNames: featureNames, means: means, scales: scales, weights: weights,
            intercept: intercept, parameters: parameters)
        if let hasher {
            guard hasher.featureNames == featureNames, hashedWeights.count == hasher.bucketCount else {
                throw LinearModelError.invalidModel(
                    field: "hashed", reason: "has \(hashedWeights.count) weights for 2^\(hasher.bits) columns")
            }
            if let bad = hashedWeights.firstIndex(where: { !$0.isFinite }) {
                throw LinearModelError.invalidModel(field: "hashed.weights", reason: "bucket \(bad) is \(hashedWeights[bad]), not a finite number")
            }
        } else if !hashedWeights.isEmpty {
            throw LinearModelError.invalidModel(field: "hashed", reason: "weights without categorical features")
        }
        self.featureNames = featureNames
        self.means = means
        self.scales = scales
        self.weights = weights
        self.intercept = intercept
        self.parameters = parameters
        self.hasher = hasher
        self.hashedWeights = hashedWeights
    }

    /// Names of the features read as categories (hashed).
    public var categoricalFeatureNames: [String] { hasher?.categoricalNames ?? [] }

    /// Coefficients on the raw (unstandardized) features: `weights[f] / scales[f]`.
    public var rawWeights: [Double] { zip(weights, scales).map { $0 / $1 } }

    /// Intercept on the raw features: `intercept − Σ_f weights[f]·means[f] / scales[f]`.
    public var rawIntercept: Double {
        var value = intercept
        for f in weights.indices { value -= weights[f] * means[f] / scales[f] }
        return value
    }

    /// Probabilities (or, with `margin`, log-odds) for every row of `dataset`.
    ///
    /// Columns are matched to ``featureNames`` by name, so their order does not matter and extra
    /// columns are ignored; a model feature the dataset lacks is treated as missing in every row
    /// (use ``checkFeatures(of:)`` to refuse such data instead).
    public func predict(_ dataset: Dataset, margin: Bool = false) -> [Float] {
        let margins = designMatrix(for: dataset).product([intercept] + weights + hashedWeights)
        return margins.map { Float(margin ? $0 : Logistic.sigmoid($0)) }
    }

    /// The probability for one row whose values are in ``featureNames`` order (NaN = missing;
    /// categorical features as their bucket, `hasher.code`). Returns NaN when the row does not
    /// have exactly one value per feature.
    public func predict(row: UnsafeBufferPointer<Float>) -> Float {
        Float(Logistic.sigmoid(margin(row: row)))
    }

    /// The log-odds for one row in ``featureNames`` order; NaN when the length is wrong.
    public func margin(row: UnsafeBufferPointer<Float>) -> Double {
        guard row.count == weights.count else { return .nan }
        var value = intercept
        for f in weights.indices {
            if let hasher, hasher.isCategorical(f) {
                let bucket = hasher.bucket(f, code: row[f])
                guard bucket >= 0, bucket < hashedWeights.count else { return .nan }
                value += hashedWeights[bucket]
            } else {
                value += weights[f] * StandardizedDesign.standardize(row[f], mean: means[f], inverseScale: 1 / scales[f])
            }
        }
        return value
    }

    /// Refuses a dataset that lacks one of the model's features.
    ///
    /// - Throws: ``LinearModelError/featureMismatch(dataset:expected:found:)``.
    public func checkFeatures(of dataset: Dataset, role: String = "scoring") throws {
        let available = Set(dataset.featureNames)
        guard featureNames.allSatisfy(available.contains) else {
            throw LinearModelError.featureMismatch(dataset: role, expected: featureNames, found: dataset.featureNames)
        }
    }

    func designMatrix(for dataset: Dataset) -> StandardizedDesign {
        var columns: [[Float]?]
        if dataset.featureNames == featureNames {
            columns = dataset.columns
        } else {
            var index: [String: Int] = [:]
            for (f, name) in dataset.featureNames.enumerated() where index[name] == nil { index[name] = f }
            columns = featureNames.map { name in index[name].map { dataset.columns[$0] } }
        }
        guard let hasher else {
            return StandardizedDesign(columns: columns, means: means, scales: scales, rowCount: dataset.rowCount)
        }
        for f in hasher.categorical { columns[f] = nil }
        let hashed = HashedColumns(buckets: hasher.buckets(of: dataset), width: hasher.categorical.count, bucketCount: hasher.bucketCount)
        return StandardizedDesign(columns: columns, means: means, scales: scales, rowCount: dataset.rowCount, hashed: hashed)
    }

    static func check(
        featureNames: [String], means: [Double], scales: [Double], weights: [Double],
        intercept: Double, parameters: LogisticRegressionParameters
    ) throws {
        var seen = Set<String>()
        for (f, name) in featureNames.enumerated() {
            guard seen.insert(name).inserted else {
                throw LinearModelError.invalidModel(field: "feature_names[\(f)]", reason: "repeats the name '\(name)'")
            }
        }
        for (field, values) in [("means", means), ("scales", scales), ("weights", weights)] {
            guard values.count == featureNames.count else {
                throw LinearModelError.invalidModel(
                    field: field, reason: "has \(values.count) values for \(featureNames.count) feature names")
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw LinearModelError.invalidModel(field: "\(field)[\(bad)]", reason: "is \(values[bad]), not a finite number")
            }
        }
        if let bad = scales.firstIndex(where: { $0 <= 0 }) {
            throw LinearModelError.invalidModel(field: "scales[\(bad)]", reason: "is \(scales[bad]); scales must be > 0")
        }
        guard intercept.isFinite else {
            throw LinearModelError.invalidModel(field: "intercept", reason: "is \(intercept), not a finite number")
        }
        do {
            try parameters.validate()
        } catch let LinearModelError.invalidParameter(name, value, reason) {
            let field = name == "maxIterations" ? "max_iterations" : name
            throw LinearModelError.invalidModel(field: "parameters.\(field)", reason: "is \(value): \(reason)")
        }
    }
}

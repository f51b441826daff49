import Foundation
import TreeModel

/// Training parameters, named and defaulted as XGBoost names and defaults them.
public struct TrainingParameters: Sendable, Equatable, Codable {
    public var objective: Objective = .binaryLogistic
    public var numRound: Int = 10
    public var eta: Double = 0.3
    public var maxDepth: Int = 6
    public var minChildWeight: Double = 1
    public var lambda: Double = 1
    public var alpha: Double = 0
    public var gamma: Double = 0
    public var subsample: Double = 1
    public var colsampleByTree: Double = 1
    public var maxBin: Int = 256
    /// The intercept in output space; nil estimates it from the labels (mean label), as XGBoost ≥ 2 does.
    public var baseScore: Double? = nil
    public var nthread: Int = ProcessInfo.processInfo.activeProcessorCount
    public var seed: UInt64 = 0
    /// Stop when the validation metric has not improved for this many rounds (needs a validation set).
    public var earlyStoppingRounds: Int? = nil
    /// Categorical features with fewer kept categories get one-hot splits (XGBoost's name and default).
    public var maxCatToOnehot: Int = 4
    /// The most categories in one partition split's set.
    public var maxCatThreshold: Int = 128
    /// LightGBM's smoothing: added to a category's hessian when ordering categories.
    public var catSmooth: Double = 10
    /// LightGBM's extra L2 regularization when scoring a partition split.
    public var catL2: Double = 10
    /// LightGBM's least rows between two candidate sets, and on each side of a partition split.
    public var minDataPerGroup: Double = 100
    /// The most categories a feature keeps (the most frequent, at most 65,534); the others
    /// share one rare code that never goes into a set.
    public var maxCategories: Int = 65_534
    /// The least rows a category needs: in the training data to be kept, in a node to join a
    /// split's set. LightGBM uses `cat_smooth` (10) here; 40 measured better on Avazu-shaped
    /// data of 300,000 and 1,000,000 rows (AUC +0.005 and +0.005, see docs/performance.md).
    public var minCategoryCount: Int = 40

    public init() {}

    /// The names `--param k=v` accepts, as XGBoost spells them (with its aliases).
    public static let knownKeys: [String] = [
        "objective", "num_round", "num_boost_round", "n_estimators", "eta", "learning_rate", "max_depth", "min_child_weight",
        "lambda", "reg_lambda", "alpha", "reg_alpha", "gamma", "min_split_loss", "subsample", "colsample_bytree",
        "max_bin", "base_score", "nthread", "n_jobs", "seed", "random_state", "early_stopping_rounds", "tree_method",
        "max_cat_to_onehot", "max_cat_threshold", "cat_smooth", "cat_l2", "min_data_per_group", "max_categories",
        "min_category_count",
    ]

    /// Parses XGBoost-named parameters; unknown keys and bad values are errors naming them.
    public init(_ values: [String: String]) throws {
        self.init()
        for (key, value) in values {
            switch key {
            case "objective":
                guard let objective = Objective(rawValue: value) else {
                    throw TrainingError.invalidParameter(key, value, "supported: \(Objective.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                self.objective = objective
            case "num_round", "num_boost_round", "n_estimators": numRound = try Self.int(key, value, 1...100_000)
            case "eta", "learning_rate": eta = try Self.double(key, value, 0...1, openLower: true)
            case "max_depth": maxDepth = try Self.int(key, value, 1...16)
            case "min_child_weight": minChildWeight = try Self.double(key, value, 0...Double.greatestFiniteMagnitude)
            case "lambda", "reg_lambda": lambda = try Self.double(key, value, 0...Double.greatestFiniteMagnitude)
            case "alpha", "reg_alpha": alpha = try Self.double(key, value, 0...Double.greatestFiniteMagnitude)
            case "gamma", "min_split_loss": gamma = try Self.double(key, value, 0...Double.greatestFiniteMagnitude)
            case "subsample": subsample = try Self.double(key, value, 0...1, openLower: true)
            case "colsample_bytree": colsampleByTree = try Self.double(key, value, 0...1, openLower: true)
            case "max_bin": maxBin = try Self.int(key, value, 2...256)
            case "base_score": baseScore = try Self.double(key, value, -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
            case "nthread", "n_jobs": nthread = try Self.int(key, value, 1...1024)
            case "seed", "random_state":
                guard let seed = UInt64(value) else { throw TrainingError.invalidParameter(key, value, "expected a non-negative integer") }
                self.seed = seed
            case "early_stopping_rounds": earlyStoppingRounds = try Self.int(key, value, 1...100_000)
            case "max_cat_to_onehot": maxCatToOnehot = try Self.int(key, value, 1...256)
            case "max_cat_threshold": maxCatThreshold = try Self.int(key, value, 1...CategoryBins.limit)
            case "cat_smooth": catSmooth = try Self.double(key, value, 0...Double.greatestFiniteMagnitude)
            case "cat_l2": catL2 = try Self.double(key, value, 0...Double.greatestFiniteMagnitude)
            case "min_data_per_group": minDataPerGroup = try Self.double(key, value, 0...Double.greatestFiniteMagnitude)
            case "max_categories": maxCategories = try Self.int(key, value, 1...CategoryBins.limit)
            case "min_category_count": minCategoryCount = try Self.int(key, value, 1...Int(Int32.max))
            case "tree_method":
                guard value == "hist" || value == "auto" else {
                    throw TrainingError.invalidParameter(key, value, "only the histogram method ('hist') is implemented")
                }
            default:
                throw TrainingError.unknownParameter(key, known: Self.knownKeys)
            }
        }
        if objective == .binaryLogistic, let b = baseScore, !(b > 0 && b < 1) {
            throw TrainingError.invalidParameter("base_score", String(b), "binary:logistic needs a probability in (0, 1)")
        }
    }

    /// The parameters in XGBoost's names, for manifests and the registry.
    public var asDictionary: [String: String] {
        var out: [String: String] = [
            "objective": objective.rawValue, "num_round": String(numRound), "eta": String(eta), "max_depth": String(maxDepth),
            "min_child_weight": String(minChildWeight), "lambda": String(lambda), "alpha": String(alpha), "gamma": String(gamma),
            "subsample": String(subsample), "colsample_bytree": String(colsampleByTree), "max_bin": String(maxBin),
            "nthread": String(nthread), "seed": String(seed), "tree_method": "hist",
        ]
        if let baseScore { out["base_score"] = String(baseScore) }
        if let earlyStoppingRounds { out["early_stopping_rounds"] = String(earlyStoppingRounds) }
        return out.merging(categoricalDictionary) { first, _ in first }
    }

    /// The categorical parameters that differ from their defaults.
    var categoricalDictionary: [String: String] {
        let defaults = TrainingParameters()
        var out: [String: String] = [:]
        if maxCatToOnehot != defaults.maxCatToOnehot { out["max_cat_to_onehot"] = String(maxCatToOnehot) }
        if maxCatThreshold != defaults.maxCatThreshold { out["max_cat_threshold"] = String(maxCatThreshold) }
        if catSmooth != defaults.catSmooth { out["cat_smooth"] = String(catSmooth) }
        if catL2 != defaults.catL2 { out["cat_l2"] = String(catL2) }
        if minDataPerGroup != defaults.minDataPerGroup { out["min_data_per_group"] = String(minDataPerGroup) }
        if maxCategories != defaults.maxCategories { out["max_categories"] = String(maxCategories) }
        if minCategoryCount != defaults.minCategoryCount { out["min_category_count"] = String(minCategoryCount) }
        return out
    }

    private static func int(_ key: String, _ value: String, _ range: ClosedRange<Int>) throws -> Int {
        guard let v = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(v) else {
            throw TrainingError.invalidParameter(key, value, "expected an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return v
    }

    private static func double(_ key: String, _ value: String, _ range: ClosedRange<Double>, openLower: Bool = false) throws -> Double {
        guard let v = Double(value.trimmingCharacters(in: .whitespaces)), v.isFinite, range.contains(v), !(openLower && v == range.lowerBound) else {
            let lower = openLower ? "(\(range.lowerBound)" : "[\(range.lowerBound)"
            throw TrainingError.invalidParameter(key, value, "expected a number in \(lower), \(range.upperBound)]")
        }
        return v
    }
}

/// Errors of training; messages name the parameter, row or column at fault.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case unknownParameter(String, known: [String])
    case invalidParameter(String, String, String)
    case invalidData(String)

    public var description: String {
        switch self {
        case .unknownParameter(let key, let known):
            return "unknown parameter '\(key)' (known: \(known.joined(separator: ", ")))"
        case .invalidParameter(let key, let value, let rule):
            return "invalid value '\(value)' for parameter '\(key)': \(rule)"
        case .invalidData(let message):
            return "invalid training data: \(message)"
        }
    }
}

import TabularData

/// Turns raw category values into a model's category codes, as XGBoost re-codes a DataFrame
/// through the dictionary saved with the model: a value's code is its position in the feature's
/// dictionary (after `CategoryText`'s normalization). A value the model has never seen gets
/// code −1, which every categorical split sends to its not-in-set side (left), the side XGBoost
/// gives a code no split chose; a missing value is NaN and follows each split's default. A
/// model without a dictionary (trained on integer codes) reads the values as the codes.
public struct CategoryEncoder: CategoryCoding {
    /// Per categorical feature: its dictionary as a lookup, or nil when the model has none.
    let lookups: [Int: [String: Int32]?]

    /// The code for a value the model has never seen.
    public static let unseen: Float = CategoryCodes.unseen

    /// The encoder of `model`'s categorical features.
    public init(_ model: BoostedTrees) {
        var lookups: [Int: [String: Int32]?] = [:]
        for (feature, values) in model.categoricalFeatures {
            guard !values.isEmpty else {
                lookups[feature] = .some(nil)
                continue
            }
            var lookup: [String: Int32] = [:]
            lookup.reserveCapacity(values.count)
            for (code, value) in values.enumerated() where lookup[value] == nil { lookup[value] = Int32(code) }
            lookups[feature] = .some(lookup)
        }
        self.lookups = lookups
    }

    /// Whether the model has no categorical feature.
    public var isEmpty: Bool { lookups.isEmpty }

    /// Whether feature `f` is categorical.
    public func isCategorical(_ f: Int) -> Bool { lookups[f] != nil }

    /// Whether feature `f` has a dictionary that holds `value` (normalized by `CategoryText`):
    /// false for values the model has never seen, which the drift monitor counts as unseen.
    public func knows(_ f: Int, _ value: String) -> Bool { code(f, value) >= 0 }

    /// The code of a raw text value of categorical feature `f`: NaN for the missing markers,
    /// −1 for a value the model has never seen.
    public func code(_ f: Int, _ value: String) -> Float {
        guard let entry = lookups[f] else { return .nan }
        // A value the dictionary holds as it is needs no normalization (the common case).
        if let lookup = entry, let code = lookup[value] { return Float(code) }
        if CategoryText.isMissing(value) { return .nan }
        let text = CategoryText.canonical(value)
        guard let lookup = entry else {
            guard let code = Int32(text), code >= 0 else { return CategoryEncoder.unseen }
            return Float(code)
        }
        return lookup[text].map(Float.init) ?? CategoryEncoder.unseen
    }
}

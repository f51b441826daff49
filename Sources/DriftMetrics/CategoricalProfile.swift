/// The reference side of a categorical feature: the top-K reference categories with their
/// counts, the folded remainder ("other") and the missing (nil) rows.
///
/// Bins, in order: `categories`, then "other", then missing. When current data is counted
/// against a profile, every category not kept here — unseen in the reference, or folded into
/// "other" when the profile was built — counts in "other".
public struct CategoricalProfile: Codable, Sendable, Equatable {
    /// Kept categories, by reference count descending, ties by name ascending.
    public var categories: [String]
    /// Reference count of each kept category.
    public var counts: [Int]
    /// Reference rows whose category was folded into "other".
    public var other: Int
    /// Reference rows with a missing (nil) value.
    public var missing: Int
    /// Reference rows, missing included.
    public var count: Int

    enum CodingKeys: String, CodingKey {
        case categories, counts, other, missing, count
    }

    /// A profile from its parts; `ProfileBuilder.categorical` computes them from reference values.
    public init(categories: [String], counts: [Int], other: Int, missing: Int, count: Int) {
        self.categories = categories
        self.counts = counts
        self.other = other
        self.missing = missing
        self.count = count
    }

    /// Number of bins: the kept categories + "other" + missing.
    public var binCount: Int { categories.count + 2 }

    /// Index of the "other" bin.
    public var otherBin: Int { categories.count }

    /// Index of the missing bin (the last one).
    public var missingBin: Int { categories.count + 1 }

    /// The reference counts as `BinCounts` (categories, "other", missing).
    public var referenceCounts: BinCounts { BinCounts(counts: counts + [other, missing]) }

    /// Bin labels for charts: the category names, "(other)", "(missing)".
    public var binLabels: [String] { categories + ["(other)", "(missing)"] }

    /// The bin of `value`: its category's bin, `otherBin` when it is not kept, `missingBin` for nil.
    public func bin(of value: String?) -> Int {
        guard let value else { return missingBin }
        return categories.firstIndex(of: value) ?? otherBin
    }

    /// Counts `values` into this profile's bins.
    public func count(_ values: some Sequence<String?>) -> BinCounts {
        observe(values).bins
    }

    /// Counts `values` into this profile's bins and records the values it has not kept.
    public func observe(_ values: some Sequence<String?>) -> CategoricalObservation {
        var index: [String: Int] = [:]
        for (i, name) in categories.enumerated() where index[name] == nil { index[name] = i }
        var bins = [Int](repeating: 0, count: binCount)
        var unseen: [String: Int] = [:]
        for value in values {
            guard let value else {
                bins[missingBin] += 1
                continue
            }
            if let i = index[value] {
                bins[i] += 1
            } else {
                bins[otherBin] += 1
                unseen[value, default: 0] += 1
            }
        }
        return CategoricalObservation(bins: BinCounts(counts: bins), unseen: unseen)
    }

    /// Number of distinct non-missing reference values, as far as the profile knows: the kept
    /// categories, plus at least one more when something was folded into "other".
    public var knownDistinct: Int {
        counts.filter { $0 > 0 }.count + (other > 0 ? 1 : 0)
    }

    /// Checks the shapes a decoded profile must have before it can be compared.
    public func validate(feature: String) throws(DriftError) {
        guard counts.count == categories.count else {
            throw .invalidProfile(feature: feature, reason: "\(categories.count) categories but \(counts.count) counts")
        }
        guard Set(categories).count == categories.count else {
            throw .invalidProfile(feature: feature, reason: "duplicate category")
        }
        guard other >= 0, missing >= 0, !counts.contains(where: { $0 < 0 }) else {
            throw .invalidProfile(feature: feature, reason: "negative count")
        }
        guard counts.reduce(other + missing, +) == count else {
            throw .invalidProfile(feature: feature, reason: "category counts + other + missing do not add up to count \(count)")
        }
    }
}

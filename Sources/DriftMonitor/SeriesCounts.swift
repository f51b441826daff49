import DriftMetrics

/// Live counts of one series (a feature, or the model's score) in its profile's bins, with the
/// data-quality counts that add up across windows and processes.
public struct SeriesCounts: Codable, Sendable, Equatable {
    /// Counts per profile bin (missing last).
    public var bins: [Int]
    /// Numeric: values outside the reference [min, max].
    public var outOfRange: Int
    /// Numeric: values that were not numbers (they are counted as missing too).
    public var nonNumeric: Int
    /// Categorical: rows whose category the profile does not keep (counted in "other" too;
    /// for an id like device_ip most traffic, and normal).
    public var unseenRows: Int
    /// Categorical: rows whose category the serving model has no code for (new to the model,
    /// answered on the not-in-set side of its splits). Counted by the server, not the profile.
    public var modelUnseenRows: Int

    enum CodingKeys: String, CodingKey {
        case bins
        case outOfRange = "out_of_range"
        case nonNumeric = "non_numeric"
        case unseenRows = "unseen_rows"
        case modelUnseenRows = "model_unseen_rows"
    }

    /// Counts from their parts.
    public init(bins: [Int], outOfRange: Int = 0, nonNumeric: Int = 0, unseenRows: Int = 0, modelUnseenRows: Int = 0) {
        self.bins = bins
        self.outOfRange = outOfRange
        self.nonNumeric = nonNumeric
        self.unseenRows = unseenRows
        self.modelUnseenRows = modelUnseenRows
    }

    /// Decodes counts; `model_unseen_rows` may be absent (counts written before it existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            bins: try c.decode([Int].self, forKey: .bins), outOfRange: try c.decode(Int.self, forKey: .outOfRange),
            nonNumeric: try c.decode(Int.self, forKey: .nonNumeric), unseenRows: try c.decode(Int.self, forKey: .unseenRows),
            modelUnseenRows: try c.decodeIfPresent(Int.self, forKey: .modelUnseenRows) ?? 0)
    }

    /// Zeros for a series with `binCount` bins.
    public init(zeros binCount: Int) {
        self.init(bins: Array(repeating: 0, count: binCount))
    }

    /// Rows counted (missing included).
    public var total: Int { bins.reduce(0, +) }

    /// Nothing counted.
    public var isEmpty: Bool { total == 0 && outOfRange == 0 && nonNumeric == 0 && unseenRows == 0 && modelUnseenRows == 0 }

    /// The data-quality slots as stored: bin −1 out of range, −2 non-numeric, −3 rows not kept
    /// by the profile, −4 rows new to the model.
    static let qualitySlots = [-1, -2, -3, -4]

    /// The count in a stored bin number (≥ 0 a profile bin, negative a quality slot).
    subscript(stored bin: Int) -> Int {
        get {
            switch bin {
            case -1: outOfRange
            case -2: nonNumeric
            case -3: unseenRows
            case -4: modelUnseenRows
            default: bins[bin]
            }
        }
        set {
            switch bin {
            case -1: outOfRange = newValue
            case -2: nonNumeric = newValue
            case -3: unseenRows = newValue
            case -4: modelUnseenRows = newValue
            default: bins[bin] = newValue
            }
        }
    }

    /// Every stored bin number of this series: profile bins, then the quality slots.
    var storedBins: [Int] { Array(bins.indices) + Self.qualitySlots }

    /// Adds `other` slot by slot; throws when the bin shapes differ (nothing changes then).
    public mutating func merge(_ other: SeriesCounts, series: String) throws(DriftError) {
        guard other.bins.count == bins.count else {
            throw .binCountMismatch(feature: series, expected: bins.count, actual: other.bins.count)
        }
        for i in bins.indices { bins[i] += other.bins[i] }
        outOfRange += other.outOfRange
        nonNumeric += other.nonNumeric
        unseenRows += other.unseenRows
        modelUnseenRows += other.modelUnseenRows
    }

    /// `self − earlier` slot by slot (counters only grow, so every slot stays ≥ 0).
    func subtracting(_ earlier: SeriesCounts) -> SeriesCounts {
        var result = self
        for i in bins.indices where i < earlier.bins.count { result.bins[i] -= earlier.bins[i] }
        result.outOfRange -= earlier.outOfRange
        result.nonNumeric -= earlier.nonNumeric
        result.unseenRows -= earlier.unseenRows
        result.modelUnseenRows -= earlier.modelUnseenRows
        return result
    }
}

/// Live counts of every feature of a profile and of the score: what a `LiveDriftCounter`
/// snapshots, what a flush stores, and what a report for a time range sums. Mergeable.
public struct LiveCounts: Codable, Sendable, Equatable {
    /// Per feature, by name.
    public var features: [String: SeriesCounts]
    /// The model's score, when the profile has one.
    public var score: SeriesCounts?

    /// Counts from their parts.
    public init(features: [String: SeriesCounts] = [:], score: SeriesCounts? = nil) {
        self.features = features
        self.score = score
    }

    /// Zeros in the shape of `profile`.
    public init(zerosFor profile: Profile) {
        var features: [String: SeriesCounts] = [:]
        for feature in profile.features { features[feature.name] = SeriesCounts(zeros: feature.profile.binCount) }
        self.init(features: features, score: profile.score.map { SeriesCounts(zeros: $0.binCount) })
    }

    /// Nothing counted anywhere.
    public var isEmpty: Bool { features.values.allSatisfy(\.isEmpty) && (score?.isEmpty ?? true) }

    /// Rows counted: the largest total of any series (every row counts once per feature).
    public var rows: Int { max(features.values.map(\.total).max() ?? 0, score?.total ?? 0) }

    /// Adds `other`; a series present on one side only is kept as is. Throws on a shape mismatch.
    public mutating func merge(_ other: LiveCounts) throws(DriftError) {
        var merged = features
        for (name, counts) in other.features {
            if var mine = merged[name] {
                try mine.merge(counts, series: name)
                merged[name] = mine
            } else {
                merged[name] = counts
            }
        }
        var mergedScore = score
        if let theirs = other.score {
            if var mine = mergedScore {
                try mine.merge(theirs, series: "score")
                mergedScore = mine
            } else {
                mergedScore = theirs
            }
        }
        features = merged
        score = mergedScore
    }

    /// `self − earlier` for counters that only grow (a flush stores what changed since the last).
    public func subtracting(_ earlier: LiveCounts) -> LiveCounts {
        var result = self
        for (name, counts) in features {
            if let before = earlier.features[name] { result.features[name] = counts.subtracting(before) }
        }
        if let score, let before = earlier.score { result.score = score.subtracting(before) }
        return result
    }
}

extension FeatureProfile {
    /// Bins of this feature including the missing bin.
    public var binCount: Int {
        switch self {
        case .numeric(let p): p.binCount
        case .categorical(let p): p.binCount
        }
    }
}

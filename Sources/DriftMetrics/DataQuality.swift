/// Data-quality counts of one feature's current data against its reference. Never throws:
/// every odd case is a count or a flag.
public struct DataQuality: Codable, Sendable, Equatable {
    /// Reference rows, missing included.
    public var referenceRows: Int
    /// Current rows, missing included.
    public var currentRows: Int
    /// Reference rows with a missing value.
    public var referenceMissing: Int
    /// Current rows with a missing value.
    public var currentMissing: Int
    /// referenceMissing / referenceRows (0 when there are no rows).
    public var referenceMissingRate: Double
    /// currentMissing / currentRows (0 when there are no rows).
    public var currentMissingRate: Double
    /// Numeric: current values outside [reference min, reference max].
    public var outOfRange: Int
    /// Categorical: current rows whose category the reference profile does not keep (they
    /// count in its "other" bin; for an id like device_ip most rows, and normal).
    public var unseenRows: Int
    /// Categorical: current rows whose category the serving model has no code for (new to the
    /// model). Known only where a model counted them (live traffic, `drift record`); nil otherwise.
    public var modelUnseenRows: Int?
    /// Categorical: distinct current categories the reference profile does not keep.
    public var unseenDistinct: Int
    /// The reference has at most one distinct non-missing value.
    public var referenceConstant: Bool
    /// The current data has at most one distinct non-missing value.
    public var currentConstant: Bool
    /// Numeric: current values that did not parse as numbers (counted by the caller, who
    /// should pass them as missing).
    public var nonNumeric: Int

    enum CodingKeys: String, CodingKey {
        case referenceRows = "reference_rows"
        case currentRows = "current_rows"
        case referenceMissing = "reference_missing"
        case currentMissing = "current_missing"
        case referenceMissingRate = "reference_missing_rate"
        case currentMissingRate = "current_missing_rate"
        case outOfRange = "out_of_range"
        case unseenRows = "unseen_rows"
        case modelUnseenRows = "model_unseen_rows"
        case unseenDistinct = "unseen_distinct"
        case referenceConstant = "reference_constant"
        case currentConstant = "current_constant"
        case nonNumeric = "non_numeric"
    }

    /// Quality counts from their parts; the missing rates are derived.
    public init(
        referenceRows: Int, currentRows: Int, referenceMissing: Int, currentMissing: Int,
        outOfRange: Int = 0, unseenRows: Int = 0, unseenDistinct: Int = 0,
        referenceConstant: Bool = false, currentConstant: Bool = false, nonNumeric: Int = 0
    ) {
        self.referenceRows = referenceRows
        self.currentRows = currentRows
        self.referenceMissing = referenceMissing
        self.currentMissing = currentMissing
        self.referenceMissingRate = referenceRows > 0 ? Double(referenceMissing) / Double(referenceRows) : 0
        self.currentMissingRate = currentRows > 0 ? Double(currentMissing) / Double(currentRows) : 0
        self.outOfRange = outOfRange
        self.unseenRows = unseenRows
        self.unseenDistinct = unseenDistinct
        self.referenceConstant = referenceConstant
        self.currentConstant = currentConstant
        self.nonNumeric = nonNumeric
    }

    /// `rows` as a share of the current rows (0 when there are none): the "other" and the
    /// new-to-the-model shares reports print.
    public func currentShare(_ rows: Int) -> Double {
        currentRows > 0 ? Double(rows) / Double(currentRows) : 0
    }

    /// Quality of a numeric observation against its profile.
    public static func numeric(profile: NumericProfile, observation: NumericObservation, nonNumeric: Int = 0) -> DataQuality {
        DataQuality(
            referenceRows: profile.count, currentRows: observation.bins.total,
            referenceMissing: profile.missing, currentMissing: observation.bins.missing,
            outOfRange: observation.outOfRange,
            referenceConstant: profile.min == nil || profile.min == profile.max,
            currentConstant: observation.min == nil || observation.min == observation.max,
            nonNumeric: nonNumeric)
    }

    /// Quality of a categorical observation against its profile. Categories the profile folded
    /// into "other" count as unseen too (the profile does not keep their names).
    public static func categorical(profile: CategoricalProfile, observation: CategoricalObservation) -> DataQuality {
        let counts = observation.bins.counts
        let keptSeen = counts.prefix(profile.categories.count).filter { $0 > 0 }.count
        return DataQuality(
            referenceRows: profile.count, currentRows: observation.bins.total,
            referenceMissing: profile.missing, currentMissing: observation.bins.missing,
            unseenRows: observation.unseenRows, unseenDistinct: observation.unseenDistinct,
            referenceConstant: profile.knownDistinct <= 1,
            currentConstant: keptSeen + observation.unseenDistinct <= 1)
    }

    /// Quality from bin counts alone (no observation at hand): missing counts are exact;
    /// "constant" means at most one non-empty non-missing bin, a lower bound on constancy.
    public static func counts(reference: BinCounts, current: BinCounts) -> DataQuality {
        func occupied(_ b: BinCounts) -> Int { b.counts.dropLast().filter { $0 > 0 }.count }
        return DataQuality(
            referenceRows: reference.total, currentRows: current.total,
            referenceMissing: reference.missing, currentMissing: current.missing,
            referenceConstant: occupied(reference) <= 1, currentConstant: occupied(current) <= 1)
    }
}

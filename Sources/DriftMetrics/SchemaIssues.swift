/// Column-set differences between a profile and current data, and per-column counts of
/// values that did not parse as numbers (the caller counts those while reading).
public struct SchemaIssues: Codable, Sendable, Equatable {
    /// Profile columns absent from the current data (in profile order).
    public var absentColumns: [String]
    /// Current columns the profile does not know (in current order).
    public var extraColumns: [String]
    /// Non-numeric values per numeric column.
    public var nonNumericValues: [String: Int]

    enum CodingKeys: String, CodingKey {
        case absentColumns = "absent_columns"
        case extraColumns = "extra_columns"
        case nonNumericValues = "non_numeric_values"
    }

    /// Issues from their parts.
    public init(absentColumns: [String] = [], extraColumns: [String] = [], nonNumericValues: [String: Int] = [:]) {
        self.absentColumns = absentColumns
        self.extraColumns = extraColumns
        self.nonNumericValues = nonNumericValues
    }

    /// Compares column sets: absent = profile columns not in current, extra = the converse.
    public init(profileColumns: [String], currentColumns: [String], nonNumericValues: [String: Int] = [:]) {
        let current = Set(currentColumns)
        let known = Set(profileColumns)
        self.init(
            absentColumns: profileColumns.filter { !current.contains($0) },
            extraColumns: currentColumns.filter { !known.contains($0) },
            nonNumericValues: nonNumericValues.filter { $0.value > 0 })
    }

    /// No absent or extra column and no non-numeric value.
    public var isEmpty: Bool { absentColumns.isEmpty && extraColumns.isEmpty && nonNumericValues.isEmpty }
}

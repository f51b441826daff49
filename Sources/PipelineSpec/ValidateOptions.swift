/// Options of a `validate` step: the checks the extracted data must pass before training.
public struct ValidateOptions: Sendable, Equatable, Codable {
    /// Default `max_missing`.
    public static let defaultMaxMissing = 0.05
    /// Default `max_psi`.
    public static let defaultMaxPSI = 0.25
    /// Default `min_rows`.
    public static let defaultMinRows = 1_000

    /// Largest fraction (0...1) of missing values allowed in any column.
    public var maxMissing: Double
    /// Largest PSI (≥ 0) allowed between the data and the serving model's reference profile.
    public var maxPSI: Double
    /// Fewest rows (≥ 0) the data must have.
    public var minRows: Int
    /// Declared per-column expectations (`expect:`), in file order.
    public var expectations: [ColumnExpectation]

    /// Creates validate options; every argument has the file format's default.
    public init(
        maxMissing: Double = ValidateOptions.defaultMaxMissing,
        maxPSI: Double = ValidateOptions.defaultMaxPSI,
        minRows: Int = ValidateOptions.defaultMinRows,
        expectations: [ColumnExpectation] = []
    ) {
        self.maxMissing = maxMissing
        self.maxPSI = maxPSI
        self.minRows = minRows
        self.expectations = expectations
    }

    private enum CodingKeys: String, CodingKey {
        case maxMissing = "max_missing"
        case maxPSI = "max_psi"
        case minRows = "min_rows"
        case expectations = "expect"
    }
}

/// One entry of a `validate` step's `expect:` list: what every value of a column must satisfy.
public struct ColumnExpectation: Sendable, Equatable, Codable {
    /// The column.
    public var column: String
    /// Smallest allowed value, if any.
    public var min: Double?
    /// Largest allowed value, if any (≥ `min`).
    public var max: Double?
    /// The column must have no missing values (default false).
    public var notNull: Bool
    /// The largest share of rows (0…1) whose category the champion has never seen (no code in
    /// its dictionary), for a categorical feature. Not the profile's "other" share: for an id
    /// like `device_ip` most traffic is outside the profile's kept categories, and that is normal.
    public var maxUnseen: Double?

    /// Creates an expectation.
    public init(column: String, min: Double? = nil, max: Double? = nil, notNull: Bool = false, maxUnseen: Double? = nil) {
        self.column = column
        self.min = min
        self.max = max
        self.notNull = notNull
        self.maxUnseen = maxUnseen
    }

    private enum CodingKeys: String, CodingKey {
        case column, min, max
        case notNull = "not_null"
        case maxUnseen = "max_unseen"
    }
}

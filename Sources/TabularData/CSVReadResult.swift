/// A row that `CSVReader` skipped (with `CSVReadOptions.skipBadRows`), and why.
public struct BadRow: Sendable, Equatable {
    /// The 1-based line on which the row starts.
    public let line: Int
    /// The column at fault (for a wrong field count: the first missing column, or the last
    /// column when there are too many fields).
    public let column: String
    /// What is wrong, e.g. `cannot parse 'abc' as a number`.
    public let message: String

    /// A bad row at `line`, naming the column and the problem.
    public init(line: Int, column: String, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// What `CSVReader.read` produced: the dataset and an account of the rows it skipped.
public struct CSVReadResult: Sendable {
    /// The rows read, column-major, NaN for missing cells.
    public let dataset: Dataset
    /// How many rows were skipped as bad (blank lines are not counted).
    public let skippedRows: Int
    /// The first 20 skipped rows, in file order.
    public let badRows: [BadRow]

    /// The maximum number of `badRows` kept.
    public static let badRowLimit = 20

    /// A result holding `dataset` and the skipped-row account.
    public init(dataset: Dataset, skippedRows: Int, badRows: [BadRow]) {
        self.dataset = dataset
        self.skippedRows = skippedRows
        self.badRows = badRows
    }
}

/// How `CSVReader` maps a CSV file's columns onto a `Dataset`.
public struct CSVReadOptions: Sendable {
    /// The column holding the label (its values must be present and finite); `nil` for no labels.
    public var labelColumn: String?
    /// Skip (and count) rows with a bad cell or the wrong number of fields instead of failing.
    public var skipBadRows: Bool
    /// When given: exactly these feature columns, in this order (a name not in the header is an
    /// error). This list wins over `ignoredColumns`. When `nil`: every column except the label and
    /// the ignored ones, in file order.
    public var featureColumns: [String]?
    /// Columns that are not read at all (they may hold text, e.g. ids); names not in the header
    /// are ignored too.
    public var ignoredColumns: Set<String>
    /// Feature columns read as categorical: each cell's text (see `CategoryText`) becomes a code
    /// into the dataset's `categories`. A name not in the header is an error.
    public var categoricalColumns: Set<String>
    /// Columns left out of the features (the user's `--exclude`); unlike `ignoredColumns`, a
    /// name not in the header is an error.
    public var excludedColumns: Set<String>
    /// What a feature column not declared categorical does when a cell is not a number: become
    /// categorical (the whole file decides, for training and profiling) or fail naming the cell
    /// (for a model whose feature is numeric).
    public var textColumns: TextColumnPolicy
    /// The most threads parsing at once. Large inputs (≥ 1 MiB of rows) without any quote
    /// character are split at line boundaries into this many parts; others are read on one thread.
    public var threads: Int

    /// Options with the given label, bad-row policy and column selection.
    public init(
        labelColumn: String? = nil, skipBadRows: Bool = false, featureColumns: [String]? = nil,
        ignoredColumns: Set<String> = [], categoricalColumns: Set<String> = [], excludedColumns: Set<String> = [],
        textColumns: TextColumnPolicy = .refuse, threads: Int = 2
    ) {
        self.categoricalColumns = categoricalColumns
        self.excludedColumns = excludedColumns
        self.textColumns = textColumns
        self.labelColumn = labelColumn
        self.skipBadRows = skipBadRows
        self.featureColumns = featureColumns
        self.ignoredColumns = ignoredColumns
        self.threads = threads
    }
}

/// What the CSV reader does with text in a feature column that was not declared categorical.
public enum TextColumnPolicy: Sendable, Equatable {
    /// The column is categorical (text anywhere in the file decides).
    case categorical
    /// The cell is an error (`cannot parse '…' as a number`) naming the file, line and column.
    case refuse
}

/// A column-major table of float32 features (NaN = missing) with an optional label column.
/// A categorical feature holds category codes (0, 1, 2, … as floats) into its entry of
/// `categories`, whose strings are the category values (see `CategoryText`).
public struct Dataset: Sendable, Equatable {
    /// Feature column names, in column order.
    public let featureNames: [String]
    /// `columns[f][r]`: the value of feature `f` in row `r`; NaN marks a missing value.
    public let columns: [[Float]]
    /// One label per row, when the data has a label column.
    public let labels: [Float]?
    /// Number of rows.
    public let rowCount: Int
    /// The category values of each categorical feature, by feature index: code `c` of feature
    /// `f` stands for `categories[f]![c]`. Numeric features have no entry.
    public let categories: [Int: [String]]

    /// Number of feature columns.
    public var featureCount: Int { featureNames.count }

    /// Whether feature `f` is categorical.
    public func isCategorical(_ f: Int) -> Bool { categories[f] != nil }

    /// Names of the categorical features, in column order.
    public var categoricalFeatureNames: [String] {
        featureNames.indices.filter { categories[$0] != nil }.map { featureNames[$0] }
    }

    /// Validates that every column (and the labels) has the same length, and that every
    /// categorical code is a valid index into its feature's `categories`.
    public init(featureNames: [String], columns: [[Float]], labels: [Float]?, categories: [Int: [String]] = [:]) throws {
        guard featureNames.count == columns.count else {
            throw DatasetError.shape("\(featureNames.count) feature names but \(columns.count) columns")
        }
        let rows = columns.first?.count ?? labels?.count ?? 0
        for (name, column) in zip(featureNames, columns) where column.count != rows {
            throw DatasetError.shape("column '\(name)' has \(column.count) values, expected \(rows)")
        }
        if let labels, labels.count != rows {
            throw DatasetError.shape("\(labels.count) labels for \(rows) rows")
        }
        self.featureNames = featureNames
        self.columns = columns
        for (f, values) in categories {
            guard f >= 0 && f < columns.count else { throw DatasetError.shape("categories given for feature \(f) of \(columns.count)") }
            let limit = Float(values.count)
            if let bad = columns[f].first(where: { !$0.isNaN && !($0 >= 0 && $0 < limit && $0 == $0.rounded()) }) {
                throw DatasetError.shape("column '\(featureNames[f])' holds \(bad), not a code below \(values.count)")
            }
        }
        self.labels = labels
        self.rowCount = rows
        self.categories = categories
    }

    /// The value of feature `feature` in row `row`.
    @inlinable
    public func value(row: Int, feature: Int) -> Float { columns[feature][row] }

    /// All values row by row (`rowCount × featureCount`), for row-wise consumers.
    public func rowMajor() -> [Float] {
        var out = [Float](repeating: .nan, count: rowCount * featureCount)
        out.withUnsafeMutableBufferPointer { buffer in
            for (f, column) in columns.enumerated() {
                column.withUnsafeBufferPointer { values in
                    var index = f
                    for r in 0..<rowCount {
                        buffer[index] = values[r]
                        index += featureCount
                    }
                }
            }
        }
        return out
    }

    /// The rows at `indices`, in that order (for train/validation splits and sampling).
    public func subset(rows indices: [Int]) -> Dataset {
        let newColumns = columns.map { column in indices.map { column[$0] } }
        let newLabels = labels.map { labels in indices.map { labels[$0] } }
        // Shapes agree by construction.
        return Dataset(
            uncheckedFeatureNames: featureNames, columns: newColumns, labels: newLabels, rowCount: indices.count,
            categories: categories)
    }
}

/// Errors building or reading a dataset; messages name the file, line and column at fault.
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    /// Columns, names or labels of inconsistent lengths (or an inconsistent column selection).
    case shape(String)
    /// A bad row or header: file, 1-based line, column name, and what is wrong (a cell that is
    /// not a number, a wrong field count, a missing label, a duplicate name, a broken quote).
    case malformed(file: String, line: Int, column: String, message: String)
    /// A requested column (label or feature) is not in the header.
    case missingColumn(file: String, column: String)
    /// The file could not be opened, read or written; `message` is the system's reason.
    case io(path: String, message: String)
    /// The input has no header row (it is empty or blank).
    case empty(file: String)
    /// A column list given by the user (`role`: `categorical`, `exclude`) names a column the
    /// header does not have.
    case unknownColumn(file: String, column: String, role: String)

    /// A one-line message naming the file, line and column where they are known.
    public var description: String {
        switch self {
        case .shape(let message): return "dataset shape error: \(message)"
        case .malformed(let file, let line, let column, let message):
            return "\(file):\(line): column '\(column)': \(message)"
        case .missingColumn(let file, let column): return "\(file): no column named '\(column)' in the header"
        case .io(let path, let message): return "cannot read \(path): \(message)"
        case .empty(let file): return "\(file): no header row"
        case .unknownColumn(let file, let column, let role):
            return "\(file): \(role) names '\(column)', which is not a column in the header"
        }
    }
}

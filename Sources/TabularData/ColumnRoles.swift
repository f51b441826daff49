/// The user's column roles for reading CSV: `--categorical` (columns read as categories, for
/// integer-coded ids) and `--exclude` (columns left out of training, prediction and drift).
/// Every command that reads CSV and the pipeline `train` step take the same two lists; each
/// flag is repeatable and takes comma-separated names.
public struct ColumnRoles: Sendable, Equatable, Codable {
    public var categorical: [String]
    public var exclude: [String]

    /// Roles from the flags' values as given (`["C1,banner_pos", "C14"]`): split at commas,
    /// trimmed, empty names dropped, duplicates removed in order.
    public init(categorical: [String] = [], exclude: [String] = []) {
        self.categorical = ColumnRoles.names(categorical)
        self.exclude = ColumnRoles.names(exclude)
    }

    /// The names in flag values split at commas.
    public static func names(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.flatMap { $0.split(separator: ",") }.map { String(String($0).trimmingBlanks()) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// A name in both lists, if any (a column cannot be both read and left out).
    public var conflict: String? { categorical.first { exclude.contains($0) } }

    /// Reading options for training: these roles, with any column holding text categorical.
    public func trainingOptions(labelColumn: String, skipBadRows: Bool) -> CSVReadOptions {
        CSVReadOptions(
            labelColumn: labelColumn, skipBadRows: skipBadRows, categoricalColumns: Set(categorical), excludedColumns: Set(exclude),
            textColumns: .categorical)
    }
}

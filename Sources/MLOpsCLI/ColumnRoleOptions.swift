import ArgumentParser
import TabularData

/// `--categorical` and `--exclude`, the same on every command that reads CSV for a model
/// (`train`, `predict`, `evaluate`); repeatable, each taking comma-separated names.
struct ColumnRoleOptions: ParsableArguments {
    @Option(
        name: .customLong("categorical"),
        help: "Columns to read as categories, e.g. integer-coded ids C1,banner_pos (repeatable, comma-separated).")
    var categorical: [String] = []
    @Option(name: .customLong("exclude"), help: "Columns to leave out, e.g. a row id (repeatable, comma-separated).")
    var exclude: [String] = []

    var roles: ColumnRoles { ColumnRoles(categorical: categorical, exclude: exclude) }

    func validate() throws {
        if let both = roles.conflict { throw ValidationError("'\(both)' is given to both --categorical and --exclude") }
    }
}

/// Placeholder lists for multi-row statements, in the `$n` form both dialects run.
public enum SQLPlaceholders {
    /// `($1, $2, $3), ($4, $5, $6)` for `rows` rows of `columns` values each.
    public static func tuples(rows: Int, columns: Int) -> String {
        (0..<rows).map { r in
            "(" + (1...columns).map { "$\(r * columns + $0)" }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
    }
}

/// Placeholder lists for multi-row statements, in the `$n` form both dialects run.
public enum SQLPlaceholders {
    /// `($1, $2, $3), ($4, $5, $6)` for `rows` rows of `columns` values each.
    public static func tuples(rows: Int, columns: Int) -> String {
        (0..<rows).map { r in
            "(" + (1...columns).map { "$\(r * columns + $0)" }.joined(separator: ", ") + ")"
        }.joined(separator: ", ")
    }
}

extension SQLPlaceholders {
    /// `$4, $5, $6` for an `IN (…)` list of `count` values whose first is parameter `startingAt`.
    public static func list(count: Int, startingAt first: Int) -> String {
        (0..<max(0, count)).map { "$\(first + $0)" }.joined(separator: ", ")
    }
}

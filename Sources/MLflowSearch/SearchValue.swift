/// The right-hand side of a comparison, or a value a record exposes.
public enum SearchValue: Sendable, Hashable, CustomStringConvertible {
    /// A quoted string (quotes removed, escapes resolved).
    case string(String)
    /// An unquoted number.
    case number(Double)
    /// A parenthesised list of quoted strings, used with `IN` / `NOT IN`.
    case list([String])

    /// The value written back in MLflow syntax.
    public var description: String {
        switch self {
        case .string(let text): return "'" + text.replacingAll("'", with: "''") + "'"
        case .number(let number): return SearchValue.format(number)
        case .list(let items): return "(" + items.map { SearchValue.string($0).description }.joined(separator: ", ") + ")"
        }
    }

    /// Formats a number the way MLflow echoes integers (no trailing `.0`).
    static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return String(number)
    }
}

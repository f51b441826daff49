/// A comparison operator of the MLflow filter grammar.
///
/// Keywords (`LIKE`, `ILIKE`, `IN`, `NOT IN`) are matched case-insensitively by
/// the parser; the raw value is the canonical upper-case spelling.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `=`
    case equal = "="
    /// `!=`
    case notEqual = "!="
    /// `<`
    case less = "<"
    /// `<=`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=`
    case greaterOrEqual = ">="
    /// `LIKE`: SQL pattern, case-sensitive.
    case like = "LIKE"
    /// `ILIKE`: SQL pattern, case-insensitive.
    case ilike = "ILIKE"
    /// `IN ('a', 'b')`
    case `in` = "IN"
    /// `NOT IN ('a', 'b')`
    case notIn = "NOT IN"

    /// The operator as written in a filter string.
    public var description: String { rawValue }

    /// Operators MLflow allows on metrics and numeric attributes.
    static let numeric: [ComparisonOperator] = [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
    /// Operators MLflow allows on params, tags and string attributes.
    static let string: [ComparisonOperator] = [.equal, .notEqual, .like, .ilike]

    /// Whether the operator takes a parenthesised list on its right-hand side.
    var takesList: Bool { self == .in || self == .notIn }
}

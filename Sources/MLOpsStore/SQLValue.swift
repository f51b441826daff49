/// A value bound to a SQL parameter or read from a result column.
///
/// Both backends map to the same small set: integers are 64-bit, reals are doubles, text is
/// UTF-8, blobs are raw bytes. Booleans are stored as integers 0/1 so one schema works on both.
public enum SQLValue: Sendable, Equatable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    /// `nil` becomes `.null`, anything else `.text`.
    public static func optional(_ text: String?) -> SQLValue {
        text.map(SQLValue.text) ?? .null
    }

    /// `nil` becomes `.null`, anything else `.int`.
    public static func optional(_ int: Int?) -> SQLValue {
        int.map { .int(Int64($0)) } ?? .null
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue {
    public init(_ value: Int) { self = .int(Int64(value)) }
    public init(_ value: Int64) { self = .int(value) }
    public init(_ value: String) { self = .text(value) }
    public init(_ value: Double) { self = .double(value) }
    public init(_ value: Bool) { self = .int(value ? 1 : 0) }
}

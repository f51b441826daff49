/// One result row: column names and values, with typed accessors that fail clearly.
public struct SQLRow: Sendable, Equatable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The raw value of a column, or an error naming the missing column.
    public func value(_ column: String) throws -> SQLValue {
        guard let index = columns.firstIndex(of: column) else {
            throw StoreError.decoding(column: column, message: "no such column in result (have: \(columns.joined(separator: ", ")))")
        }
        return values[index]
    }

    public func int(_ column: String) throws -> Int {
        guard let value = try optionalInt(column) else {
            throw StoreError.decoding(column: column, message: "expected an integer, found NULL")
        }
        return value
    }

    public func optionalInt(_ column: String) throws -> Int? {
        switch try value(column) {
        case .null: return nil
        case .int(let v): return Int(v)
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
        case .text(let s):
            guard let v = Int(s) else {
                throw StoreError.decoding(column: column, message: "expected an integer, found text '\(s)'")
            }
            return v
        case let other:
            throw StoreError.decoding(column: column, message: "expected an integer, found \(other)")
        }
    }

    public func int64(_ column: String) throws -> Int64 { Int64(try int(column)) }

    public func double(_ column: String) throws -> Double {
        switch try value(column) {
        case .double(let d): return d
        case .int(let v): return Double(v)
        case .text(let s):
            guard let d = Double(s) else {
                throw StoreError.decoding(column: column, message: "expected a number, found text '\(s)'")
            }
            return d
        case let other:
            throw StoreError.decoding(column: column, message: "expected a number, found \(other)")
        }
    }

    /// A number, or nil for NULL.
    public func optionalDouble(_ column: String) throws -> Double? {
        if case .null = try value(column) { return nil }
        return try double(column)
    }

    public func string(_ column: String) throws -> String {
        guard let value = try optionalString(column) else {
            throw StoreError.decoding(column: column, message: "expected text, found NULL")
        }
        return value
    }

    public func optionalString(_ column: String) throws -> String? {
        switch try value(column) {
        case .null: return nil
        case .text(let s): return s
        case .int(let v): return String(v)
        case .double(let d): return String(d)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// A type that can be built from one result row.
public protocol RowDecodable {
    init(row: SQLRow) throws
}

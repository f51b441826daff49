import Foundation

/// Errors of the metadata store; messages name the database, statement or column at fault.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database could not be reached or opened.
    case unavailable(location: String, message: String)
    /// No pooled connection became free in time.
    case checkoutTimeout(location: String, seconds: Double, maxConnections: Int)
    /// A statement failed.
    case statement(sql: String, message: String, sqlState: String?)
    /// A unique or primary-key constraint was violated.
    case uniqueViolation(message: String)
    /// A value the statement was given does not fit its column (a number out of range; the
    /// caller's input, not the store's state: PostgreSQL's SQLSTATE class 22).
    case invalidValue(message: String)
    /// A result column had an unexpected type or was missing.
    case decoding(column: String, message: String)
    /// An applied migration no longer matches its file, or the database is newer than this binary.
    case migration(message: String)
    /// The configuration (URL, path, environment) is invalid.
    case configuration(message: String)

    public var description: String {
        switch self {
        case .unavailable(let location, let message):
            return "database \(location) is unavailable: \(message)"
        case .checkoutTimeout(let location, let seconds, let max):
            return
                "timed out after \(seconds) s waiting for a connection to \(location) (all \(max) pooled connections busy or the server unreachable)"
        case .statement(let sql, let message, let state):
            let code = state.map { " [SQLSTATE \($0)]" } ?? ""
            return "SQL statement failed\(code): \(message.trimmingCharacters(in: .whitespacesAndNewlines)) — in: \(Self.abbreviate(sql))"
        case .uniqueViolation(let message):
            return "duplicate value: \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .invalidValue(let message):
            return "a value does not fit the store: \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .decoding(let column, let message):
            return "cannot decode column '\(column)': \(message)"
        case .migration(let message):
            return "migration error: \(message)"
        case .configuration(let message):
            return "store configuration error: \(message)"
        }
    }

    static func abbreviate(_ sql: String) -> String {
        let flat = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count > 160 ? String(flat.prefix(157)) + "..." : flat
    }
}

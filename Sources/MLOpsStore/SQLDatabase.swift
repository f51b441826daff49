/// The SQL dialect behind a database; statements that differ live in one place per dialect.
public enum SQLDialect: String, Sendable {
    case postgres
    case sqlite
}

/// A live connection on which parameterized statements run. Not shared between threads.
///
/// Statements use PostgreSQL-style numbered placeholders (`$1`, `$2`, …) on both backends; the
/// SQLite implementation binds them as SQLite's `?NNN`.
public protocol SQLConnection {
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int
    /// Runs a statement and returns all its rows.
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [SQLRow]
    /// Runs several statements with no parameters (migrations).
    func executeScript(_ sql: String) throws
    /// Runs one statement once per parameter row (prepared once where the backend allows);
    /// returns the rows changed in all. Use inside a transaction.
    @discardableResult
    func executeBatch(_ sql: String, rows: [[SQLValue]]) throws -> Int
}

extension SQLConnection {
    /// One `execute` per row (the default; SQLite prepares once and rebinds instead).
    @discardableResult
    public func executeBatch(_ sql: String, rows: [[SQLValue]]) throws -> Int {
        var changed = 0
        for row in rows { changed += try execute(sql, row) }
        return changed
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: SQLValue...) throws -> Int {
        try execute(sql, parameters)
    }

    public func query(_ sql: String, _ parameters: SQLValue...) throws -> [SQLRow] {
        try query(sql, parameters)
    }

    /// Decodes every row into `T`.
    public func query<T: RowDecodable>(_ type: T.Type, _ sql: String, _ parameters: [SQLValue]) throws -> [T] {
        try query(sql, parameters).map(T.init(row:))
    }

    /// The first row, or nil.
    public func queryFirst(_ sql: String, _ parameters: [SQLValue]) throws -> SQLRow? {
        try query(sql, parameters).first
    }
}

/// A metadata store: hands out connections and runs transactions. Thread-safe.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// A human description of where the data lives (password removed).
    var location: String { get }
    /// Runs `body` on a connection outside any explicit transaction.
    @discardableResult
    func withConnection<T>(_ body: (SQLConnection) throws -> T) throws -> T
    /// Runs `body` in a write transaction: committed when it returns, rolled back when it throws.
    /// On SQLite the transaction takes the write lock at once (`BEGIN IMMEDIATE`), so
    /// read-then-write sequences inside it are serialized like PostgreSQL row locks serialize them.
    @discardableResult
    func transaction<T>(_ body: (SQLConnection) throws -> T) throws -> T
    /// Closes every connection.
    func close()
}

import CSQLite
import Foundation
import Logging

/// The embedded store: one SQLite file in WAL mode with a busy timeout.
///
/// In-process access is serialized over one connection; other processes share the file through
/// SQLite's own locking (WAL lets readers proceed while one writer writes).
public final class SQLiteDatabase: SQLDatabase, @unchecked Sendable {
    public let dialect = SQLDialect.sqlite
    public let path: String
    public var location: String { "sqlite:\(path)" }
    private let lock = NSRecursiveLock()
    private var connection: SQLiteConnection?

    /// Opens (creating if needed) the database file and its parent directory.
    public init(path: String, busyTimeoutMilliseconds: Int = 10_000) throws {
        self.path = path
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw StoreError.unavailable(location: "sqlite:\(path)", message: "cannot create directory \(parent): \(error.localizedDescription)")
            }
        }
        connection = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }

    @discardableResult
    public func withConnection<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let connection else {
            throw StoreError.unavailable(location: location, message: "database is closed")
        }
        return try body(connection)
    }

    @discardableResult
    public func transaction<T>(_ body: (SQLConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let connection else {
            throw StoreError.unavailable(location: location, message: "database is closed")
        }
        try connection.executeScript("BEGIN IMMEDIATE")
        do {
            let result = try body(connection)
            try connection.executeScript("COMMIT")
            return result
        } catch {
            try? connection.executeScript("ROLLBACK")
            throw error
        }
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        connection = nil
    }
}

/// One libsqlite3 connection.
final class SQLiteConnection: SQLConnection {
    let dialect = SQLDialect.sqlite
    private let handle: OpaquePointer
    private let path: String
    /// Prepared statements by their SQL, reused (reset and unbound after each use): parsing and
    /// planning a statement cost more than running the small ones the registry asks most.
    private var statements: [String: OpaquePointer] = [:]
    private static let maxCachedStatements = 256

    init(path: String, busyTimeoutMilliseconds: Int) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close_v2(db) }
            throw StoreError.unavailable(location: "sqlite:\(path)", message: message)
        }
        handle = db
        sqlite3_busy_timeout(db, Int32(busyTimeoutMilliseconds))
        sqlite3_extended_result_codes(db, 1)
        do {
            try executeScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
        } catch {
            sqlite3_close_v2(db)
            throw StoreError.unavailable(location: "sqlite:\(path)", message: "\(error)")
        }
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    func executeScript(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw error(sql: sql, code: rc, message: message)
        }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        _ = try run(sql, parameters, collect: false)
        return Int(sqlite3_changes(handle))
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [SQLRow] {
        try run(sql, parameters, collect: true)
    }

    /// Prepares once, then binds, steps and resets per row.
    @discardableResult
    func executeBatch(_ sql: String, rows: [[SQLValue]]) throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        var changed = 0
        for row in rows {
            try bind(row, to: statement, sql: sql)
            let rc = sqlite3_step(statement)
            guard rc == SQLITE_DONE || rc == SQLITE_ROW else {
                throw error(sql: sql, code: rc, message: String(cString: sqlite3_errmsg(handle)))
            }
            changed += Int(sqlite3_changes(handle))
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        return changed
    }

    private func prepare(_ sql: String) throws -> OpaquePointer {
        let text = PlaceholderRewriter.sqlite(sql)
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, text, -1, &statement, nil)
        guard prepared == SQLITE_OK, let statement else {
            throw error(sql: sql, code: prepared, message: String(cString: sqlite3_errmsg(handle)))
        }
        return statement
    }

    private func run(_ sql: String, _ parameters: [SQLValue], collect: Bool) throws -> [SQLRow] {
        let statement = try cached(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try bind(parameters, to: statement, sql: sql)
        return try collectRows(statement, sql: sql, collect: collect)
    }

    /// The prepared statement for `sql`, from the cache or prepared now (the cache is emptied
    /// when full; statements are small and a full cache means ad-hoc SQL is being run).
    private func cached(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        let statement = try prepare(sql)
        if statements.count >= Self.maxCachedStatements {
            for old in statements.values { sqlite3_finalize(old) }
            statements.removeAll(keepingCapacity: true)
        }
        statements[sql] = statement
        return statement
    }

    private func bind(_ parameters: [SQLValue], to statement: OpaquePointer, sql: String) throws {
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            throw StoreError.statement(sql: sql, message: "statement takes \(expected) parameters, \(parameters.count) given", sqlState: nil)
        }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .int(let v): rc = sqlite3_bind_int64(statement, index, v)
            case .double(let d): rc = sqlite3_bind_double(statement, index, d)
            case .text(let s): rc = sqlite3_bind_text(statement, index, s, -1, sqliteTransient)
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), sqliteTransient)
                }
            }
            guard rc == SQLITE_OK else {
                throw error(sql: sql, code: rc, message: String(cString: sqlite3_errmsg(handle)))
            }
        }
    }

    private func collectRows(_ statement: OpaquePointer, sql: String, collect: Bool) throws -> [SQLRow] {
        let columnCount = Int(sqlite3_column_count(statement))
        let columns = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
        var rows: [SQLRow] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw error(sql: sql, code: rc, message: String(cString: sqlite3_errmsg(handle)))
            }
            guard collect else { continue }
            var values: [SQLValue] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: values.append(.int(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: values.append(.double(sqlite3_column_double(statement, column)))
                case SQLITE_TEXT: values.append(.text(String(cString: sqlite3_column_text(statement, column))))
                case SQLITE_BLOB:
                    let count = Int(sqlite3_column_bytes(statement, column))
                    if let base = sqlite3_column_blob(statement, column), count > 0 {
                        values.append(.blob(Array(UnsafeRawBufferPointer(start: base, count: count))))
                    } else {
                        values.append(.blob([]))
                    }
                default: values.append(.null)
                }
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    private func error(sql: String, code: Int32, message: String) -> StoreError {
        let primary = code & 0xff
        if code == 2067 || code == 1555 {  // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY (macros not imported)
            return .uniqueViolation(message: message)
        }
        if primary == SQLITE_CANTOPEN || primary == SQLITE_NOTADB || primary == SQLITE_IOERR {
            return .unavailable(location: "sqlite:\(path)", message: message)
        }
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            return .unavailable(location: "sqlite:\(path)", message: "database is locked by another process (busy timeout expired): \(message)")
        }
        return .statement(sql: sql, message: message, sqlState: nil)
    }
}

private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

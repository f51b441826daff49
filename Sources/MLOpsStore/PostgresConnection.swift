import CPostgreSQL
import Foundation

/// One libpq connection. Used by one thread at a time (the pool guarantees it).
final class PostgresConnection: SQLConnection {
    let dialect = SQLDialect.postgres
    let handle: OpaquePointer
    let location: String

    /// Connects with `conninfo` (a `postgresql://` URL or key=value string; libpq fills the rest
    /// from the standard `PG*` environment variables).
    init(conninfo: String, location: String, connectTimeoutSeconds: Int) throws {
        self.location = location
        // Our defaults come first; the expanded URL that follows overrides them.
        let keys = ["connect_timeout", "application_name", "dbname"]
        let values = [String(connectTimeoutSeconds), "mlops", conninfo]
        let connection = Self.withCStrings(keys) { keyPointers in
            Self.withCStrings(values) { valuePointers in
                PQconnectdbParams(keyPointers, valuePointers, 1)
            }
        }
        guard let connection else {
            throw StoreError.unavailable(location: location, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection))
            PQfinish(connection)
            throw StoreError.unavailable(location: location, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        handle = connection
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(handle) }

    /// False once the server or network dropped the connection.
    var isAlive: Bool { PQstatus(handle) == CONNECTION_OK }

    /// True when no transaction is open or failed on this connection.
    var isIdle: Bool { PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// A round trip to the server.
    func ping() -> Bool {
        guard isAlive else { return false }
        return (try? executeScript("SELECT 1")) != nil
    }

    func executeScript(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [SQLRow] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        let types = (0..<columnCount).map { PQftype(result, Int32($0)) }
        var rows: [SQLRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [SQLValue] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(.null)
                    continue
                }
                let text = String(cString: PQgetvalue(result, row, column))
                values.append(Self.decode(text, type: types[Int(column)]))
            }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    private func run(_ sql: String, _ parameters: [SQLValue]) throws -> OpaquePointer? {
        let texts: [String?] = parameters.map(Self.encode)
        let result = Self.withOptionalCStrings(texts) { pointers in
            PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
        }
        do {
            try check(result, sql: sql)
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    private func check(_ result: OpaquePointer?, sql: String) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
            return
        }
        let message = result.map { String(cString: PQresultErrorMessage($0)) } ?? String(cString: PQerrorMessage(handle))
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        if !isAlive || state?.hasPrefix("08") == true || state == "57P01" || state == "57P02" || state == "57P03" {
            throw StoreError.unavailable(location: location, message: "connection lost: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        if state == "23505" {
            throw StoreError.uniqueViolation(message: message)
        }
        if state == "22003" {
            throw StoreError.invalidValue(message: message)
        }
        throw StoreError.statement(sql: sql, message: message, sqlState: state)
    }

    static func encode(_ value: SQLValue) -> String? {
        switch value {
        case .null: return nil
        case .int(let v): return String(v)
        case .double(let d):
            if d.isNaN { return "NaN" }
            if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
            return String(d)
        case .text(let s): return s
        case .blob(let bytes): return "\\x" + bytes.map { String(format: "%02x", $0) }.joined()
        }
    }

    static func decode(_ text: String, type: UInt32) -> SQLValue {
        switch type {
        case 16: return .int(text == "t" ? 1 : 0)
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.int) ?? .text(text)
        case 700, 701, 1700: return Double(text).map(SQLValue.double) ?? .text(text)
        case 17: return .blob(decodeHex(text))
        default: return .text(text)
        }
    }

    private static func decodeHex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8.dropFirst(2))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var i = 0
        while i + 1 < digits.count {
            if let byte = UInt8(String(decoding: digits[i...i + 1], as: UTF8.self), radix: 16) { bytes.append(byte) }
            i += 2
        }
        return bytes
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        withOptionalCStrings(strings + [nil]) { body($0) }
    }

    private static func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        let duplicated: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } }
        defer { for pointer in duplicated { free(pointer) } }
        let pointers = duplicated.map { UnsafePointer($0) }
        return pointers.withUnsafeBufferPointer { buffer in
            body(buffer.baseAddress)
        }
    }
}

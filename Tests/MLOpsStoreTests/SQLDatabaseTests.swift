import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

/// The same behaviour on both backends: parameters, types, transactions, constraint errors.
@Suite struct SQLDatabaseTests {
    @Test(arguments: TestBackend.available)
    func roundTripsEveryValueTypeThroughParameters(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        let blobType = backend == .postgres ? "BYTEA" : "BLOB"
        try db.withConnection { c in
            try c.executeScript("CREATE TABLE t (i BIGINT, d DOUBLE PRECISION, s TEXT, b \(blobType), n TEXT)")
            let evil = "it's; DROP TABLE t; -- \"quoted\" $1 ünïcode"
            try c.execute(
                "INSERT INTO t (i, d, s, b, n) VALUES ($1, $2, $3, $4, $5)",
                [.int(Int64.max), .double(0.1), .text(evil), .blob([0, 1, 255]), .null])
            let row = try #require(try c.query("SELECT i, d, s, b, n FROM t", []).first)
            #expect(try row.int64("i") == Int64.max)
            #expect(try row.double("d") == 0.1)
            #expect(try row.string("s") == evil)
            #expect(try row.value("b") == .blob([0, 1, 255]))
            #expect(try row.value("n") == .null)
            #expect(try row.optionalString("n") == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func placeholdersMayRepeatAndAppearOutOfOrder(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        try db.withConnection { c in
            try c.executeScript("CREATE TABLE p (a TEXT, b TEXT, c TEXT)")
            try c.execute("INSERT INTO p (a, b, c) VALUES ($2, $1, $2)", [.text("one"), .text("two")])
            let row = try #require(try c.query("SELECT a, b, c FROM p", []).first)
            #expect(try row.string("a") == "two")
            #expect(try row.string("b") == "one")
            #expect(try row.string("c") == "two")
        }
    }

    @Test(arguments: TestBackend.available)
    func transactionRollsBackWhenTheBodyThrows(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        try db.withConnection { try $0.executeScript("CREATE TABLE r (k TEXT PRIMARY KEY)") }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction { c in
                try c.execute("INSERT INTO r (k) VALUES ($1)", [.text("a")])
                throw Boom()
            }
        }
        try db.transaction { c in try c.execute("INSERT INTO r (k) VALUES ($1)", [.text("b")]) }
        let keys = try db.withConnection { try $0.query("SELECT k FROM r ORDER BY k", []).map { try $0.string("k") } }
        #expect(keys == ["b"])
    }

    @Test(arguments: TestBackend.available)
    func uniqueViolationsAreTypedAndStatementErrorsNameTheStatement(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        try db.withConnection { c in
            try c.executeScript("CREATE TABLE u (k TEXT PRIMARY KEY)")
            try c.execute("INSERT INTO u (k) VALUES ($1)", [.text("x")])
            #expect(throws: StoreError.self) { try c.execute("INSERT INTO u (k) VALUES ($1)", [.text("x")]) }
            do {
                try c.execute("INSERT INTO u (k) VALUES ($1)", [.text("x")])
            } catch let error as StoreError {
                guard case .uniqueViolation = error else {
                    Issue.record("expected uniqueViolation, got \(error)")
                    return
                }
            }
            do {
                _ = try c.query("SELECT nope FROM u", [])
                Issue.record("expected an error")
            } catch {
                #expect("\(error)".contains("SELECT nope FROM u"))
            }
        }
        // The connection is still usable after errors.
        let count = try db.withConnection { try $0.query("SELECT COUNT(*) AS n FROM u", []).first?.int("n") }
        #expect(count == 1)
    }

    @Test(arguments: TestBackend.available)
    func decodingErrorsNameTheColumn(backend: TestBackend) throws {
        let db = try backend.makeDatabase(migrate: false)
        defer { db.close() }
        let row = try db.withConnection { try $0.query("SELECT 'abc' AS word", []).first }
        let unwrapped = try #require(row)
        do {
            _ = try unwrapped.int("word")
            Issue.record("expected a decoding error")
        } catch {
            #expect("\(error)".contains("word"))
        }
        #expect(throws: StoreError.self) { try unwrapped.string("missing") }
    }
}

@Suite struct PlaceholderTests {
    @Test func sqliteRewriteLeavesLiteralsAndCommentsAlone() throws {
        let db = try SQLiteDatabase(path: try TemporaryDirectory.make(prefix: "ph") + "/p.db")
        let row = try db.withConnection {
            try $0.query("SELECT $1 AS a, '$1' AS b, $2 AS c -- $3 in a comment\n", [.text("x"), .int(2)]).first
        }
        #expect(try row?.string("a") == "x")
        #expect(try row?.string("b") == "$1")
        #expect(try row?.int("c") == 2)
    }

    @Test func wrongParameterCountIsAClearError() throws {
        let db = try SQLiteDatabase(path: try TemporaryDirectory.make(prefix: "ph") + "/p.db")
        do {
            _ = try db.withConnection { try $0.query("SELECT $1 AS a", []) }
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("takes 1 parameters, 0 given"))
        }
    }
}

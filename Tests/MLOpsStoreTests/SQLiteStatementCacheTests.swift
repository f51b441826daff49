import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

/// SQLite connections reuse prepared statements: a reused statement must bind afresh, survive an
/// error in an earlier use, and follow schema changes.
@Suite struct SQLiteStatementCacheTests {
    @Test func aReusedStatementBindsAfreshAndSurvivesErrorsAndSchemaChanges() throws {
        let database = try TestBackend.sqlite.makeDatabase(migrate: false)
        try database.withConnection { c in
            try c.executeScript("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)")
            let insert = "INSERT INTO t (k, v) VALUES ($1, $2)"
            let select = "SELECT v FROM t WHERE k = $1"
            try c.execute(insert, [.text("a"), .int(1)])
            try c.execute(insert, [.text("b"), .int(2)])
            #expect(throws: StoreError.self) { try c.execute(insert, [.text("a"), .int(9)]) }  // duplicate key
            try c.execute(insert, [.text("c"), .int(3)])  // the same statement after its error
            #expect(try c.query(select, [.text("a")]).first?.int("v") == 1)
            #expect(try c.query(select, [.text("b")]).first?.int("v") == 2)
            #expect(try c.query(select, [.text("zz")]).isEmpty)
            #expect(try c.query(select, [.text("c")]).first?.int("v") == 3)
            try c.executeScript("ALTER TABLE t ADD COLUMN w INTEGER NOT NULL DEFAULT 7")
            #expect(try c.query("SELECT w FROM t WHERE k = $1", [.text("a")]).first?.int("w") == 7)
            #expect(try c.query(select, [.text("b")]).first?.int("v") == 2, "the cached statement follows the new schema")
            try c.executeScript("DROP TABLE t")
            #expect(throws: StoreError.self) { try c.query(select, [.text("a")]) }
        }
    }
}

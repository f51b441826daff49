import MLOpsStore
import MLOpsTestSupport
import Testing

@Suite struct ExecuteBatchTests {
    @Test(arguments: TestBackend.available)
    func oneStatementRunsOncePerRowAndAFailureRollsTheBatchBack(backend: TestBackend) throws {
        let database = try backend.makeDatabase()
        try database.withConnection { try $0.executeScript("CREATE TABLE batch_t (k INTEGER PRIMARY KEY, v TEXT)") }
        let changed = try database.transaction { c in
            try c.executeBatch("INSERT INTO batch_t (k, v) VALUES ($1, $2)", rows: (1...50).map { [.int(Int64($0)), .text("v\($0)")] })
        }
        #expect(changed == 50)
        #expect(throws: (any Error).self) {
            try database.transaction { c in
                try c.executeBatch("INSERT INTO batch_t (k, v) VALUES ($1, $2)", rows: [[.int(100), .null], [.int(1), .text("dup")]])
            }
        }
        let count = try database.withConnection { try $0.queryFirst("SELECT COUNT(*) AS n FROM batch_t", [])!.int("n") }
        #expect(count == 50, "the failed batch left nothing behind")
        #expect(throws: (any Error).self) {
            try database.transaction { c in try c.executeBatch("INSERT INTO batch_t (k, v) VALUES ($1, $2)", rows: [[.int(7)]]) }
        }
    }
}

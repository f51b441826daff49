import DriftMonitor
import Foundation
import MLOpsStore
import MLOpsTestSupport
import Testing

@testable import PredictionServer

@Suite(.serialized) struct FeedbackAndLogTests {
    func count(_ f: ServerFixture, _ table: String) throws -> Int {
        try f.database.withConnection { try $0.queryFirst("SELECT COUNT(*) AS n FROM \(table)", [])!.int("n") }
    }

    @Test(arguments: TestBackend.available)
    func predictionsAreLoggedFeedbackJoinsThemAndDriftIsCounted(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        var ids: [String] = []
        for i in 0..<20 {
            let r = try await LoopbackHTTP.fetch(
                port: port, "POST", "/api/v1/models/ctr/predict",
                body: "{\"unit_id\": \"u\(i)\", \"rows\": [[\(i), 1, 2, 3], [0, \(i), 1, 1]]}")
            ids.append(try #require((r.json as? [String: Any])?["request_id"] as? String))
        }
        // Feedback may arrive before the log is flushed.
        let one = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/feedback", body: "{\"request_id\": \"\(ids[0])\", \"label\": 1}")
        #expect(one.status == 200, "\(one.body)")
        let batch =
            "{\"feedback\": [" + ids.dropFirst().map { "{\"request_id\": \"\($0)\", \"row_index\": 1, \"label\": 0}" }.joined(separator: ",") + "]}"
        #expect((try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/feedback", body: batch).json as? [String: Any])?["accepted"] as? Int == 19)
        let unknown = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/feedback", body: "{\"request_id\": \"nope\", \"label\": 1}")
        #expect(unknown.status == 404 && unknown.body.contains("unknown request_id nope"))
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/feedback", body: "{\"request_id\": \"\(ids[0])\"}").status == 400)
        // A second label for the same row replaces the first (on PostgreSQL the time column is in
        // the key of the day-partitioned table, so this is not an upsert there).
        let relabel = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/feedback", body: "{\"request_id\": \"\(ids[0])\", \"label\": 0}")
        #expect(relabel.status == 200, "\(relabel.body)")

        await f.stop()  // the graceful shutdown flushes the log and the drift counts
        #expect(try count(f, "predictions") == 40)
        #expect(try count(f, "feedback") == 20)
        let joined = try f.database.withConnection {
            try $0.queryFirst(
                "SELECT COUNT(*) AS n FROM predictions p JOIN feedback b ON b.request_id = p.request_id AND b.row_index = p.row_index", [])!.int("n")
        }
        #expect(joined == 20)
        let relabelled = try f.database.withConnection {
            try $0.query("SELECT label FROM feedback WHERE request_id = $1", [.text(ids[0])]).map { try $0.double("label") }
        }
        #expect(relabelled == [0], "one row, with the latest label")
        let profile = try #require(f.server.servedModels.first?.champion.drift?.counter.profile)
        let stored = try DriftCountStore(database: f.database).total(model: "ctr", version: 1, from: 0, to: Int64.max / 2, profile: profile)
        #expect(stored.rows == 40 && stored.score?.total == 40)
    }

    @Test(arguments: TestBackend.available)
    func aStoreOutageKeepsServingAndLosesNoLogRecord(backend: TestBackend) async throws {
        let f = try ServerFixture(backend, configuration: ServerConfiguration(port: 0, pollSeconds: 0.2, logFlushSeconds: 0.2))
        let port = try await f.start()
        _ = try f.database.withConnection { try $0.execute("ALTER TABLE predictions RENAME TO predictions_away", []) }
        for _ in 0..<10 {
            let r = try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[1, 2, 3, 4]]}")
            #expect(r.status == 200)
        }
        try await Task.sleep(for: .milliseconds(600))  // flushes fail meanwhile
        #expect(f.server.log.counts.pending == 10)
        let metrics = try await LoopbackHTTP.fetch(port: port, "GET", "/metrics")
        #expect(!metrics.body.contains("mlops_store_failures_total 0"), "failed flushes are counted")
        _ = try f.database.withConnection { try $0.execute("ALTER TABLE predictions_away RENAME TO predictions", []) }
        // Written once the store is back (polled: CI machines are slow).
        var written = 0
        for _ in 0..<50 where written < 10 {
            try await Task.sleep(for: .milliseconds(100))
            written = try count(f, "predictions")
        }
        #expect(written == 10)
        #expect(f.server.log.counts.pending == 0)
        await f.stop()
    }

    @Test func aFullBufferDropsAndCountsWhatDoesNotFit() throws {
        let database = try TestBackend.sqlite.makeDatabase()
        let log = PredictionLog(database: database, capacity: 3, logger: .init(label: "t"))
        let record = PredictionRecord(
            requestID: "r", rowIndex: 0, arm: "champion", model: "ctr", version: 1, unitID: nil,
            score: 0.5, latencyMicroseconds: 1, createdAt: 0)
        #expect(log.append([record, record]) == 0)
        #expect(log.append([record, record]) == 1)
        #expect(log.counts.pending == 3 && log.counts.dropped == 1)
    }
}

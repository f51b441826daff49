import Foundation
import MLOpsStore
import MLOpsTestSupport
import MLOpsTime
import PerformanceMonitor
import Testing

@testable import PredictionServer

/// Served predictions and their feedback, folded, reported over HTTP: the counts are the
/// traffic's, log loss equals the exact one over the joined rows, and bad queries are 400s.
@Suite(.serialized) struct PerformanceRouteTests {
    @Test(arguments: TestBackend.available)
    func servedTrafficAndFeedbackAreReported(backend: TestBackend) async throws {
        let f = try ServerFixture(backend)
        let port = try await f.start()
        var ids: [String] = []
        for i in 0..<30 {
            let r = try await LoopbackHTTP.fetch(
                port: port, "POST", "/api/v1/models/ctr/predict", body: "{\"rows\": [[\(i), 1, 2, 3], [0, \(i), 1, 1]]}")
            ids.append(try #require((r.json as? [String: Any])?["request_id"] as? String))
        }
        let feedback =
            "{\"feedback\": ["
            + ids.enumerated().map { "{\"request_id\": \"\($1)\", \"row_index\": 0, \"label\": \($0 % 3 == 0 ? 1 : 0)}" }.joined(separator: ",")
            + "]}"
        #expect(try await LoopbackHTTP.fetch(port: port, "POST", "/api/v1/feedback", body: feedback).status == 200)
        await f.stop()  // flushes the prediction log

        let folded = try PerformanceAggregator(database: f.database, lagMilliseconds: 0).fold(now: Clock.nowMilliseconds() + 1)
        #expect(folded.predictions == 60 && folded.labels == 30)
        let exact = try f.database.withConnection { c in
            try c.query(
                "SELECT p.score, b.label FROM predictions p JOIN feedback b ON b.request_id = p.request_id AND b.row_index = p.row_index", []
            ).map { (try $0.double("score"), try $0.double("label")) }
        }
        let exactLogLoss = exact.map { WindowCounts.logLoss($0.0, label: $0.1) }.reduce(0, +) / Double(exact.count)

        let again = try ServerFixture(backend, database: f.database, artifactRoot: f.artifactRoot, seed: false)
        let port2 = try await again.start()
        let answer = try await LoopbackHTTP.fetch(port: port2, "GET", "/api/v1/models/ctr/performance?since=1h&by_window=true")
        #expect(answer.status == 200, "\(answer.body)")
        let body = try #require(answer.json as? [String: Any])
        let series = try #require(body["series"] as? [[String: Any]])
        #expect(series.count == 1)
        let totals = try #require(series.first?["totals"] as? [String: Any])
        #expect(totals["rows"] as? Int == 60 && totals["labelled"] as? Int == 30)
        #expect(abs((totals["log_loss"] as? Double ?? .nan) - exactLogLoss) < 1e-9)
        #expect((series.first?["windows"] as? [[String: Any]])?.isEmpty == false)
        #expect(body["folded_until"] is String)

        let version = try await LoopbackHTTP.fetch(port: port2, "GET", "/api/v1/models/ctr/performance?version=2")
        #expect(version.status == 200 && ((version.json as? [String: Any])?["series"] as? [Any])?.isEmpty == true, "version 2 served nothing")
        for bad in ["since=soon", "version=two", "by_window=maybe", "since=now&until=1h"] {
            let refused = try await LoopbackHTTP.fetch(port: port2, "GET", "/api/v1/models/ctr/performance?\(bad)")
            #expect(refused.status == 400, "\(bad): \(refused.status) \(refused.body)")
        }
        #expect(try await LoopbackHTTP.fetch(port: port2, "GET", "/api/v1/models/nope/performance").status == 404)

        // The dashboard's page shows the same numbers, and the model page links to it.
        let page = try await LoopbackHTTP.fetch(port: port2, "GET", "/ui/models/ctr/performance?since=24h")
        #expect(page.status == 200 && page.body.contains("Performance of ctr"), "\(page.status)")
        #expect(page.body.contains("30 / 60 (50.0%)"), "labelled rows, rows and coverage")
        #expect(page.body.contains(String(format: "%.4f", exactLogLoss)), "the log loss, as the API gives it")
        #expect(page.body.contains("<svg"), "log loss per hour")
        let modelPage = try await LoopbackHTTP.fetch(port: port2, "GET", "/ui/models/ctr")
        #expect(modelPage.body.contains("href=\"/ui/models/ctr/performance\""))
        await again.stop()
    }
}

import Foundation
import Hummingbird
import MLOpsStore

/// `POST /api/v1/models/{name}/predict`: decodes and checks the rows, scores them in memory
/// with the arm the router picks, counts them into the live drift counts and the prediction
/// log (neither waits on the store), and answers
/// `{"request_id", "model", "version", "arm", "predictions": […]}`.
struct PredictRoutes {
    let table: ModelTable
    let log: PredictionLog
    let recent: RecentPredictions
    let metrics: ServerMetrics
    let configuration: ServerConfiguration

    func register(on router: Router<BasicRequestContext>) {
        router.post("/api/v1/models/{name}/predict") { request, context in
            let started = ContinuousClock.now
            do {
                let name = try context.parameters.require("name")
                let body = try await JSONBody.decode(PredictRequest.self, from: request, limit: configuration.maxBodyBytes)
                guard let served = table.model(name) else {
                    throw APIError.notFound("model '\(name)' is not served: it does not exist or has no champion")
                }
                let answer = try predict(served, body)
                let elapsed = ContinuousClock.now - started
                record(answer, unitID: body.unitID, elapsed: elapsed)
                metrics.observeLatency(route: "predict", elapsed)
                return JSONBody.response(data: answer.json)
            } catch {
                let api = APIError.from(error)
                metrics.countError(route: "predict", status: Int(api.status.code))
                return api.response
            }
        }
    }

    struct Answer {
        let requestID: String
        let version: ServedVersion
        let arm: String
        let scores: [Float]

        /// The response, written by hand: this is the hot path.
        var json: Data {
            var text = "{\"request_id\":\"\(requestID)\",\"model\":\(JSONText.quoted(version.model)),\"version\":\(version.version),\"arm\":\"\(arm)\",\"predictions\":["
            for (i, score) in scores.enumerated() {
                if i > 0 { text += "," }
                text += score.isFinite ? "\(score)" : "null"
            }
            text += "]}"
            return Data(text.utf8)
        }
    }

    func predict(_ served: ServedModel, _ body: PredictRequest) throws -> Answer {
        let version = served.champion
        let (values, rows) = try body.matrix(featureNames: version.featureNames, maxRows: configuration.maxRowsPerRequest)
        let scores = version.predict(rows: values, count: rows)
        return Answer(requestID: RequestID.make(), version: version, arm: "champion", scores: scores)
    }

    func record(_ answer: Answer, unitID: String?, elapsed: Duration) {
        let now = Clock.nowMilliseconds()
        let micros = elapsed.nanoseconds / 1000
        let records = answer.scores.enumerated().map { i, score in
            PredictionRecord(requestID: answer.requestID, rowIndex: i, arm: answer.arm, model: answer.version.model,
                             version: answer.version.version, unitID: unitID, score: Double(score),
                             latencyMicroseconds: micros, createdAt: now)
        }
        let dropped = log.append(records)
        if dropped > 0 { metrics.droppedLogRecords.increment(by: Int64(dropped)) }
        recent.remember(answer.requestID, .init(model: answer.version.model, version: answer.version.version,
                                                arm: answer.arm, scores: answer.scores))
        metrics.countPredictions(model: answer.version.model, version: answer.version.version, arm: answer.arm, rows: answer.scores.count)
    }
}

/// Request ids: 128 random bits as 32 hex digits.
enum RequestID {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        return hex(high) + hex(low)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// JSON string literals for hand-written responses.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

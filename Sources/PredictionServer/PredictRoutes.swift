import CanaryRollout
import Foundation
import HTTPAccess
import Hummingbird
import MLOpsLogging
import MLOpsStore
import MLOpsTime
import Synchronization

/// `POST /api/v1/models/{name}/predict`: decodes and checks the rows, scores them in memory
/// with the arm the router picks, counts them into the live drift counts and the prediction
/// log (neither waits on the store), and answers
/// `{"request_id", "model", "version", "arm", "predictions": […]}`.
struct PredictRoutes {
    let table: ModelTable
    let log: PredictionLog
    let recent: RecentPredictions
    let metrics: ServerMetrics
    let recorder: RolloutRecorder
    let configuration: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        routes.post("/api/v1/models/{name}/predict", access: .prediction) { request, context in
            let started = ContinuousClock.now
            do {
                let name = try context.parameters.require("name")
                let body = try await JSONBody.decode(PredictRequest.self, from: request, limit: configuration.maxBodyBytes)
                let answer = try await serveAny(model: name, body, started: started)
                // The prediction's id is the response's, as on the fast path (the feedback key).
                var response = JSONBody.response(data: Data(answer.json.utf8))
                response.headers[AccessLogMiddleware.requestIDField] = answer.requestID
                return response
            } catch {
                let api = APIError.from(error)
                metrics.countError(route: "predict", status: Int(api.status.code))
                return api.response
            }
        }
    }

    /// Scores `body` with model `name`, records the prediction and its latency: the route's work
    /// once the body is decoded, shared with the event-loop fast path (`FastPredictHandler`).
    /// Nothing is recorded when it throws.
    /// A model with an external arm is refused (`needsUpstream`): the async `serveAny` answers it.
    func serve(model name: String, _ body: PredictRequest, started: ContinuousClock.Instant) throws -> Answer {
        let served = try servedModel(name)
        guard !served.hasExternalArm else { throw APIError.needsUpstream }
        return finish(try predict(served, body), unitID: body.unitID, started: started)
    }

    /// `serve` for every model, external arms included (the router's route).
    func serveAny(model name: String, _ body: PredictRequest, started: ContinuousClock.Instant) async throws -> Answer {
        let served = try servedModel(name)
        guard served.hasExternalArm else { return try serve(model: name, body, started: started) }
        let champion = served.champion
        let rows = try body.matrix(
            featureNames: champion.featureNames, categorical: champion.categoricalPositions, maxRows: configuration.maxRowsPerRequest)
        return finish(try await predictAny(served, rows: rows, unitID: body.unitID), unitID: body.unitID, started: started)
    }

    func servedModel(_ name: String) throws(APIError) -> ServedModel {
        guard let served = table.model(name) else {
            throw APIError.notFound("model '\(name)' is not served: it does not exist or has no champion")
        }
        return served
    }

    private func finish(_ answer: Answer, unitID: String?, started: ContinuousClock.Instant) -> Answer {
        let elapsed = ContinuousClock.now - started
        record(answer, unitID: unitID, elapsed: elapsed)
        metrics.observeLatency(route: "predict", elapsed)
        return answer
    }

    struct Answer {
        let requestID: String
        let version: ServedVersion
        let arm: String
        let scores: [Float]
        var rolloutID: String? = nil
        var step = 0
        var shadowArm: String? = nil
        var shadowScores: [Float] = []

        /// The response, written by hand: this is the hot path.
        var json: String {
            var text =
                "{\"request_id\":\"\(requestID)\",\"model\":\(JSONText.quoted(version.model)),\"version\":\(version.version),\"arm\":\"\(arm)\",\"predictions\":["
            for (i, score) in scores.enumerated() {
                if i > 0 { text += "," }
                text += score.isFinite ? "\(score)" : "null"
            }
            text += "]}"
            return text
        }
    }

    /// Scores with the arm the rollout routes to (sticky by unit id); a challenger that fails
    /// (no finite score) never fails the request: the champion answers and the error counts
    /// against the challenger. A shadow arm is scored too but never answers.
    func predict(_ served: ServedModel, _ body: PredictRequest) throws -> Answer {
        let champion = served.champion
        let rows = try body.matrix(
            featureNames: champion.featureNames, categorical: champion.categoricalPositions, maxRows: configuration.maxRowsPerRequest)
        return predict(served, rows: rows, unitID: body.unitID)
    }

    /// Scores rows laid out for the champion (`/api/v1` and the v2 protocol's infer alike).
    func predict(_ served: ServedModel, rows: RequestRows, unitID: String?) -> Answer {
        let champion = served.champion
        guard let rollout = served.rollout, let challenger = served.challenger else {
            return Answer(requestID: RequestID.make(), version: champion, arm: "champion", scores: champion.predict(rows))
        }
        guard challenger.featureNames == champion.featureNames else {
            // The arms read different columns: rows were laid out for the champion only.
            recorder.recordError(rollout.id, step: rollout.state.stepIndex, arm: .challenger)
            return Answer(requestID: RequestID.make(), version: champion, arm: "champion", scores: champion.predict(rows))
        }
        var generator = SystemRandomNumberGenerator()
        let route = rollout.state.route(plan: rollout.plan, unitID: unitID, using: &generator)
        let step = rollout.state.stepIndex
        func score(_ arm: Arm) -> [Float]? {
            let version = served.version(arm)
            let started = ContinuousClock.now
            let scores = version.predict(rows)
            guard scores.allSatisfy(\.isFinite) else {
                recorder.recordError(rollout.id, step: step, arm: arm)
                return nil
            }
            let seconds = Double((ContinuousClock.now - started).nanoseconds) / 1e9
            recorder.recordPrediction(
                rollout.id, step: step, arm: arm, latencySeconds: seconds, scores: scores,
                scoreProfile: version.scoreProfile)
            return scores
        }
        var arm = route.answering
        var scores = score(arm)
        if scores == nil && arm == .challenger {
            arm = .champion
            scores = score(.champion)
        }
        var answer = Answer(
            requestID: RequestID.make(), version: served.version(arm), arm: arm.rawValue,
            scores: scores ?? champion.predict(rows))
        answer.rolloutID = rollout.id
        answer.step = step
        if let shadow = route.shadow, shadow != arm, let shadowScores = score(shadow) {
            answer.shadowArm = shadow.rawValue
            answer.shadowScores = shadowScores
        }
        return answer
    }

    func record(_ answer: Answer, unitID: String?, elapsed: Duration) {
        let now = Clock.nowMilliseconds()
        let micros = elapsed.nanoseconds / 1000
        let records = answer.scores.enumerated().map { i, score in
            PredictionRecord(
                requestID: answer.requestID, rowIndex: i, arm: answer.arm, model: answer.version.model,
                version: answer.version.version, unitID: unitID, score: Double(score),
                latencyMicroseconds: micros, createdAt: now)
        }
        let dropped = log.append(records)
        if dropped > 0 { metrics.droppedLogRecords.increment(by: Int64(dropped)) }
        recent.remember(
            answer.requestID,
            .init(
                model: answer.version.model, version: answer.version.version,
                arm: answer.arm, scores: answer.scores, rolloutID: answer.rolloutID,
                step: answer.step, shadowArm: answer.shadowArm, shadowScores: answer.shadowScores))
        metrics.countPredictions(model: answer.version.model, version: answer.version.version, arm: answer.arm, rows: answer.scores.count)
    }
}

/// Request ids: 32 hex digits. The first half grows with time within a process (the start time
/// in ms, shifted, plus a counter), so the log's index on request ids is appended to rather than
/// written all over; the second half mixes the counter with a per-process random key, so ids
/// are unique across replicas and unguessable. No system call per request.
enum RequestID {
    private static let key: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let start = UInt64(max(0, Clock.nowMilliseconds())) << 16
    private static let counter = Atomic<UInt64>(0)

    static func make() -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).oldValue
        return hex(start &+ n) + hex(mix(n ^ key))
    }

    /// SplitMix64's finalizer: a bijection, so distinct counters give distinct ids.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

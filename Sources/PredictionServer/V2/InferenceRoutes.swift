import Foundation
import HTTPAccess
import HTTPTypes
import Hummingbird
import MLOpsStore
import NIOCore

/// The Open Inference Protocol v2 over REST (KServe's "v2", spoken by Triton, Seldon MLServer
/// and their clients such as `tritonclient`): health (open), server and model metadata (reads),
/// readiness per model (open), and inference (a prediction). Inference without a version goes
/// through the canary router exactly as `/api/v1/…/predict` does (arm by `parameters.unit_id`
/// or the `X-Unit-Id` header, prediction log, live drift); with a version, that version answers
/// (logged under its arm when it is the champion or challenger being served; another version
/// answers without being logged, so its answer carries no request id). Errors are
/// `{"error": "…"}`.
struct InferenceRoutes {
    let predict: PredictRoutes
    let sync: ModelSync
    let health: HealthRoutes
    let metrics: ServerMetrics
    let configuration: ServerConfiguration

    func register(on routes: RouteRegistrar) {
        routes.get("/v2/health/live", access: .open) { _, _ in Response(status: .ok) }
        routes.get("/v2/health/ready", access: .open) { _, _ in
            let reasons = health.check().reasons
            return reasons.isEmpty ? Response(status: .ok) : InferenceCodec.error(.unavailable("not ready: " + reasons.joined(separator: "; ")))
        }
        routes.get("/v2", access: .read) { _, _ in
            JSONBody.response(ServerMetadata(name: "mlops", version: ServerMetadata.currentVersion, extensions: ["binary_tensor_data"]))
        }
        routes.get("/v2/models/{name}", access: .read) { _, context in
            await answer(route: "v2_metadata") {
                let served = try served(try context.parameters.require("name"))
                return JSONBody.response(InferenceCodec.metadata(served.champion, versions: versions(served)))
            }
        }
        routes.get("/v2/models/{name}/versions/{version}", access: .read) { _, context in
            await answer(route: "v2_metadata") {
                let version = try await self.version(context)
                return JSONBody.response(InferenceCodec.metadata(version, versions: [version.version]))
            }
        }
        routes.get("/v2/models/{name}/ready", access: .open) { _, context in
            await answer(route: "v2_ready") {
                _ = try served(try context.parameters.require("name"))
                return Response(status: .ok)
            }
        }
        routes.get("/v2/models/{name}/versions/{version}/ready", access: .open) { _, context in
            await answer(route: "v2_ready") {
                _ = try await self.version(context)
                return Response(status: .ok)
            }
        }
        routes.post("/v2/models/{name}/infer", access: .prediction) { request, context in
            await answer(route: "v2_infer") { try await infer(request, context, pinned: false) }
        }
        routes.post("/v2/models/{name}/versions/{version}/infer", access: .prediction) { request, context in
            await answer(route: "v2_infer") { try await infer(request, context, pinned: true) }
        }
    }

    struct ServerMetadata: Encodable {
        static let currentVersion = "2"
        let name: String
        let version: String
        let extensions: [String]
    }

    func served(_ name: String) throws(APIError) -> ServedModel {
        guard let served = predict.table.model(name) else {
            throw .notFound("model '\(name)' is not served: it does not exist or has no champion")
        }
        return served
    }

    func versions(_ served: ServedModel) -> [Int] {
        [served.champion.version] + (served.challenger.map { [$0.version] } ?? [])
    }

    /// The version named in the path: the served champion or challenger, or loaded now (kept in
    /// a small cache).
    func version(_ context: BasicRequestContext) async throws -> ServedVersion {
        let name = try context.parameters.require("name")
        let text = try context.parameters.require("version")
        let number = try APIError.versionNumber(text)
        if let served = predict.table.model(name),
            let loaded = [served.champion, served.challenger].compactMap({ $0 }).first(where: { $0.version == number })
        {
            return loaded
        }
        return try await Blocking.run { try sync.pinnedVersion(name, number) }
    }

    func infer(_ request: Request, _ context: BasicRequestContext, pinned: Bool) async throws -> Response {
        let started = ContinuousClock.now
        let name = try context.parameters.require("name")
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch {
            throw APIError.tooLarge("the request body is larger than \(configuration.maxBodyBytes) bytes")
        }
        let headerLength = try request.headers[HTTPField.Name("Inference-Header-Content-Length")!].map { text throws(APIError) -> Int in
            guard let value = Int(text), value >= 0 else { throw .badRequest("Inference-Header-Content-Length '\(text)' is not a byte count") }
            return value
        }
        let inference = try InferenceRequest(body: Array(buffer: body), headerLength: headerLength)
        let unitID = inference.unitID ?? request.headers[HTTPField.Name("X-Unit-Id")!]
        if pinned {
            let version = try await self.version(context)
            let rows = try InferenceCodec.rows(inference, for: version, maxRows: configuration.maxRowsPerRequest)
            let scores = try await PredictRoutes.scores(version, rows)
            guard scores.allSatisfy(\.isFinite) else { throw APIError.badRequest("\(version.reference) could not score these rows") }
            metrics.observeLatency(route: "v2_infer", ContinuousClock.now - started)
            if let served = predict.table.model(name),
                let arm = served.champion === version ? "champion" : served.challenger === version ? "challenger" : nil
            {
                let answer = PredictRoutes.Answer(requestID: RequestID.make(), version: version, arm: arm, scores: scores)
                predict.record(answer, unitID: unitID, elapsed: ContinuousClock.now - started)
                return InferenceCodec.response(
                    model: name, version: version.version, clientID: inference.id, requestID: answer.requestID, arm: arm, scores: scores,
                    binary: inference.binaryOutput)
            }
            return InferenceCodec.response(
                model: name, version: version.version, clientID: inference.id, requestID: nil, arm: nil, scores: scores,
                binary: inference.binaryOutput)
        }
        let served = try served(name)
        let rows = try InferenceCodec.rows(inference, for: served.champion, maxRows: configuration.maxRowsPerRequest)
        let answer = try await predict.predictAny(served, rows: rows, unitID: unitID)
        let (headers, buffer) = finish(answer, inference, model: name, unitID: unitID, started: started)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// Inference without a version, answered now (the predict fast path): the same parsing,
    /// routing, log and metrics as the route; a model with an external arm is refused
    /// (`needsUpstream`), as is anything that fails, and the route answers it.
    func inferNow(model name: String, body: [UInt8], headerLength: Int?, unitIDHeader: String?, started: ContinuousClock.Instant) throws
        -> (headers: HTTPFields, body: ByteBuffer)
    {
        let inference = try InferenceRequest(body: body, headerLength: headerLength)
        let served = try served(name)
        guard !served.hasExternalArm else { throw APIError.needsUpstream }
        let unitID = inference.unitID ?? unitIDHeader
        let rows = try InferenceCodec.rows(inference, for: served.champion, maxRows: configuration.maxRowsPerRequest)
        return finish(predict.predict(served, rows: rows, unitID: unitID), inference, model: name, unitID: unitID, started: started)
    }

    /// Logs and counts an answer and encodes it.
    private func finish(
        _ answer: PredictRoutes.Answer, _ inference: InferenceRequest, model name: String, unitID: String?, started: ContinuousClock.Instant
    ) -> (headers: HTTPFields, body: ByteBuffer) {
        let elapsed = ContinuousClock.now - started
        predict.record(answer, unitID: unitID, elapsed: elapsed)
        metrics.observeLatency(route: "v2_infer", elapsed)
        return InferenceCodec.encoded(
            model: name, version: answer.version.version, clientID: inference.id, requestID: answer.requestID, arm: answer.arm,
            scores: answer.scores, binary: inference.binaryOutput)
    }

    /// Runs a handler, answering errors in the protocol's shape.
    func answer(route: String, _ body: () async throws -> Response) async -> Response {
        do { return try await body() } catch {
            let api = APIError.from(error)
            metrics.countError(route: route, status: Int(api.status.code))
            return InferenceCodec.error(api)
        }
    }
}

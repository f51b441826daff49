import HTTPAccess
import Hummingbird
import MLOpsTime

/// `/healthz` (the process answers), `/readyz` (the store answered the last sync and the
/// models are loaded) and `/metrics` (Prometheus text).
struct HealthRoutes {
    let sync: ModelSync
    let metrics: ServerMetrics
    let log: PredictionLog
    let pollSeconds: Double

    func register(on routes: RouteRegistrar) {
        routes.get("/healthz", access: .open) { _, _ in JSONBody.response(["status": "ok"]) }
        routes.get("/readyz", access: .open) { _, _ in readiness() }
        routes.get("/metrics", access: .open) { _, _ in
            let counts = log.counts
            metrics.setGauge("prediction_log_pending", labels: [], help: "Prediction-log records waiting for the store.", Double(counts.pending))
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
    }

    struct Readiness: Encodable {
        let ready: Bool
        let storeReachable: Bool
        let modelsLoaded: Int
        let reasons: [String]

        enum CodingKeys: String, CodingKey {
            case ready
            case storeReachable = "store_reachable"
            case modelsLoaded = "models_loaded"
            case reasons
        }
    }

    func readiness() -> Response {
        let (fresh, reasons) = check()
        let ready = reasons.isEmpty
        return JSONBody.response(
            Readiness(ready: ready, storeReachable: fresh, modelsLoaded: sync.table.all.count, reasons: reasons),
            status: ready ? .ok : .serviceUnavailable)
    }

    /// Whether the store answered recently, and why the server is not ready (empty: ready).
    /// `/readyz` and the v2 protocol's `/v2/health/ready` both ask this.
    func check() -> (storeReachable: Bool, reasons: [String]) {
        let status = sync.snapshot
        var reasons: [String] = []
        let fresh = status.lastSuccess.map { ContinuousClock.now - $0 < .seconds(max(3, pollSeconds * 3)) } ?? false
        if !status.loadedOnce { reasons.append("models not loaded yet") }
        if !fresh { reasons.append("the store did not answer recently" + (status.lastError.map { ": \($0)" } ?? "")) }
        return (fresh, reasons)
    }
}

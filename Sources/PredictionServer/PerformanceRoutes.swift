import Foundation
import HTTPAccess
import Hummingbird
import MLOpsStore
import MLOpsTime
import ModelRegistry
import PerformanceMonitor

/// `GET /api/v1/models/{name}/performance?since=7d&until=now&version=3|alias=champion&by_window=true`:
/// the realized performance report (`PerformanceReport`, the same as `mlops performance report
/// --json`): per version and arm, log loss, AUC with its histogram error bound, calibration,
/// label coverage and the label-free estimates, against each version's holdout baseline.
struct PerformanceRoutes {
    let registry: Registry
    let metrics: ServerMetrics

    func register(on routes: RouteRegistrar) {
        routes.get("/api/v1/models/{name}/performance", access: .read) { request, context in
            do {
                let name = try context.parameters.require("name")
                let query = request.uri.queryParameters
                let now = Clock.nowMilliseconds()
                let from = try DriftRoutes.instant(query["since"].map(String.init) ?? "7d", now: now, name: "since")
                let to = try DriftRoutes.instant(query["until"].map(String.init) ?? "now", now: now, name: "until") + 1
                guard from < to else { throw APIError.badRequest("since must be before until") }
                var reference = name
                if let version = query["version"].map(String.init) {
                    reference += "/\(try APIError.versionNumber(version))"
                } else if let alias = query["alias"].map(String.init) {
                    reference += "@" + alias
                }
                let byWindow = try Self.flag(query["by_window"].map(String.init), name: "by_window")
                let selected = reference
                let report = try await Blocking.run {
                    try PerformanceReport.build(registry: registry, reference: selected, from: from, to: to, byWindow: byWindow)
                }
                return JSONBody.response(report)
            } catch {
                let api = APIError.from(error)
                metrics.countError(route: "performance", status: Int(api.status.code))
                return api.response
            }
        }
    }

    static func flag(_ text: String?, name: String) throws(APIError) -> Bool {
        switch text {
        case nil, "false", "0": false
        case "true", "1", "": true
        case let other?: throw .badRequest("\(name)=\(other) is not true or false")
        }
    }
}

import DriftMetrics
import DriftMonitor
import Foundation
import HTTPAccess
import Hummingbird
import MLOpsStore
import MLOpsTime
import ModelRegistry
import ModelRuntime

/// `GET /api/v1/models/{name}/drift?since=7d&until=now&version=3&moderate=0.1&significant=0.25`:
/// the live drift report of the served champion (or a version) over the windows overlapping the
/// range, after flushing this replica's own counts, judged by the model's thresholds
/// (`LiveDriftService`: explicit values, else its tags, else 0.1 / 0.25). Durations: 90s, 30m,
/// 24h, 7d; instants: Unix ms.
struct DriftRoutes {
    let registry: Registry
    let table: ModelTable
    let service: LiveDriftService
    let metrics: ServerMetrics

    func register(on routes: RouteRegistrar) {
        routes.get("/api/v1/models/{name}/drift", access: .read) { request, context in
            do {
                let name = try context.parameters.require("name")
                let now = Clock.nowMilliseconds()
                let from = try Self.instant(request.uri.queryParameters["since"].map(String.init) ?? "7d", now: now, name: "since")
                let to = try Self.instant(request.uri.queryParameters["until"].map(String.init) ?? "now", now: now, name: "until") + 1
                let requested = try request.uri.queryParameters["version"].map { text throws(APIError) in
                    String(try APIError.versionNumber(String(text)))
                }
                let moderate = try Self.threshold(request, "moderate")
                let significant = try Self.threshold(request, "significant")
                let served = table.model(name)
                let report = try await Blocking.run { () throws -> DriftReport in
                    let version: ServedVersion? = served.flatMap { s in
                        [s.champion, s.challenger].compactMap { $0 }.first { requested == nil ? $0 === s.champion : String($0.version) == requested }
                    }
                    try version?.drift?.flush()
                    let number = try version?.version ?? requested.flatMap(Int.init) ?? registry.resolve("\(name)@champion").version
                    guard
                        let profile = try version?.drift?.counter.profile
                            ?? ModelLoader.load("\(name)/\(number)", registry: { registry }).profile
                    else {
                        throw APIError.notFound("\(name)/\(number) has no drift profile")
                    }
                    guard
                        let summary = try service.report(
                            model: name, version: number, profile: profile, from: from, to: to,
                            moderate: moderate, significant: significant)
                    else {
                        throw APIError.notFound("no live drift counts for \(name)/\(number) in that range")
                    }
                    return summary.report
                }
                for feature in report.features {
                    metrics.setGauge(
                        "drift_psi", labels: [("model", name), ("feature", feature.name)],
                        help: "PSI of a feature over the last drift report requested.", feature.psi)
                }
                return JSONBody.response(report)
            } catch {
                let api = APIError.from(error)
                metrics.countError(route: "drift", status: Int(api.status.code))
                return api.response
            }
        }
    }

    static func threshold(_ request: Request, _ name: String) throws(APIError) -> Double? {
        guard let text = request.uri.queryParameters[Substring(name)].map(String.init) else { return nil }
        guard let value = Double(text), value > 0, value.isFinite else { throw .badRequest("\(name)=\(text) is not a positive number") }
        return value
    }

    /// An instant from a query parameter, within years 0–9999 (so the routes' `+ 1` and window
    /// arithmetic cannot overflow).
    static func instant(_ text: String, now: Int64, name: String) throws(APIError) -> Int64 {
        guard let instant = InstantText.parse(text, now: now) else { throw .badRequest("\(name)=\(text) is not a time: use \(InstantText.examples)") }
        guard (-62_167_219_200_000...253_402_300_799_999).contains(instant) else {
            throw .badRequest("\(name)=\(text) is out of range (years 0 to 9999)")
        }
        return instant
    }
}

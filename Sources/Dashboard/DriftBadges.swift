import DriftMetrics
import DriftMonitor
import HTMLViews
import MLOpsStore
import MLOpsTime
import Synchronization

/// The models page's drift badge of each champion: its live counts over the last 24 hours against
/// its profile, judged by the worst feature's PSI. A page never waits for a badge it has seen:
/// a badge older than 30 seconds (counts reach the store once a minute) is shown while one
/// background refresh per version recomputes it. Only a version never seen is computed in the
/// request, and `warm` computes every champion's when the server starts.
final class DriftBadges: Sendable {
    struct Entry: Sendable {
        var badge: Badge
        var title: String
        var computedAt: Int64
    }

    static let rangeMilliseconds: Int64 = 24 * 3_600_000
    static let rangeLabel = "24 h"
    let lifetimeMilliseconds: Int64
    private let cache = Mutex<[String: Entry]>([:])

    init(lifetimeMilliseconds: Int64 = 30_000) {
        self.lifetimeMilliseconds = lifetimeMilliseconds
    }

    /// Versions waiting for a background refresh, and whether the one refresher runs.
    private let queue = Mutex<(pending: [(key: String, model: String, version: Int)], running: Bool)>(([], false))

    func badge(model: String, version: Int, services: DashboardServices, now: Int64) -> Entry {
        let key = "\(model)/\(version)"
        if let entry = cache.withLock({ $0[key] }) {
            if now - entry.computedAt >= lifetimeMilliseconds { refreshLater(model: model, version: version, services: services) }
            return entry
        }
        let entry = Self.compute(model: model, version: version, services: services, now: now)
        cache.withLock { $0[key] = entry }
        return entry
    }

    /// Queues a badge for recomputing off the request path. One refresher works through the
    /// queue a version at a time, so a page of aged badges costs the store one query at a time
    /// instead of fifty at once beside the page's own.
    func refreshLater(model: String, version: Int, services: DashboardServices) {
        let key = "\(model)/\(version)"
        let start = queue.withLock { state -> Bool in
            if !state.pending.contains(where: { $0.key == key }) { state.pending.append((key, model, version)) }
            if state.running { return false }
            state.running = true
            return true
        }
        guard start else { return }
        Task.detached { [self] in
            do {
                try await Blocking.run { [self] in
                    while let next = queue.withLock({ state -> (key: String, model: String, version: Int)? in
                        if state.pending.isEmpty {
                            state.running = false
                            return nil
                        }
                        return state.pending.removeFirst()
                    }) {
                        let entry = Self.compute(model: next.model, version: next.version, services: services, now: Clock.nowMilliseconds())
                        cache.withLock { $0[next.key] = entry }
                    }
                }
            } catch {
                queue.withLock { $0.running = false }
            }
        }
    }

    /// Computes every champion's badge (blocking), so the first look at the models page waits for none.
    func warm(services: DashboardServices) throws {
        for model in try services.registry.models() {
            guard let champion = model.aliases["champion"] else { continue }
            _ = badge(model: model.name, version: champion, services: services, now: Clock.nowMilliseconds())
        }
    }

    static func compute(model: String, version: Int, services: DashboardServices, now: Int64) -> Entry {
        guard let profile = services.profile(model, version) else {
            return Entry(
                badge: Badge(text: "no profile", style: "neutral"), title: "v\(version) was registered without a drift profile", computedAt: now)
        }
        do {
            guard
                let summary = try services.drift.report(model: model, version: version, profile: profile, from: now - rangeMilliseconds, to: now + 1)
            else {
                return Entry(
                    badge: Badge(text: "no traffic", style: "neutral"), title: "no live rows counted in the last \(rangeLabel)", computedAt: now)
            }
            let report = summary.report
            let worst = report.overall.worstFeature.map { " (worst: \($0))" } ?? ""
            return Entry(
                badge: verdictBadge(report.overall.verdict, psi: report.overall.maxPSI),
                title: "max PSI \(Format.fixed(report.overall.maxPSI, 3))\(worst) over \(Format.grouped(summary.rows)) rows",
                computedAt: now)
        } catch {
            return Entry(badge: Badge(text: "error", style: "bad"), title: "\(error)", computedAt: now)
        }
    }

    static func verdictBadge(_ verdict: Verdict, psi: Double? = nil) -> Badge {
        let value = psi.map { " \(Format.fixed($0, 2))" } ?? ""
        switch verdict {
        case .stable: return Badge(text: "stable" + value, style: "ok")
        case .moderate: return Badge(text: "moderate" + value, style: "warn")
        case .significant: return Badge(text: "significant" + value, style: "bad")
        }
    }
}

import DriftMetrics
import DriftMonitor
import Synchronization

/// The models page's drift badge of each champion: its live counts over the last 24 hours against
/// its profile, judged by the worst feature's PSI. Kept for 30 seconds per version (counts reach
/// the store once a minute), so a page of 50 models reads the store for at most the ones that aged.
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

    func badge(model: String, version: Int, services: DashboardServices, now: Int64) -> Entry {
        let key = "\(model)/\(version)"
        if let entry = cache.withLock({ $0[key] }), now - entry.computedAt < lifetimeMilliseconds { return entry }
        let entry = Self.compute(model: model, version: version, services: services, now: now)
        cache.withLock { $0[key] = entry }
        return entry
    }

    static func compute(model: String, version: Int, services: DashboardServices, now: Int64) -> Entry {
        guard let profile = services.profile(model, version) else {
            return Entry(badge: Badge(text: "no profile", style: "neutral"), title: "v\(version) was registered without a drift profile", computedAt: now)
        }
        do {
            let counts = try services.driftCounts.total(model: model, version: version, from: now - rangeMilliseconds, to: now + 1, profile: profile)
            guard counts.rows > 0 else {
                return Entry(badge: Badge(text: "no traffic", style: "neutral"), title: "no live rows counted in the last \(rangeLabel)", computedAt: now)
            }
            let report = try LiveDriftReport.report(profile: profile, counts: counts)
            let worst = report.overall.worstFeature.map { " (worst: \($0))" } ?? ""
            return Entry(badge: verdictBadge(report.overall.verdict, psi: report.overall.maxPSI),
                         title: "max PSI \(Format.fixed(report.overall.maxPSI, 3))\(worst) over \(Format.grouped(counts.rows)) rows",
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

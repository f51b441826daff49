import Foundation
import JobQueue
import MLOpsStore
import MLOpsTime
import ModelRegistry

/// The alarm's question for a model's champion: since it became champion, has its live log
/// loss got worse than its baseline by at least δ? Asked by the performance fold (which then
/// emits `performance.degraded`) and by pipelines with a `performance:` trigger.
public enum ChampionPerformance {
    public struct Finding: Sendable, Equatable {
        public var model: String
        public var version: Int
        /// When the version became champion (the windows looked at start there).
        public var since: Int64
        /// The log-loss baseline, or nil when the version has none (then no alarm).
        public var baseline: Double?
        public var status: PerformanceAlarm.Status?
        public var degraded: Bool { status?.state == .degraded }

        /// One line for logs and notes.
        public var summary: String {
            guard let baseline, let status else { return "\(model)/\(version): no log-loss baseline, no alarm" }
            let live = status.liveLogLoss.map { String(format: "%.4f", $0) } ?? "-"
            let interval = status.lower.map { String(format: ", live − baseline ≥ %.4f", $0) } ?? ""
            return String(
                format: "%@/%d: %@ (live log loss %@ vs baseline %.4f over %d labelled rows%@)", model, version, status.state.rawValue, live,
                baseline, status.labelled, interval)
        }
    }

    /// The champion's alarm as of `now`, or nil when the model has no champion.
    public static func check(registry: Registry, model: String, degrade: Double, now: Int64) throws -> Finding? {
        let registered = try registry.model(model)
        guard let champion = registered.aliases[WellKnownAlias.champion] else { return nil }
        let version = try registry.resolve(ModelReference(model: model, selector: .version(champion)))
        let change = try registry.lastChampionChanges()[model]
        let since = change.flatMap { $0.version == champion ? $0.at : nil } ?? version.createdAt
        let stored = try PerformanceBaselines(database: registry.database).get(model: model, version: champion)
        guard let baseline = PerformanceReport.baseline(version, stored: stored)?.logLoss else {
            return Finding(model: model, version: champion, since: since, baseline: nil, status: nil)
        }
        let hour = PerformanceAggregator.windowMilliseconds
        let windows = try PerformanceStore(database: registry.database).windows(
            model: model, version: champion, from: since - since % hour, to: now + 1, bins: false)
        var byStart: [Int64: WindowCounts] = [:]
        for window in windows { byStart[window.start, default: WindowCounts()].add(window.counts) }
        let ordered = byStart.keys.sorted().map { byStart[$0]! }
        let status = PerformanceAlarm(baseline: baseline, degrade: degrade).evaluate(ordered)
        return Finding(model: model, version: champion, since: since, baseline: baseline, status: status)
    }

    /// `performance.degraded` for a degraded finding, once per model, version and UTC day
    /// however many schedulers and folds find it (its dedupe key). True when this call wrote it.
    @discardableResult
    public static func notify(_ finding: Finding, degrade: Double, database: SQLDatabase, now: Int64) throws -> Bool {
        guard finding.degraded, let status = finding.status else { return false }
        let day = now / 86_400_000
        return try database.transaction { connection in
            try EventOutbox.append(
                type: "performance.degraded",
                data: [
                    "model": .string(finding.model), "version": .int(finding.version), "metric": "log_loss",
                    "baseline": finding.baseline.map { .double($0) } ?? .null, "live": status.liveLogLoss.map { .double($0) } ?? .null,
                    "lower_bound": status.lower.map { .double($0) } ?? .null, "degrade": .double(degrade), "labelled": .int(status.labelled),
                    "since": .string(UTCTime.iso8601(finding.since / 1000)), "reason": .string(finding.summary),
                    "link": .string(EventLinks.url("/ui/models/\(EventLinks.escape(finding.model))/performance")),
                ], dedupeKey: "performance.degraded:\(finding.model):\(finding.version):\(day)", now: now, on: connection
            ).eventID != nil
        }
    }
}

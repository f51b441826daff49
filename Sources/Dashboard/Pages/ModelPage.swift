import Foundation
import HTMLViews
import ModelRegistry

/// The model page (`/ui/models/{name}`): aliases, every version with its metrics, the newest
/// history events (older ones a page at a time), and promote / roll back links for deployers.
struct ModelPage: Sendable {
    struct AliasChip: Sendable {
        var alias: String
        var version: Int
        var style: String
    }

    struct VersionRow: Sendable {
        var version: Int
        var aliases: [AliasChip]
        var created: String
        var createdISO: String
        var createdAgo: String
        var createdBy: String
        var flavor: String
        var metrics: [String]
        var status: String
        var statusStyle: String
        var promoteHref: String?
    }

    struct HistoryRow: Sendable {
        var time: String
        var iso: String
        var kind: String
        var style: String
        var summary: String
        var actor: String
        var reason: String?
    }

    var chrome: PageChrome
    var name: String
    var description: String?
    var aliases: [AliasChip]
    var previous: Int?
    var rollbackHref: String?
    var rolloutHref: String
    var driftHref: String
    var performanceHref: String
    var canDeploy: Bool
    var signInHint: Bool
    var metricNames: [String]
    var versions: [VersionRow]
    var versionCount: Int
    var history: [HistoryRow]
    var historyNote: String
    var olderHref: String?

    static let historyPage = 100
    /// Metric columns shown at most (the most common across versions first).
    static let metricColumns = 5

    static func build(name: String, before: Int64?, services: DashboardServices, viewer: Viewer, chrome: PageChrome, now: Int64) throws -> ModelPage {
        let registry = services.registry
        let model = try registry.model(name)
        let versions = try registry.versions(model: name).sorted { $0.version > $1.version }
        let events = try registry.recentHistory(model: name, limit: historyPage + 1, before: before)
        let total = try registry.historyCount(model: name)
        let path = "/ui/models/" + Format.pathSegment(name)
        var frequency: [String: Int] = [:]
        for version in versions { for key in version.metrics.keys { frequency[key, default: 0] += 1 } }
        let metricNames = Array(frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(metricColumns).map(\.key))
        let champion = model.aliases["champion"]
        let aliasChips = model.aliases.sorted { $0.key < $1.key }.map { AliasChip(alias: $0.key, version: $0.value, style: style(alias: $0.key)) }
        let rows = versions.map { v in
            VersionRow(
                version: v.version,
                aliases: v.aliases.sorted().map { AliasChip(alias: $0, version: v.version, style: style(alias: $0)) },
                created: Format.time(v.createdAt), createdISO: Format.iso(v.createdAt), createdAgo: Format.ago(v.createdAt, now: now),
                createdBy: v.createdBy, flavor: v.flavor,
                metrics: metricNames.map { Format.metric(v.metrics[$0]) },
                status: v.status.rawValue, statusStyle: v.status == .ready ? "ok" : "neutral",
                promoteHref: viewer.canDeploy && v.status == .ready && v.version != champion ? "\(path)/promote?version=\(v.version)" : nil)
        }
        let shown = events.prefix(historyPage)
        let previous = model.aliases["previous"]
        return ModelPage(
            chrome: chrome, name: name, description: model.description.isEmpty ? nil : model.description,
            aliases: aliasChips, previous: previous,
            rollbackHref: viewer.canDeploy && previous != nil && champion != nil ? "\(path)/rollback" : nil,
            rolloutHref: path + "/rollout", driftHref: path + "/drift", performanceHref: path + "/performance",
            canDeploy: viewer.canDeploy, signInHint: !viewer.accessOff && viewer.name == nil,
            metricNames: metricNames, versions: rows, versionCount: versions.count,
            history: shown.map { historyRow($0) },
            historyNote: before == nil
                ? "newest \(shown.count) of \(Format.grouped(total))" : "\(shown.count) older events of \(Format.grouped(total))",
            olderHref: events.count > historyPage ? "\(path)?before=\(shown.last?.id ?? 0)#history" : nil)
    }

    static func style(alias: String) -> String {
        switch alias {
        case "champion": return "champion"
        case "challenger": return "challenger"
        default: return ""
        }
    }

    static func historyRow(_ e: RegistryEvent) -> HistoryRow {
        let version = e.version.map { "v\($0)" } ?? ""
        let summary: String
        let style: String
        switch e.kind {
        case .created:
            summary = "model created"
            style = "neutral"
        case .registered:
            summary = "\(version) registered"
            style = "info"
        case .aliasSet:
            summary = "alias \(e.alias ?? "?") → \(version)" + (e.fromVersion.map { " (was v\($0))" } ?? "")
            style = "neutral"
        case .aliasRemoved:
            summary = "alias \(e.alias ?? "?") removed" + (e.version.map { " (was v\($0))" } ?? "")
            style = "neutral"
        case .promoted:
            summary = "champion " + (e.fromVersion.map { "v\($0) → " } ?? "") + version
            style = "ok"
        case .rolledBack:
            summary = "champion " + (e.fromVersion.map { "v\($0) → " } ?? "") + version
            style = "bad"
        case .archived:
            summary = "\(version) archived"
            style = "neutral"
        case .deleted:
            summary = version.isEmpty ? "deleted" : "\(version) deleted"
            style = "bad"
        }
        return HistoryRow(
            time: Format.time(e.at), iso: Format.iso(e.at), kind: e.kind.rawValue.replacingOccurrences(of: "_", with: " "),
            style: style, summary: summary, actor: e.actor, reason: e.reason.flatMap { $0.isEmpty ? nil : $0 })
    }
}

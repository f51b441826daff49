import CanaryRollout
import HTMLViews
import ModelRegistry
import RolloutControl

/// The models page (`/`): every model with its champion (and headline metric), challenger and
/// canary, last promotion or rollback, and the champion's drift badge; counts at the top.
struct ModelsPage: Sendable {
    struct Row: Sendable {
        var name: String
        var href: String
        var description: String?
        var champion: Int?
        var championMetric: String?
        var challenger: Int?
        var rollout: Badge?
        var rolloutHref: String
        var lastChange: String?
        var lastChangeISO: String
        var lastChangeTime: String
        var lastChangeDetail: String
        var drift: Badge
        var driftTitle: String
        var driftHref: String
        var versions: Int
    }

    var chrome: PageChrome
    var kpis: [KPI]
    var models: [Row]
    var hasModels: Bool
    var driftRange = DriftBadges.rangeLabel

    /// Metrics shown beside a champion, the first one it has.
    static let headlineMetrics = ["auc", "holdout_auc", "log_loss", "rmse"]

    static func build(services: DashboardServices, badges: DriftBadges, chrome: PageChrome, now: Int64) throws -> ModelsPage {
        let registry = services.registry
        let models = try registry.models()
        let changes = try registry.lastChampionChanges()
        let active = Dictionary(try services.rollouts.active().map { ($0.model, $0) }, uniquingKeysWith: { a, _ in a })
        let versions = Dictionary(grouping: try registry.allVersions(), by: \.model)
        var significant = 0
        var moderate = 0
        var rows: [Row] = []
        for model in models {
            let path = "/ui/models/" + Format.pathSegment(model.name)
            let champion = model.aliases["champion"]
            let championVersion = champion.flatMap { number in versions[model.name]?.first { $0.version == number } }
            let metric = headlineMetrics.lazy.compactMap { key in championVersion?.metrics[key].map { "\(key) \(Format.metric($0))" } }.first
            var drift = Badge(text: "no champion", style: "neutral")
            var driftTitle = "nothing is served for this model"
            if let champion {
                let entry = badges.badge(model: model.name, version: champion, services: services, now: now)
                drift = entry.badge
                driftTitle = entry.title
                if entry.badge.style == "bad" { significant += 1 } else if entry.badge.style == "warn" { moderate += 1 }
            }
            let rollout = active[model.name]
            let change = changes[model.name]
            rows.append(
                Row(
                    name: model.name, href: path, description: model.description.isEmpty ? nil : model.description,
                    champion: champion, championMetric: metric,
                    challenger: rollout?.challenger ?? model.aliases["challenger"],
                    rollout: rollout.map {
                        Badge(
                            text: "\($0.state.status == .paused ? "paused" : "canary") \(Format.weight($0.state.weightPercent))",
                            style: $0.state.status == .paused ? "warn" : "info")
                    },
                    rolloutHref: path + "/rollout",
                    lastChange: change.map { Format.ago($0.at, now: now) },
                    lastChangeISO: change.map { Format.iso($0.at) } ?? "",
                    lastChangeTime: change.map { Format.time($0.at) } ?? "",
                    lastChangeDetail: change.map(Self.describe) ?? "",
                    drift: drift, driftTitle: driftTitle, driftHref: path + "/drift",
                    versions: versions[model.name]?.count ?? 0))
        }
        let served = rows.filter { $0.champion != nil }.count
        let kpis = [
            KPI(label: "Models", value: Format.grouped(models.count), note: "\(served) with a champion", style: ""),
            KPI(
                label: "Canaries", value: Format.grouped(active.count), note: active.isEmpty ? "no rollout running" : "running or paused",
                style: active.isEmpty ? "" : "warn"),
            KPI(
                label: "Significant drift", value: Format.grouped(significant), note: "\(moderate) moderate, last \(DriftBadges.rangeLabel)",
                style: significant > 0 ? "bad" : moderate > 0 ? "warn" : "ok"),
        ]
        var chrome = chrome
        chrome.refreshSeconds = 60
        return ModelsPage(chrome: chrome, kpis: kpis, models: rows, hasModels: !rows.isEmpty)
    }

    /// "v2 → v3 by ci" for a promotion or rollback.
    static func describe(_ event: RegistryEvent) -> String {
        let verb = event.kind == .rolledBack ? "rolled back" : "promoted"
        let versions = event.fromVersion.map { "v\($0) → " } ?? ""
        return "\(verb) \(versions)v\(event.version ?? 0) by \(event.actor)"
    }
}

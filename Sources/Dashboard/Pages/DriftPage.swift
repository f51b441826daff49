import DriftMetrics
import DriftMonitor
import HTMLViews

/// The drift page (`/ui/models/{name}/drift?since=24h&feature=f3&version=2`): one version's live
/// counts over a range against its profile: every feature's PSI, CSI, KL and JS (worst first),
/// reference against live bars and PSI per window for a chosen feature, and data quality.
struct DriftPage: Sendable {
    struct Link: Sendable {
        var label: String
        var href: String
        var current: Bool
    }
    struct FeatureRow: Sendable {
        var name: String, href: String, selected: Bool
        var psi: String, csi: String, kl: String, js: String
        var verdict: Badge, note: String?, rows: String
    }
    struct QualityRow: Sendable {
        var name: String, missingReference: String, missingLive: String, outOfRange: String, nonNumeric: String, other: String, newToModel: String
    }

    var chrome: PageChrome
    var model: String
    var modelHref: String
    var version: Int?
    var rangeLabel: String
    var ranges: [Link]
    var versions: [Link]
    var hasData = false
    var message = ""
    var overall = Badge(text: "", style: "")
    var kpis: [KPI] = []
    var moderate = ""
    var significant = ""
    var features: [FeatureRow] = []
    var selected = ""
    var barsChart = ""
    var seriesChart: String?
    var quality: [QualityRow] = []
    var absent: String?

    /// The ranges offered, as (label, query value, milliseconds).
    static let rangeChoices: [(label: String, value: String, milliseconds: Int64)] = [
        ("1 h", "1h", 3_600_000), ("24 h", "24h", 86_400_000), ("7 d", "7d", 7 * 86_400_000), ("30 d", "30d", 30 * 86_400_000),
    ]

    static func build(
        model name: String, since: String?, feature: String?, version requested: Int?,
        services: DashboardServices, chrome: PageChrome, now: Int64
    ) throws -> DriftPage {
        let model = try services.registry.model(name)
        let path = "/ui/models/" + Format.pathSegment(name)
        let range = rangeChoices.first { $0.value == since } ?? rangeChoices[1]
        let candidates = [("champion", model.aliases["champion"]), ("challenger", model.aliases["challenger"])]
            .compactMap { label, v in v.map { (label, $0) } }
        let version = requested ?? model.aliases["champion"] ?? model.latestVersion
        func href(since: String, version: Int?, feature: String?) -> String {
            var query = ["since=\(since)"]
            if let version, version != model.aliases["champion"] { query.append("version=\(version)") }
            if let feature { query.append("feature=" + Format.pathSegment(feature)) }
            return "\(path)/drift?" + query.joined(separator: "&")
        }
        var page = DriftPage(
            chrome: chrome, model: name, modelHref: path, version: version, rangeLabel: range.label,
            ranges: rangeChoices.map {
                Link(label: $0.label, href: href(since: $0.value, version: version, feature: feature), current: $0.value == range.value)
            },
            versions: candidates.count < 2
                ? []
                : candidates.map { label, v in
                    Link(label: "\(label) v\(v)", href: href(since: range.value, version: v, feature: nil), current: v == version)
                })
        guard let version else {
            page.message = "\(name) has no versions yet."
            return page
        }
        guard let profile = services.profile(name, version) else {
            page.message = "v\(version) of \(name) was registered without a drift profile (profile.json), so there is nothing to compare against."
            return page
        }
        let from = now - range.milliseconds
        let to = now + 1
        guard let summary = try services.drift.report(model: name, version: version, profile: profile, from: from, to: to) else {
            page.message =
                "No live traffic of \(name) v\(version) was counted in the last \(range.label). Counts reach the store once a minute from every server."
            return page
        }
        let report = summary.report
        page.hasData = true
        page.overall = DriftBadges.verdictBadge(report.overall.verdict)
        page.moderate = Format.fixed(report.thresholds.moderate, 2)
        page.significant = Format.fixed(report.thresholds.significant, 2)
        let chosen = report.features.first { $0.name == feature } ?? report.features.first
        page.selected = chosen?.name ?? ""
        page.kpis = [
            KPI(
                label: "Max PSI", value: Format.fixed(report.overall.maxPSI, 3), note: report.overall.worstFeature.map { "worst: \($0)" } ?? "",
                style: page.overall.style),
            KPI(
                label: "Features drifting", value: "\(report.features.filter { $0.verdict == .significant }.count)",
                note: "\(report.features.filter { $0.verdict == .moderate }.count) moderate of \(report.features.count)", style: ""),
            KPI(label: "Live rows", value: Format.grouped(summary.rows), note: "reference: \(Format.grouped(profile.rowCount))", style: ""),
            KPI(
                label: "Score PSI", value: report.score.map { Format.fixed($0.psi, 3) } ?? "–",
                note: report.score.map { "score \($0.verdict.rawValue)" } ?? "score not profiled",
                style: report.score.map { DriftBadges.verdictBadge($0.verdict).style } ?? ""),
        ]
        page.features = report.features.map { f in
            FeatureRow(
                name: f.name, href: href(since: range.value, version: version, feature: f.name), selected: f.name == chosen?.name,
                psi: Format.fixed(f.psi, 4), csi: Format.fixed(f.csi, 4), kl: Format.fixed(f.kl, 4), js: Format.fixed(f.js, 4),
                verdict: DriftBadges.verdictBadge(f.verdict),
                note: f.insufficientData ? "too few rows" : f.triggersRetraining ? "triggers retraining" : nil,
                rows: Format.grouped(f.quality.currentRows))
        }
        if let chosen {
            page.barsChart = DriftSVGChart.render(chosen, referenceLabel: "reference (training)", currentLabel: "live, last \(range.label)")
            page.seriesChart = try series(
                feature: chosen.name, model: name, version: version, from: from, to: to,
                profile: profile, thresholds: report.thresholds, services: services)
        }
        page.quality = report.features.sorted { $0.name < $1.name }.map { f in
            let q = f.quality
            /// Rows and their share of the live rows ("0" when none).
            func share(_ rows: Int) -> String { rows > 0 ? "\(Format.grouped(rows)) (\(Format.percent(q.currentShare(rows), 1)))" : "0" }
            return QualityRow(
                name: f.name, missingReference: Format.percent(q.referenceMissingRate, 2),
                missingLive: Format.percent(q.currentMissingRate, 2) + " (\(Format.grouped(q.currentMissing)))",
                outOfRange: Format.grouped(q.outOfRange), nonNumeric: Format.grouped(q.nonNumeric),
                other: share(q.unseenRows), newToModel: q.modelUnseenRows.map(share) ?? "–")
        }
        let missing = report.schema.absentColumns
        page.absent = missing.isEmpty ? nil : missing.joined(separator: ", ")
        return page
    }

    /// PSI of one feature in every window of the range, as a chart.
    static func series(
        feature: String, model: String, version: Int, from: Int64, to: Int64, profile: Profile,
        thresholds: DriftThresholds, services: DashboardServices
    ) throws -> String? {
        let windows = try services.drift.windows(
            model: model, version: version, profile: profile, from: from, to: to, feature: feature,
            thresholds: thresholds)
        let points = windows.compactMap { window -> SeriesChart.Point? in
            guard let drift = window.report[feature: feature] else { return nil }
            return SeriesChart.Point(at: window.start, value: drift.psi, style: DriftBadges.verdictBadge(drift.verdict).style)
        }
        guard !points.isEmpty else { return nil }
        return SeriesChart.render(
            points: points, thresholds: [(thresholds.moderate, "moderate"), (thresholds.significant, "significant")],
            title: "PSI of \(feature) per time window, \(points.count) windows", valueName: "PSI")
    }
}

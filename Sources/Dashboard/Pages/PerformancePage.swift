import HTMLViews
import PerformanceMonitor

/// The performance page (`/ui/models/{name}/performance?since=7d`): per version and arm, the
/// realized log loss, AUC, calibration and label coverage against the version's holdout
/// baseline, the always-valid alarm, the label-free estimates, and the log loss per hour charted
/// against the baseline — all from `PerformanceReport`, as the CLI and the JSON API show it.
struct PerformancePage: Sendable {
    struct Row: Sendable {
        var version: String, arm: String, rows: String, labelled: String
        var logLoss: String, baselineLogLoss: String, auc: String, baselineAUC: String
        var calibration: String, estimatedLogLoss: String, estimatedAUC: String
        var alarm: Badge, alarmNote: String
    }
    struct Chart: Sendable {
        var title: String
        var svg: String
    }

    var chrome: PageChrome
    var model: String
    var modelHref: String
    var rangeLabel: String
    var ranges: [DriftPage.Link]
    var countedUntil: String
    var hasData = false
    var message = ""
    var rows: [Row] = []
    var charts: [Chart] = []
    var notes: [String] = []

    static func build(model name: String, since: String?, services: DashboardServices, chrome: PageChrome, now: Int64) throws -> PerformancePage {
        let path = "/ui/models/" + Format.pathSegment(name)
        let range = DriftPage.rangeChoices.first { $0.value == since } ?? DriftPage.rangeChoices[2]
        let report = try PerformanceReport.build(
            registry: services.registry, reference: name, from: now - range.milliseconds, to: now + 1, byWindow: true, windowAUC: false)
        var page = PerformancePage(
            chrome: chrome, model: name, modelHref: path, rangeLabel: range.label,
            ranges: DriftPage.rangeChoices.map {
                DriftPage.Link(label: $0.label, href: "\(path)/performance?since=\($0.value)", current: $0.value == range.value)
            },
            countedUntil: report.foldedUntil ?? "never: no fold has run yet")
        guard !report.series.isEmpty else {
            page.message =
                "No counted traffic of \(name) in the last \(range.label). Predictions and their feedback are counted by the performance fold the scheduler runs every 5 minutes (or mlops performance fold)."
            return page
        }
        page.hasData = true
        func fixed(_ value: Double?, _ digits: Int = 4) -> String { value.map { Format.fixed($0, digits) } ?? "–" }
        page.rows = report.series.map { s in
            let t = s.totals
            let alarm: Badge
            let note: String
            switch s.alarm?.state {
            case .degraded?: (alarm, note) = (Badge(text: "degraded", style: "bad"), "worse than the baseline by more than 0.02 at 95 %")
            case .ok?: (alarm, note) = (Badge(text: "ok", style: "good"), "no evidence of a degradation of 0.02")
            case .collecting?: (alarm, note) = (Badge(text: "collecting", style: ""), "fewer than 1,000 labelled rows")
            case nil: (alarm, note) = (Badge(text: "no baseline", style: ""), s.baselineNote ?? "")
            }
            return Row(
                version: "v\(s.version)" + (s.aliases.isEmpty ? "" : " @" + s.aliases.joined(separator: " @")), arm: s.arm,
                rows: Format.grouped(t.rows),
                labelled: Format.grouped(t.labelled) + " / " + Format.grouped(t.rows) + " (" + (t.labelCoverage.map { Format.percent($0, 1) } ?? "–")
                    + ")",
                logLoss: fixed(t.logLoss), baselineLogLoss: fixed(s.baseline?.logLoss), auc: fixed(t.auc), baselineAUC: fixed(s.baseline?.auc),
                calibration: fixed(t.calibration, 3), estimatedLogLoss: fixed(t.estimatedLogLoss), estimatedAUC: fixed(t.estimatedAUC),
                alarm: alarm, alarmNote: note)
        }
        page.charts = report.series.compactMap { s -> Chart? in
            let points = (s.windows ?? []).compactMap { w -> SeriesChart.Point? in
                guard let value = w.metrics.logLoss else { return nil }
                let worse = s.baseline?.logLoss.map { value > $0 + 0.02 } ?? false
                return SeriesChart.Point(at: w.startMilliseconds, value: value, style: worse ? "bad" : "good")
            }
            guard !points.isEmpty else { return nil }
            let title = "v\(s.version) \(s.arm): log loss per hour (\(points.count) with labels)"
            return Chart(
                title: title,
                svg: SeriesChart.render(
                    points: points, thresholds: s.baseline?.logLoss.map { [($0, "holdout baseline")] } ?? [], title: title, valueName: "log loss"))
        }
        page.notes = report.series.compactMap { s in s.baselineNote.map { "v\(s.version): \($0)" } }
        return page
    }
}

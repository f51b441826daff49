import CanaryRollout
import Foundation
import HTMLViews
import RolloutControl

/// The rollout page (`/ui/models/{name}/rollout`): the model's active (else latest) rollout,
/// its step and weight, the weight over time, both arms' primary metric with 95% intervals and
/// the difference's always-valid interval, the guardrails, the decision log, and the controls.
struct RolloutPage: Sendable {
    struct Step: Sendable {
        var label: String
        var style: String
        var current: Bool
    }
    struct Control: Sendable {
        var label: String
        var href: String
        var style: String
    }
    struct ArmRow: Sendable {
        var name: String, version: Int, style: String
        var requests: String, labelled: String, labelledOverall: String, clicks: String, ctr: String
        var mean: String, interval: String, errorRate: String, p99: String
    }
    struct GuardrailRow: Sendable {
        var name: String
        var value: String
        var limit: String
        var state: Badge
    }
    struct EventRow: Sendable {
        var time: String
        var iso: String
        var kind: String
        var style: String
        var weights: String
        var actor: String
        var detail: String
    }

    var chrome: PageChrome
    var model: String
    var modelHref: String
    var hasRollout: Bool
    var id = ""
    var champion = 0
    var challenger = 0
    var started = ""
    var createdBy = ""
    var shadow = false
    var metricName = ""
    var metricNote = ""
    var alpha = ""
    var status = Badge(text: "", style: "")
    var controls: [Control] = []
    var kpis: [KPI] = []
    var steps: [Step] = []
    var weightChart = ""
    var intervalChart = ""
    var arms: [ArmRow] = []
    var guardrails: [GuardrailRow] = []
    var events: [EventRow] = []

    static let eventLimit = 200

    static func build(model: String, services: DashboardServices, viewer: Viewer, chrome: PageChrome, now: Int64) throws -> RolloutPage {
        _ = try services.registry.model(model)
        let path = "/ui/models/" + Format.pathSegment(model)
        var page = RolloutPage(chrome: chrome, model: model, modelHref: path, hasRollout: false)
        guard let (rollout, log) = try services.rollouts.status(model: model, events: eventLimit) else { return page }
        let plan = rollout.plan
        let state = rollout.state
        let evidence = RolloutDecider.evidence(plan: plan, state: state, now: Double(now) / 1000, scorePSI: nil)
        page.hasRollout = true
        if !rollout.state.status.isFinal { page.chrome.refreshSeconds = 30 }
        page.id = rollout.id
        page.champion = rollout.champion
        page.challenger = rollout.challenger
        page.started = Format.time(rollout.createdAt)
        page.createdBy = rollout.createdBy
        page.shadow = plan.shadow
        page.metricName = plan.metric == .logLoss ? "log loss" : "CTR"
        page.metricNote = plan.metric.higherIsWorse ? "lower is better" : "higher is better"
        page.alpha = Format.fixed(plan.alpha, 2)
        page.status = statusBadge(state.status)
        if viewer.canDeploy {
            switch state.status {
            case .running: page.controls = [Control(label: "Pause", href: "\(path)/rollout/pause", style: "secondary")]
            case .paused: page.controls = [Control(label: "Resume", href: "\(path)/rollout/resume", style: "secondary")]
            default: break
            }
            if !state.status.isFinal {
                page.controls += [
                    Control(label: "Promote now", href: "\(path)/rollout/promote", style: ""),
                    Control(label: "Abort", href: "\(path)/rollout/abort", style: "danger"),
                ]
            }
        }
        let inStep = max(0, Double(now) / 1000 - state.stepStartedAt)
        page.kpis = [
            KPI(
                label: "Challenger weight", value: Format.weight(state.weightPercent), note: "step \(state.stepIndex + 1) of \(plan.steps.count)",
                style: ""),
            KPI(
                label: "Time in step", value: state.status.isFinal ? "–" : Format.duration(seconds: inStep),
                note: "hold at least \(Format.duration(seconds: plan.holdSeconds))", style: ""),
            KPI(
                label: "Labelled per arm", value: "\(Format.grouped(evidence.champion.labelled)) / \(Format.grouped(evidence.challenger.labelled))",
                note: "champion / challenger, at least \(Format.grouped(plan.minSamples)) each", style: ""),
            KPI(
                label: "Verdict", value: evidence.verdict.rawValue.replacingOccurrences(of: "_", with: " "),
                note: "p = \(Format.fixed(evidence.pValue, 4)) (always valid)", style: verdictStyle(evidence.verdict)),
        ]
        page.steps = plan.steps.enumerated().map { i, weight in
            let style = state.status == .promoted || i < state.stepIndex ? "done" : i == state.stepIndex && !state.status.isFinal ? "current" : ""
            return Step(label: "\(i + 1). \(Format.weight(weight))", style: style, current: style == "current")
        }
        page.weightChart = WeightChart.render(
            points: weightPoints(rollout, log), steps: plan.steps,
            end: state.endedAt.map { Int64($0 * 1000) } ?? now)
        page.intervalChart = intervals(evidence: evidence, rollout: rollout)
        page.arms = [
            arm("champion", rollout.champion, "champion", evidence.champion, overall: state.overall.champion, metric: plan.metric),
            arm("challenger", rollout.challenger, "challenger", evidence.challenger, overall: state.overall.challenger, metric: plan.metric),
        ]
        page.guardrails = evidence.guardrails.map(guardrail)
        page.events = log.reversed().map(event)
        return page
    }

    /// The weight after each event that set one, from the start.
    static func weightPoints(_ rollout: Rollout, _ log: [RolloutLogEntry]) -> [(at: Int64, weight: Double)] {
        var points: [(at: Int64, weight: Double)] = [(rollout.createdAt, rollout.plan.steps.first ?? 0)]
        for entry in log {
            guard let weight = entry.toWeight else { continue }
            if entry.kind == "started" {
                points[0] = (entry.at, weight)
                continue
            }
            if points.last?.weight != weight || entry.kind.hasPrefix("rolled_back") || entry.kind == "aborted" { points.append((entry.at, weight)) }
        }
        return points
    }

    static func intervals(evidence: DecisionEvidence, rollout: Rollout) -> String {
        func row(_ label: String, _ summary: ArmSummary, _ style: String) -> IntervalChart.Row {
            let half = halfWidth(summary)
            return IntervalChart.Row(
                label: label, estimate: summary.mean, lower: half.flatMap { h in summary.mean.map { $0 - h } },
                upper: half.flatMap { h in summary.mean.map { $0 + h } }, style: style)
        }
        var rows = [
            row("champion v\(rollout.champion)", evidence.champion, "champion"),
            row("challenger v\(rollout.challenger)", evidence.challenger, "challenger"),
        ]
        let chart1 = IntervalChart.render(rows: rows, title: "Mean \(rollout.plan.metric.rawValue) per arm with 95% intervals")
        let means = evidence.challenger.mean.flatMap { a in evidence.champion.mean.map { a - $0 } }
        rows = [
            IntervalChart.Row(
                label: "difference", estimate: evidence.difference ?? means, lower: evidence.runningInterval?.lower,
                upper: evidence.runningInterval?.upper, style: "difference")
        ]
        let chart2 = IntervalChart.render(
            rows: rows, reference: 0,
            title: "Challenger minus champion with its always-valid 95% interval; the dashed line is no difference")
        return chart1 + chart2
    }

    /// 1.96 standard errors of an arm's mean; nil with fewer than two labelled rows.
    static func halfWidth(_ summary: ArmSummary) -> Double? {
        guard summary.labelled > 1, let variance = summary.variance, variance.isFinite else { return nil }
        return 1.96 * (variance / Double(summary.labelled)).squareRoot()
    }

    static func arm(_ name: String, _ version: Int, _ style: String, _ s: ArmSummary, overall: ArmStatistics, metric: PrimaryMetric) -> ArmRow {
        let half = halfWidth(s)
        let interval = half.flatMap { h in s.mean.map { "\(Format.metric($0 - h)) – \(Format.metric($0 + h))" } } ?? "–"
        return ArmRow(
            name: name, version: version, style: style, requests: Format.grouped(s.requests), labelled: Format.grouped(s.labelled),
            labelledOverall: Format.grouped(overall.labelled), clicks: Format.grouped(s.clicks),
            ctr: s.labelled > 0 ? Format.percent(Double(s.clicks) / Double(s.labelled), 2) : "–",
            mean: Format.metric(s.mean), interval: interval, errorRate: Format.percent(s.errorRate, 2),
            p99: s.p99LatencySeconds.map { Format.duration(seconds: $0) } ?? "–")
    }

    static func guardrail(_ check: GuardrailCheck) -> GuardrailRow {
        let name: String
        let value: String
        let limit: String
        switch check.name {
        case .errorRate:
            name = "challenger error rate"
            value = Format.percent(check.value, 2)
            limit = Format.percent(check.limit, 2)
        case .latencyP99Ratio:
            name = "p99 latency, challenger ÷ champion"
            value = check.value.map { Format.fixed($0, 2) + "×" } ?? "–"
            limit = Format.fixed(check.limit, 2) + "×"
        case .scorePSI:
            name = "score PSI, challenger vs champion"
            value = check.value.map { Format.fixed($0, 3) } ?? "–"
            limit = Format.fixed(check.limit, 2)
        }
        let state =
            check.breached
            ? Badge(text: "breached", style: "bad") : check.judged ? Badge(text: "ok", style: "ok") : Badge(text: "not enough data", style: "neutral")
        return GuardrailRow(name: name, value: value, limit: limit, state: state)
    }

    static func event(_ e: RolloutLogEntry) -> EventRow {
        let kind = e.kind.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ":", with: ": ")
        let style =
            e.kind.hasPrefix("rolled_back") || e.kind == "aborted"
            ? "bad" : e.kind == "promoted" || e.kind == "advanced" ? "ok" : e.kind == "paused" ? "warn" : "neutral"
        let weights: String
        switch (e.fromWeight, e.toWeight) {
        case (let from?, let to?) where from != to: weights = "\(Format.weight(from)) → \(Format.weight(to))"
        case (_, let to?): weights = Format.weight(to)
        default: weights = "–"
        }
        return EventRow(time: Format.time(e.at), iso: Format.iso(e.at), kind: kind, style: style, weights: weights, actor: e.actor, detail: e.detail)
    }

    static func statusBadge(_ status: RolloutStatus) -> Badge {
        switch status {
        case .running: return Badge(text: "running", style: "info")
        case .paused: return Badge(text: "paused", style: "warn")
        case .promoted: return Badge(text: "promoted", style: "ok")
        case .rolledBack: return Badge(text: "rolled back", style: "bad")
        case .aborted: return Badge(text: "aborted", style: "bad")
        }
    }

    static func verdictStyle(_ verdict: MetricVerdict) -> String {
        switch verdict {
        case .better: return "ok"
        case .worse: return "bad"
        case .inconclusive, .insufficientData: return ""
        }
    }
}

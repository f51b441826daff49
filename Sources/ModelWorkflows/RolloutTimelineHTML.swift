import DriftMetrics
import Foundation
import MLOpsTime
import RolloutControl

/// A rollout's timeline as an HTML section for the drift report's page (its styles): the
/// challenger's share of traffic over time as an SVG step chart, and the decision log with the
/// numbers behind each decision.
public enum RolloutTimelineHTML {
    public static func section(_ rollout: Rollout, events: [RolloutLogEntry]) -> String {
        let esc = DriftHTMLFormat.escape
        var html = "<section class=\"group\" id=\"rollout\">\n<h2>Canary rollout <span class=\"h-note\">\(esc(rollout.id))</span></h2>\n"
        html += "<p class=\"note\">\(esc(rollout.model)) v\(rollout.challenger) against champion v\(rollout.champion); "
        html += "steps \(rollout.plan.steps.map { format($0) + "%" }.joined(separator: " → ")), hold \(Int(rollout.plan.holdSeconds)) s, "
        html += "\(rollout.plan.minSamples) labelled predictions per arm per step, metric \(esc(rollout.plan.metric.rawValue)); "
        html += "now <strong>\(esc(rollout.state.status.rawValue))</strong>.</p>\n"
        html += "<div class=\"panel\">\n" + chart(rollout, events: events) + "</div>\n"
        html +=
            "<div class=\"table-wrap\" style=\"margin-top:12px\"><table>\n<thead><tr><th>time (UTC)</th><th>+s</th><th>event</th><th>weight</th><th>by</th><th>numbers</th></tr></thead>\n<tbody>\n"
        for event in events {
            let weight =
                switch (event.fromWeight, event.toWeight) {
                case (let from?, let to?): "\(format(from))% → \(format(to))%"
                case (nil, let to?): "\(format(to))%"
                default: ""
                }
            html += "<tr><td class=\"num\">\(esc(time(event.at)))</td><td class=\"num\">\(format(Double(event.at - rollout.createdAt) / 1000))</td>"
            html += "<td>\(esc(event.kind))</td><td class=\"num\">\(weight)</td><td>\(esc(event.actor))</td>"
            html += "<td><code>\(esc(String(event.detail.prefix(240))))\(event.detail.count > 240 ? "…" : "")</code></td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n</section>\n"
        return html
    }

    /// The challenger's weight over time: a step line from the start to the last event.
    static func chart(_ rollout: Rollout, events: [RolloutLogEntry]) -> String {
        let width = 900.0
        let height = 220.0
        let left = 48.0
        let right = 16.0
        let top = 14.0
        let bottom = 30.0
        let start = rollout.createdAt
        let end = max(events.map(\.at).max() ?? start, rollout.updatedAt, start + 1)
        func x(_ t: Int64) -> Double { left + (width - left - right) * Double(t - start) / Double(end - start) }
        func y(_ w: Double) -> Double { top + (height - top - bottom) * (1 - w / 100) }
        var points: [(Int64, Double)] = [(start, rollout.plan.steps.first ?? 0)]
        for event in events { if let to = event.toWeight { points.append((event.at, to)) } }
        var path = "M\(f(x(points[0].0))),\(f(y(points[0].1)))"
        for (i, point) in points.enumerated().dropFirst() {
            path += " L\(f(x(point.0))),\(f(y(points[i - 1].1))) L\(f(x(point.0))),\(f(y(point.1)))"
        }
        path += " L\(f(x(end))),\(f(y(points.last!.1)))"
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"Challenger traffic share over time\">\n"
        for w in [0.0, 25, 50, 75, 100] {
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(w)))\" y2=\"\(f(y(w)))\" stroke=\"var(--grid)\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(w) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"var(--muted)\">\(Int(w))%</text>\n"
        }
        svg += "<text x=\"\(f(left))\" y=\"\(f(height - 8))\" font-size=\"11\" fill=\"var(--muted)\">\(DriftHTMLFormat.escape(time(start)))</text>"
        svg +=
            "<text x=\"\(f(width - right))\" y=\"\(f(height - 8))\" text-anchor=\"end\" font-size=\"11\" fill=\"var(--muted)\">+\(format(Double(end - start) / 1000)) s</text>\n"
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"var(--cur)\" stroke-width=\"2.5\"/>\n"
        for (t, w) in points.dropFirst() {
            svg +=
                "<circle cx=\"\(f(x(t)))\" cy=\"\(f(y(w)))\" r=\"3.5\" fill=\"var(--cur)\"><title>\(format(w))% at +\(format(Double(t - start) / 1000)) s</title></circle>\n"
        }
        return svg + "</svg>\n"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    static func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }
    static func time(_ ms: Int64) -> String { UTCTime.seconds(milliseconds: ms) }
}

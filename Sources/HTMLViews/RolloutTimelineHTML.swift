import Foundation
import MLOpsTime
import RolloutControl

/// A rollout's timeline as an HTML section for the drift report's page (its styles): the
/// challenger's share of traffic over time as an SVG step chart, and the decision log with the
/// numbers behind each decision.
public enum RolloutTimelineHTML {
    public static func section(_ rollout: Rollout, events: [RolloutLogEntry]) -> String {
        let esc = HTMLText.escape
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

    /// The challenger's weight over time: the dashboard's weight chart (`WeightChart`), through
    /// the weight after every event, from the start to the last event.
    static func chart(_ rollout: Rollout, events: [RolloutLogEntry]) -> String {
        let points =
            [(at: rollout.createdAt, weight: rollout.plan.steps.first ?? 0)]
            + events.compactMap { event in
                event.toWeight.map { (at: event.at, weight: $0) }
            }
        let end = max(events.map(\.at).max() ?? rollout.createdAt, rollout.updatedAt)
        return WeightChart.render(points: points, steps: rollout.plan.steps, end: end) + "\n"
    }

    static func format(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v) }
    static func time(_ ms: Int64) -> String { UTCTime.seconds(milliseconds: ms) }
}

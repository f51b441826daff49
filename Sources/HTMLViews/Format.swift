import DriftMetrics
import Foundation
import MLOpsTime

/// How the dashboard and its charts write numbers, times and durations: short, fixed, locale-free (the same
/// text on every server), times in UTC.
public enum Format {
    /// `value` with `decimals` digits after the point; "–" for NaN or infinity.
    public static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        return String(format: "%.\(decimals)f", value)
    }

    /// A metric value: 4 significant decimals for small values, fewer for large ones.
    public static func metric(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        let magnitude = abs(value)
        if magnitude >= 1000 { return grouped(Int(value.rounded())) }
        if magnitude >= 100 { return fixed(value, 1) }
        return fixed(value, 4)
    }

    /// A proportion as a percentage ("12.3%").
    public static func percent(_ proportion: Double?, _ decimals: Int = 1) -> String {
        guard let proportion, proportion.isFinite else { return "–" }
        return fixed(proportion * 100, decimals) + "%"
    }

    /// A weight already in percent ("20%", "2.5%").
    public static func weight(_ percent: Double) -> String {
        percent == percent.rounded() ? "\(Int(percent))%" : fixed(percent, 1) + "%"
    }

    /// 12,345.
    public static func grouped(_ value: Int) -> String { DriftHTMLFormat.grouped(value) }

    /// "2026-12-06 19:30 UTC" for Unix milliseconds.
    public static func time(_ milliseconds: Int64) -> String { UTCTime.minutes(milliseconds: milliseconds) }

    /// "ISO 8601" for a `<time datetime>` attribute.
    public static func iso(_ milliseconds: Int64) -> String { UTCTime.iso8601(floorDiv(milliseconds, 1000)) }

    /// "3 min ago", "5 h ago", "2 d ago"; "in 4 min" for the future.
    public static func ago(_ milliseconds: Int64, now: Int64) -> String {
        let delta = now - milliseconds
        let text = duration(seconds: Double(abs(delta)) / 1000)
        if abs(delta) < 1000 { return "just now" }
        return delta >= 0 ? "\(text) ago" : "in \(text)"
    }

    /// A duration in its largest sensible unit: "850 ms", "42 s", "7 min", "3.5 h", "2 d".
    public static func duration(seconds: Double) -> String {
        guard seconds.isFinite else { return "–" }
        switch seconds {
        case ..<1: return "\(Int((seconds * 1000).rounded())) ms"
        case ..<60: return seconds < 10 ? fixed(seconds, 1) + " s" : "\(Int(seconds.rounded())) s"
        case ..<3600: return "\(Int((seconds / 60).rounded())) min"
        case ..<86_400:
            let h = seconds / 3600
            return (h < 10 ? fixed(h, 1) : "\(Int(h.rounded()))") + " h"
        default:
            let d = seconds / 86_400
            return (d < 10 ? fixed(d, 1) : "\(Int(d.rounded()))") + " d"
        }
    }

    public static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// A path segment with everything but unreserved characters percent-encoded.
    public static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

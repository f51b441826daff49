import Foundation

/// A forest plot: one row per estimate with its 95% interval as a bar and the estimate as a dot,
/// on a shared horizontal axis, with a reference line (zero for a difference). The rollout page
/// shows the two arms' metric and the challenger-minus-champion difference with it.
public enum IntervalChart {
    /// One row: a label, the estimate, its interval (nil when too little data), a CSS class.
    public struct Row {
        public var label: String
        public var estimate: Double?
        public var lower: Double?
        public var upper: Double?
        public var style: String

        public init(label: String, estimate: Double?, lower: Double?, upper: Double?, style: String) {
            self.label = label
            self.estimate = estimate
            self.lower = lower
            self.upper = upper
            self.style = style
        }
    }

    public static let width = 960.0, rowHeight = 34.0, labelWidth = 220.0, right = 24.0, top = 8.0, axisHeight = 26.0

    public static func render(rows: [Row], reference: Double? = nil, title: String) -> String {
        let values = rows.flatMap { [$0.estimate, $0.lower, $0.upper].compactMap { $0 } }.filter(\.isFinite) + (reference.map { [$0] } ?? [])
        guard var low = values.min(), var high = values.max() else { return "" }
        if high - low < 1e-12 {
            low -= 0.5
            high += 0.5
        }
        let pad = (high - low) * 0.08
        low -= pad
        high += pad
        let plotLeft = labelWidth
        let plotRight = width - right
        func x(_ v: Double) -> Double { plotLeft + (plotRight - plotLeft) * (v - low) / (high - low) }
        let height = top + Double(rows.count) * rowHeight + axisHeight
        var svg =
            "<svg class=\"chart intervals\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"\(HTMLText.escape(title))\">"
        svg += "<g class=\"grid\">"
        for tick in ticks(low: low, high: high) {
            svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top))\" x2=\"\(f(x(tick)))\" y2=\"\(f(height - axisHeight))\"/>"
            svg +=
                "<text class=\"tick\" x=\"\(f(x(tick)))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">\(HTMLText.escape(Format.metric(tick)))</text>"
        }
        svg += "</g>"
        if let reference {
            svg += "<line class=\"reference\" x1=\"\(f(x(reference)))\" y1=\"\(f(top))\" x2=\"\(f(x(reference)))\" y2=\"\(f(height - axisHeight))\"/>"
        }
        for (i, row) in rows.enumerated() {
            let cy = top + (Double(i) + 0.5) * rowHeight
            svg += "<g class=\"\(HTMLText.escape(row.style))\">"
            svg += "<text class=\"row-label\" x=\"\(f(plotLeft - 12))\" y=\"\(f(cy + 4))\" text-anchor=\"end\">\(HTMLText.escape(row.label))</text>"
            let tip = "\(row.label): \(Format.metric(row.estimate)) (95% interval \(Format.metric(row.lower)) to \(Format.metric(row.upper)))"
            if let lower = row.lower, let upper = row.upper, lower.isFinite, upper.isFinite {
                svg +=
                    "<line class=\"ci\" x1=\"\(f(x(lower)))\" y1=\"\(f(cy))\" x2=\"\(f(x(upper)))\" y2=\"\(f(cy))\"><title>\(HTMLText.escape(tip))</title></line>"
                for end in [lower, upper] {
                    svg += "<line class=\"ci\" x1=\"\(f(x(end)))\" y1=\"\(f(cy - 6))\" x2=\"\(f(x(end)))\" y2=\"\(f(cy + 6))\"/>"
                }
            }
            if let estimate = row.estimate, estimate.isFinite {
                svg += "<circle class=\"dot\" cx=\"\(f(x(estimate)))\" cy=\"\(f(cy))\" r=\"5\"><title>\(HTMLText.escape(tip))</title></circle>"
            } else if row.lower == nil {
                svg += "<text class=\"tick\" x=\"\(f(plotLeft + 8))\" y=\"\(f(cy + 4))\">not enough labelled data yet</text>"
            }
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// About five round tick values between low and high.
    public static func ticks(low: Double, high: Double) -> [Double] {
        let raw = (high - low) / 5
        guard raw > 0, raw.isFinite else { return [] }
        let power = pow10(floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var t = (low / step).rounded(.up) * step
        while t <= high && ticks.count < 12 {
            ticks.append(abs(t) < step / 1e6 ? 0 : t)
            t += step
        }
        return ticks
    }

    public static func pow10(_ e: Double) -> Double { Foundation.pow(10, e) }
    public static func f(_ v: Double) -> String { Format.fixed(v, 1) }
}

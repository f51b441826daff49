/// A line chart of one value per time window (PSI over time on the drift page), with dashed
/// threshold lines (moderate, significant) and a dot per window whose class carries its verdict.
public enum SeriesChart {
    /// One window: its start (Unix ms), the value, the dot's CSS class.
    public struct Point {
        public var at: Int64
        public var value: Double
        public var style: String

        public init(at: Int64, value: Double, style: String) {
            self.at = at
            self.value = value
            self.style = style
        }
    }

    public static let width = 960.0, height = 220.0, left = 52.0, right = 16.0, top = 14.0, bottom = 30.0

    public static func render(points: [Point], thresholds: [(value: Double, label: String)], title: String, valueName: String) -> String {
        guard let first = points.first, let lastPoint = points.last else { return "" }
        let start = first.at
        let end = max(lastPoint.at, start + 1)
        let largest = max(points.map(\.value).filter(\.isFinite).max() ?? 0, thresholds.map(\.value).max() ?? 0) * 1.15
        let axisMax = max(largest, 1e-6)
        func x(_ t: Int64) -> Double {
            points.count == 1 ? (left + width - right) / 2 : left + (width - left - right) * Double(t - start) / Double(end - start)
        }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - min(max(v, 0), axisMax) / axisMax) }
        var svg =
            "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"\(HTMLText.escape(title))\">"
        let ticks = IntervalChart.ticks(low: 0, high: axisMax).map { ($0, Format.fixed($0, $0 < 0.1 && $0 > 0 ? 3 : 2)) }
        svg += ChartParts.grid(ticks, y: y, left: left, right: width - right)
        for threshold in thresholds {
            svg +=
                "<line class=\"threshold\" x1=\"\(f(left))\" y1=\"\(f(y(threshold.value)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(threshold.value)))\"/>"
            svg +=
                "<text class=\"tick\" x=\"\(f(width - right - 4))\" y=\"\(f(y(threshold.value) - 4))\" text-anchor=\"end\">\(HTMLText.escape(threshold.label))</text>"
        }
        if points.count > 1 {
            let path = points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(f(x($0.element.at))),\(f(y($0.element.value)))" }.joined(
                separator: " ")
            svg += "<path class=\"series\" d=\"\(path)\" fill=\"none\"/>"
        }
        for point in points {
            svg +=
                "<circle class=\"dot \(HTMLText.escape(point.style))\" cx=\"\(f(x(point.at)))\" cy=\"\(f(y(point.value)))\" r=\"3.5\"><title>\(HTMLText.escape(Format.time(point.at))): \(HTMLText.escape(valueName)) \(Format.fixed(point.value, 4))</title></circle>"
        }
        svg += ChartParts.timeAxis(
            left: left, right: width - right, baseline: height - bottom, labelY: height - 10,
            start: Format.time(start), end: points.count > 1 ? Format.time(end) : nil)
        return svg + "</svg>"
    }

    public static func f(_ v: Double) -> String { Format.fixed(v, 1) }
}

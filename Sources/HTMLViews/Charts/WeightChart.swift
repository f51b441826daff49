/// The rollout page's chart of the challenger's traffic share over time: a step line through the
/// weight after every decision, gridlines at the plan's steps, a marker at now. Inline SVG whose
/// colours come from the stylesheet's classes, so both themes apply.
public enum WeightChart {
    public static let width = 960.0, height = 220.0
    public static let left = 48.0, right = 16.0, top = 14.0, bottom = 30.0

    /// `points`: (Unix ms, weight in percent) in time order; the line runs on to `end`.
    public static func render(points: [(at: Int64, weight: Double)], steps: [Double], end: Int64) -> String {
        guard let first = points.first else { return "" }
        let start = first.at
        let last = max(end, (points.last?.at ?? start) + 1, start + 1)
        func x(_ t: Int64) -> Double { left + (width - left - right) * Double(t - start) / Double(last - start) }
        func y(_ w: Double) -> Double { top + (height - top - bottom) * (1 - min(max(w, 0), 100) / 100) }
        let label =
            "Challenger traffic share over time, from \(Format.time(start)) to \(Format.time(last)); now \(Format.weight(points.last?.weight ?? 0))"
        var svg =
            "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"\(HTMLText.escape(label))\">"
        svg += ChartParts.grid(Set([0.0, 100.0] + steps).sorted().map { ($0, Format.weight($0)) }, y: y, left: left, right: width - right)
        var path = "M\(f(x(start))),\(f(y(first.weight)))"
        for point in points.dropFirst() {
            path += " H\(f(x(point.at))) V\(f(y(point.weight)))"
        }
        path += " H\(f(x(last)))"
        svg += "<path class=\"series\" d=\"\(path)\" fill=\"none\"/>"
        for point in points {
            svg +=
                "<circle class=\"dot\" cx=\"\(f(x(point.at)))\" cy=\"\(f(y(point.weight)))\" r=\"3.5\"><title>\(HTMLText.escape(Format.time(point.at))): \(Format.weight(point.weight))</title></circle>"
        }
        svg += ChartParts.timeAxis(
            left: left, right: width - right, baseline: height - bottom, labelY: height - 10,
            start: axisLabel(start, span: last - start), end: axisLabel(last, span: last - start))
        return svg + "</svg>"
    }

    public static func f(_ v: Double) -> String { Format.fixed(v, 1) }

    /// A time label, with seconds when the whole chart spans less than two hours.
    public static func axisLabel(_ at: Int64, span: Int64) -> String {
        span >= 7_200_000 ? Format.time(at) : Format.iso(at).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}

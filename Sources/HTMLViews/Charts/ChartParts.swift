/// The pieces the dashboard's time charts share: horizontal gridlines with their labels on the
/// left, and a time axis with its first and last label.
public enum ChartParts {
    /// Gridlines from `left` to `right` at `y(value)` for each tick, labelled at the left.
    public static func grid(_ ticks: [(value: Double, label: String)], y: (Double) -> Double, left: Double, right: Double) -> String {
        var svg = "<g class=\"grid\">"
        for tick in ticks {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(tick.value)))\" x2=\"\(f(right))\" y2=\"\(f(y(tick.value)))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y(tick.value) + 4))\" text-anchor=\"end\">\(HTMLText.escape(tick.label))</text>"
        }
        return svg + "</g>"
    }

    /// The time axis along `baseline`, with the start label at the left and, when given, the end
    /// label at the right.
    public static func timeAxis(left: Double, right: Double, baseline: Double, labelY: Double, start: String, end: String?) -> String {
        var svg = "<g class=\"xaxis\"><line x1=\"\(f(left))\" y1=\"\(f(baseline))\" x2=\"\(f(right))\" y2=\"\(f(baseline))\"/>"
        svg += "<text class=\"tick\" x=\"\(f(left))\" y=\"\(f(labelY))\">\(HTMLText.escape(start))</text>"
        if let end {
            svg += "<text class=\"tick\" x=\"\(f(right))\" y=\"\(f(labelY))\" text-anchor=\"end\">\(HTMLText.escape(end))</text>"
        }
        return svg + "</g>"
    }

    public static func f(_ v: Double) -> String { Format.fixed(v, 1) }
}

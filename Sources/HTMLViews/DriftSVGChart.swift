import DriftMetrics

/// The inline SVG chart of one feature in the HTML drift report: a grouped bar chart with, for
/// every bin, the reference proportion next to the current proportion (raw proportions, no ε),
/// a y axis in percent of rows, bin labels on the x axis and a legend. Colours come from CSS
/// classes (with fill attributes as a fallback), so the page's light/dark themes apply.
public enum DriftSVGChart {
    /// viewBox width; the SVG scales to its container.
    static let width = 960.0
    /// Height of the plotting area (bars at 100% of the axis are this tall).
    static let plotHeight = 200.0
    static let marginLeft = 52.0
    static let marginRight = 12.0
    static let plotTop = 40.0
    /// Estimated advance of one character of the 11-unit axis font.
    static let charWidth = 6.2
    /// Longest x label, in characters, before it is cut with an ellipsis.
    static let maxLabelCharacters = 22

    /// Fill fallbacks when no stylesheet applies (the page's CSS overrides them).
    static let referenceFill = "#8a94a6"
    static let currentFill = "#2563eb"

    /// Categories charted one by one; a categorical feature with more keeps its largest.
    public static let chartedCategories = 15

    /// The chart of `feature`, one `<svg>` element. A categorical feature shows its top
    /// `chartedCategories` categories (see `topCategories`).
    public static func render(_ feature: FeatureDrift, referenceLabel: String, currentLabel: String) -> String {
        typealias F = DriftHTMLFormat
        let feature = topCategories(feature, keep: chartedCategories)
        let n = max(1, feature.binLabels.count, feature.referenceProportions.count, feature.currentProportions.count)
        func value(_ array: [Double], _ i: Int) -> Double {
            i < array.count && array[i].isFinite ? max(0, array[i]) : 0
        }
        func count(_ array: [Int], _ i: Int) -> Int? { i < array.count ? array[i] : nil }
        let fullLabels = (0..<n).map { i in i < feature.binLabels.count ? feature.binLabels[i] : "bin \(i + 1)" }
        let shortLabels = fullLabels.map { label in
            F.truncate(feature.kind == .numeric ? F.abbreviateNumbers(in: label) : label, to: maxLabelCharacters)
        }

        // Y axis: a "nice" step (in proportion) giving at most 5 intervals above the largest bar.
        let largest = (0..<n).map { max(value(feature.referenceProportions, $0), value(feature.currentProportions, $0)) }.max() ?? 0
        let (axisMax, step) = axis(largest)

        // X axis: one group per bin; labels horizontal when they fit, else rotated by 45°.
        let plotWidth = width - marginLeft - marginRight
        let group = plotWidth / Double(n)
        let barWidth = min(group * 0.38, 40)
        let innerGap = min(group * 0.04, 3)
        let longest = Double(shortLabels.map(\.count).max() ?? 0)
        let horizontal = longest * charWidth <= group - 6
        let labelStride = horizontal ? 1 : max(1, Int((13 / group).rounded(.up)))
        let bottom = plotTop + plotHeight
        let labelSpace = horizontal ? 22 : 16 + (longest * charWidth * 0.7071).rounded(.up)
        let height = bottom + labelSpace + 8

        let sides = "\(HTMLText.escape(referenceLabel)) vs \(HTMLText.escape(currentLabel))"
        var svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 \(F.fixed(width, 0)) \(F.fixed(height, 0))\" "
        svg += "preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\" "
        svg += "aria-label=\"Share of rows per bin of \(HTMLText.escape(feature.name)), \(sides), \(n) bin\(n == 1 ? "" : "s")\">\n"

        // Legend and axis title.
        let legendX = marginLeft
        svg += "<g class=\"legend\">"
        svg += "<rect class=\"bar-ref key\" x=\"\(F.fixed(legendX, 1))\" y=\"8\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(referenceFill)\"/>"
        svg += "<text x=\"\(F.fixed(legendX + 18, 1))\" y=\"18\">\(HTMLText.escape(F.truncate(referenceLabel, to: 40)))</text>"
        let secondX = legendX + 18 + Double(min(referenceLabel.count, 40)) * charWidth * 1.1 + 24
        svg += "<rect class=\"bar-cur key\" x=\"\(F.fixed(secondX, 1))\" y=\"8\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(currentFill)\"/>"
        svg += "<text x=\"\(F.fixed(secondX + 18, 1))\" y=\"18\">\(HTMLText.escape(F.truncate(currentLabel, to: 40)))</text>"
        svg += "<text class=\"axis-title\" x=\"\(F.fixed(width - marginRight, 1))\" y=\"18\" text-anchor=\"end\">share of rows per bin</text>"
        svg += "</g>\n"

        // Grid lines and y tick labels.
        svg += "<g class=\"grid\">"
        var tick = 0.0
        var k = 0
        while tick <= axisMax + step / 1000 {
            let y = bottom - tick / axisMax * plotHeight
            let label = F.trimZeros(F.fixed(tick * 100, 1)) + "%"
            svg +=
                "<line x1=\"\(F.fixed(marginLeft, 1))\" y1=\"\(F.fixed(y, 2))\" x2=\"\(F.fixed(width - marginRight, 1))\" y2=\"\(F.fixed(y, 2))\"/>"
            svg += "<text class=\"tick\" x=\"\(F.fixed(marginLeft - 6, 1))\" y=\"\(F.fixed(y + 4, 2))\" text-anchor=\"end\">\(label)</text>"
            k += 1
            tick = Double(k) * step
        }
        svg += "</g>\n"

        // Bars: a transparent hit area per bin (hover highlight), then reference and current bars.
        for i in 0..<n {
            let x0 = marginLeft + Double(i) * group
            let center = x0 + group / 2
            let e = value(feature.referenceProportions, i)
            let a = value(feature.currentProportions, i)
            let tip = tooltip(
                fullLabels[i], e: e, a: a,
                referenceCount: count(feature.referenceCounts, i), currentCount: count(feature.currentCounts, i),
                referenceLabel: referenceLabel, currentLabel: currentLabel)
            svg += "<g class=\"bin\">"
            svg +=
                "<rect class=\"hit\" x=\"\(F.fixed(x0, 2))\" y=\"\(F.fixed(plotTop, 2))\" width=\"\(F.fixed(group, 2))\" height=\"\(F.fixed(plotHeight, 2))\" fill=\"#000\" fill-opacity=\"0\"><title>\(tip)</title></rect>"
            for (side, p, fill) in [("bar-ref", e, referenceFill), ("bar-cur", a, currentFill)] {
                var h = p / axisMax * plotHeight
                if p > 0 && h < 1 { h = 1 }  // a non-zero share stays visible
                let x = side == "bar-ref" ? center - innerGap / 2 - barWidth : center + innerGap / 2
                svg +=
                    "<rect class=\"\(side)\" x=\"\(F.fixed(x, 2))\" y=\"\(F.fixed(bottom - h, 2))\" width=\"\(F.fixed(barWidth, 2))\" height=\"\(F.fixed(h, 2))\" fill=\"\(fill)\"><title>\(tip)</title></rect>"
            }
            svg += "</g>\n"
        }

        // X axis line and bin labels.
        svg += "<g class=\"xaxis\">"
        svg +=
            "<line x1=\"\(F.fixed(marginLeft, 1))\" y1=\"\(F.fixed(bottom, 2))\" x2=\"\(F.fixed(width - marginRight, 1))\" y2=\"\(F.fixed(bottom, 2))\"/>"
        for i in stride(from: 0, to: n, by: labelStride) {
            let center = marginLeft + (Double(i) + 0.5) * group
            let text = HTMLText.escape(shortLabels[i])
            if horizontal {
                svg += "<text class=\"tick\" x=\"\(F.fixed(center, 2))\" y=\"\(F.fixed(bottom + 16, 2))\" text-anchor=\"middle\">\(text)</text>"
            } else {
                let x = F.fixed(center + 3, 2)
                let y = F.fixed(bottom + 12, 2)
                svg += "<text class=\"tick\" x=\"\(x)\" y=\"\(y)\" text-anchor=\"end\" transform=\"rotate(-45 \(x) \(y))\">\(text)</text>"
            }
        }
        svg += "</g>\n</svg>"
        return svg
    }

    /// A categorical feature's bins cut to its `keep` categories with the largest share on
    /// either side (in the profile's order), then one bar for everything else (the other kept
    /// categories and "(other)"), then "(missing)". Numeric features and short lists are returned
    /// as they are; the measures (PSI, …) stay those of the full bins.
    public static func topCategories(_ feature: FeatureDrift, keep: Int) -> FeatureDrift {
        let n = feature.binLabels.count
        guard feature.kind == .categorical, n > keep + 2, feature.referenceCounts.count == n, feature.currentCounts.count == n,
            feature.referenceProportions.count == n, feature.currentProportions.count == n
        else { return feature }
        let categories = n - 2  // then "(other)", then "(missing)"
        let share = { (i: Int) in max(feature.referenceProportions[i], feature.currentProportions[i]) }
        let shown = Set((0..<categories).sorted { share($0) > share($1) || (share($0) == share($1) && $0 < $1) }.prefix(keep))
        let kept = (0..<categories).filter { shown.contains($0) }
        let rest = (0..<(n - 1)).filter { !shown.contains($0) }
        var cut = feature
        func sum<T: AdditiveArithmetic>(_ array: [T], _ indices: [Int]) -> T { indices.reduce(.zero) { $0 + array[$1] } }
        cut.binLabels = kept.map { feature.binLabels[$0] } + ["(\(categories - keep) more + other)", feature.binLabels[n - 1]]
        cut.referenceCounts = kept.map { feature.referenceCounts[$0] } + [sum(feature.referenceCounts, rest), feature.referenceCounts[n - 1]]
        cut.currentCounts = kept.map { feature.currentCounts[$0] } + [sum(feature.currentCounts, rest), feature.currentCounts[n - 1]]
        cut.referenceProportions =
            kept.map { feature.referenceProportions[$0] } + [sum(feature.referenceProportions, rest), feature.referenceProportions[n - 1]]
        cut.currentProportions =
            kept.map { feature.currentProportions[$0] } + [sum(feature.currentProportions, rest), feature.currentProportions[n - 1]]
        return cut
    }

    /// The y-axis maximum and tick step for a largest proportion: the smallest step of
    /// 0.1 %, 0.2 %, 0.5 %, 1 %, 2 %, 2.5 %, 5 %, 10 %, 20 %, 25 % with at most 5 intervals, the
    /// maximum rounded up to a whole step (at least one step; 100 % at most).
    static func axis(_ largest: Double) -> (max: Double, step: Double) {
        let steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25]
        let top = min(max(largest, 0), 1)
        for step in steps {
            let intervals = max(1, (top / step - 1e-9).rounded(.up))
            if intervals <= 5 { return (intervals * step, step) }
        }
        return (1, 0.25)
    }

    /// The tooltip of a bin: its full label, then both sides' share and counts.
    static func tooltip(
        _ label: String, e: Double, a: Double, referenceCount: Int?, currentCount: Int?,
        referenceLabel: String, currentLabel: String
    ) -> String {
        typealias F = DriftHTMLFormat
        func side(_ name: String, _ p: Double, _ count: Int?) -> String {
            "\(HTMLText.escape(name)): \(F.percent(p))" + (count.map { " (\(F.grouped($0)) row\($0 == 1 ? "" : "s"))" } ?? "")
        }
        return "\(HTMLText.escape(label))\n\(side(referenceLabel, e, referenceCount))\n\(side(currentLabel, a, currentCount))"
    }
}

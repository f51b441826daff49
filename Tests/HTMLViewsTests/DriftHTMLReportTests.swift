import DriftMetrics
import Foundation
import Testing

@testable import HTMLViews

@Suite struct DriftHTMLReportTests {
    static let context = DriftHTMLReport.Context(
        title: "Drift <report>", subtitle: "train vs today",
        generatedAt: "2025-11-25", referenceLabel: "train", currentLabel: "today")

    /// `count` values evenly spread over [low, high).
    static func spread(_ count: Int, from low: Double, to high: Double) -> [Double] {
        (0..<count).map { low + (high - low) * Double($0) / Double(count) }
    }

    /// A report with numeric, categorical, hostile-named features and a score, given out of PSI order.
    static func sampleReport() throws -> DriftReport {
        let reference = spread(4000, from: 0, to: 1)
        let stable = try DriftComparer.compareNumeric(name: "stable_x", reference: reference, current: reference)
        let shifted = try DriftComparer.compareNumeric(
            name: "shifted_x", reference: reference,
            current: spread(3000, from: 0.4, to: 1.4))
        let small = try DriftComparer.compareNumeric(
            name: "<script>alert(1)</script>", reference: reference,
            current: spread(3000, from: 0.1, to: 1.1))
        let labels = ["<img src=x onerror=alert(1)>", "x&y", "'q'", "plain"]
        let tricky = try DriftComparer.compareCategorical(
            name: "a\"b&c",
            reference: (0..<400).map { labels[$0 % 4] },
            current: (0..<400).map { $0 % 5 == 0 ? nil : labels[$0 % 3] })
        let score = try DriftComparer.compareNumeric(name: "score", reference: reference, current: spread(2000, from: 0.2, to: 1))
        return DriftReport(
            features: [stable, tricky, shifted, small], score: score,
            schema: SchemaIssues(absentColumns: ["gone<col>"], extraColumns: ["new&col"], nonNumericValues: ["stable_x": 3]))
    }

    /// A feature with exactly the given bins (decoded, so any shape can be tried).
    static func feature(
        _ name: String, labels: [String], reference: [Int], current: [Int],
        referenceProportions: [Any]? = nil, currentProportions: [Any]? = nil
    ) throws -> FeatureDrift {
        func proportions(_ counts: [Int]) -> [Double] {
            let total = counts.reduce(0, +)
            return counts.map { total == 0 ? 0 : Double($0) / Double(total) }
        }
        let object: [String: Any] = [
            "name": name, "kind": "categorical", "psi": 0.0, "kl": 0.0, "js": 0.0, "csi": 0.0, "verdict": "stable",
            "psi_noise_floor": 0.0, "effective_bins": labels.count, "insufficient_data": false, "triggers_retraining": false,
            "reference_counts": reference, "current_counts": current,
            "reference_proportions": referenceProportions ?? proportions(reference),
            "current_proportions": currentProportions ?? proportions(current), "bin_labels": labels,
            "quality": [
                "reference_rows": reference.reduce(0, +), "current_rows": current.reduce(0, +),
                "reference_missing": 0, "current_missing": 0, "reference_missing_rate": 0.0,
                "current_missing_rate": 0.0, "out_of_range": 0, "unseen_rows": 0, "unseen_distinct": 0,
                "reference_constant": false, "current_constant": false, "non_numeric": 0,
            ],
        ]
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(FeatureDrift.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The value of attribute `name` in every element whose start tag begins with `prefix`.
    static func attribute(_ name: String, ofTagsStartingWith prefix: String, in html: String) -> [Double] {
        html.components(separatedBy: prefix).dropFirst().compactMap { rest in
            let tag = rest.prefix { $0 != ">" }
            guard let range = tag.range(of: " \(name)=\"") else { return nil }
            return Double(tag[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    @Test func pageIsCompleteAndSelfContained() throws {
        let html = DriftHTMLReport.render(try Self.sampleReport(), context: Self.context)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<title>Drift &lt;report&gt;</title>"))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(html.contains("@media print"))
        #expect(!html.contains("<script"))
        // No external asset: the only URL is the SVG namespace.
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("//"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<img"))
    }

    @Test func containsEveryFeatureNameEscapedAndOneChartEach() throws {
        let report = try Self.sampleReport()
        let html = DriftHTMLReport.render(report, context: Self.context)
        for feature in report.features {
            let escaped = feature.name.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            #expect(html.contains(escaped), "missing \(feature.name)")
        }
        #expect(Self.occurrences(of: "<svg", in: html) == report.features.count + 1)  // + the score
        #expect(Self.occurrences(of: "role=\"img\"", in: html) == report.features.count + 1)
        #expect(Self.occurrences(of: "aria-label=\"", in: html) >= report.features.count + 1)
        #expect(html.contains("Model score (prediction drift)"))
        // The score comes before the feature table.
        let scoreAt = try #require(html.range(of: "Model score (prediction drift)")).lowerBound
        let summaryAt = try #require(html.range(of: "id=\"summary\"")).lowerBound
        #expect(scoreAt < summaryAt)
    }

    @Test func summaryTableListsFeaturesByPSIDescending() throws {
        let report = try Self.sampleReport()
        #expect(report.features.map(\.name) != ["stable_x", "a\"b&c", "shifted_x", "<script>alert(1)</script>"])
        let html = DriftHTMLReport.render(report, context: Self.context)
        let rows = html.components(separatedBy: "<th scope=\"row\" class=\"name\"><a href=\"#").dropFirst().map { row in
            String(row.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        let expected = report.features.map {
            $0.name.replacingOccurrences(of: "&", with: "&amp;")
                .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                .replacingOccurrences(of: "\"", with: "&quot;")
        }
        #expect(rows == expected)
        let psis = report.features.map(\.psi)
        #expect(psis == psis.sorted(by: >))
        // 4-decimal numbers, and every link points at a section.
        #expect(html.contains(">\(String(format: "%.4f", report.features[0].psi))<"))
        for anchor in html.components(separatedBy: "<a href=\"#").dropFirst().map({ String($0.prefix { $0 != "\"" }) }) {
            #expect(html.contains("id=\"\(anchor)\""), "dangling link #\(anchor)")
        }
    }

    @Test func hostileNamesLabelsAndContextAreInert() throws {
        let hostileContext = DriftHTMLReport.Context(
            title: "<script>alert('t')</script>", subtitle: "\"><svg onload=alert(2)>",
            generatedAt: "<b>now</b>", referenceLabel: "r\"ef", currentLabel: "<i>cur</i>")
        let html = DriftHTMLReport.render(try Self.sampleReport(), context: hostileContext)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<i>"))
        #expect(!html.contains("<b>now"))
        #expect(!html.contains("<svg onload"))
        #expect(!html.contains("a\"b"))  // no attribute break-out
        #expect(!html.contains("r\"ef"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("a&quot;b&amp;c"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("x&amp;y"))
        #expect(html.contains("&#39;q&#39;"))
        #expect(html.contains("gone&lt;col&gt;") && html.contains("new&amp;col"))
        // Every `&` starts an entity.
        for piece in html.components(separatedBy: "&").dropFirst() {
            let entity = piece.prefix { $0 != ";" }
            #expect(["amp", "lt", "gt", "quot", "#39"].contains(String(entity)), "bare & before \(piece.prefix(12))")
        }
        // Control characters are replaced.
        let control = try DriftComparer.compareCategorical(name: "bell\u{07}name", reference: ["a"], current: ["a"])
        #expect(!DriftHTMLReport.render(DriftReport(features: [control]), context: Self.context).contains("\u{07}"))
    }

    @Test func emptyReportRenders() {
        let html = DriftHTMLReport.render(DriftReport(features: []), context: DriftHTMLReport.Context(title: "Nothing"))
        #expect(html.contains("No features were compared."))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("id=\"schema\""))
        #expect(html.contains("stable"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func outputIsDeterministic() throws {
        let first = DriftHTMLReport.render(try Self.sampleReport(), context: Self.context)
        let second = DriftHTMLReport.render(try Self.sampleReport(), context: Self.context)
        #expect(first == second)
        // Dictionary order (non-numeric counts) does not leak into the page.
        var schema = SchemaIssues()
        for i in 0..<40 { schema.nonNumericValues["col\(i)"] = i + 1 }
        let a = DriftHTMLReport.render(DriftReport(features: [], schema: schema), context: Self.context)
        let b = DriftHTMLReport.render(
            DriftReport(features: [], schema: SchemaIssues(nonNumericValues: schema.nonNumericValues)),
            context: Self.context)
        #expect(a == b)
        #expect(a.contains("id=\"schema\""))
    }

    @Test func barHeightsAreProportionalToProportions() throws {
        // Reference 50% / 25% / 25%, current 25% / 25% / 50%; "other" and missing empty.
        let drift = try DriftComparer.compareCategorical(name: "c", reference: ["a", "a", "b", "c"], current: ["a", "b", "c", "c"])
        #expect(drift.binLabels == ["a", "c", "b", "(other)", "(missing)"])  // combined counts 3, 3, 2
        #expect(drift.referenceProportions == [0.5, 0.25, 0.25, 0, 0])
        let html = DriftHTMLReport.render(DriftReport(features: [drift]), context: Self.context)
        let reference = Self.attribute("height", ofTagsStartingWith: "<rect class=\"bar-ref\" x=", in: html)
        let current = Self.attribute("height", ofTagsStartingWith: "<rect class=\"bar-cur\" x=", in: html)
        #expect(reference.count == 5 && current.count == 5)
        for (i, p) in drift.referenceProportions.enumerated() {
            #expect(abs(reference[i] - p / 0.5 * reference[0]) < 0.01, "bin \(i)")
        }
        for (i, p) in drift.currentProportions.enumerated() {
            #expect(abs(current[i] - p / 0.5 * reference[0]) < 0.01, "bin \(i)")
        }
        #expect(reference[0] > 0 && abs(reference[0] - 2 * reference[1]) < 0.01)
        #expect(reference[3] == 0 && reference[4] == 0)
        // Bars stand on the x axis: y + height is the same for all.
        let ys = Self.attribute("y", ofTagsStartingWith: "<rect class=\"bar-ref\" x=", in: html)
        #expect(Set(zip(ys, reference).map { (($0 + $1) * 100).rounded() / 100 }).count == 1)
        // The y axis has percent ticks up to 50%.
        #expect(html.contains(">50%</text>") && html.contains(">0%</text>"))
        // Tooltips carry counts and percentages.
        #expect(html.contains("<title>a\ntrain: 50.00% (2 rows)\ntoday: 25.00% (1 row)</title>"))
    }

    @Test func oneBinToSixtyBinsAndAllZeroRender() throws {
        let one = try Self.feature("one", labels: ["only"], reference: [10], current: [7])
        let zero = try Self.feature("zero", labels: ["a", "b"], reference: [0, 0], current: [0, 0])
        let labels = (0..<58).map { "category number \($0) with a long name" } + ["(other)", "(missing)"]
        let many = try Self.feature("many", labels: labels, reference: (0..<60).map { $0 + 1 }, current: (0..<60).map { 60 - $0 })
        let ragged = try Self.feature(
            "ragged", labels: ["x", "y", "z"], reference: [1, 2], current: [2],
            referenceProportions: [0.5, "nan"], currentProportions: ["inf"])
        let html = DriftHTMLReport.render(DriftReport(features: [one, zero, many, ragged]), context: Self.context)
        #expect(Self.occurrences(of: "<svg", in: html) == 4)
        // 58 categories chart as the top 15, one bar for the rest and "(other)", and "(missing)".
        #expect(Self.occurrences(of: "class=\"bar-ref\" x=", in: html) == 1 + 2 + 17 + 3)
        #expect(Self.occurrences(of: "class=\"bar-cur\" x=", in: html) == 1 + 2 + 17 + 3)
        #expect(html.contains("(43 more + other)"))
        #expect(html.contains("category number 57 with a long name"))  // full label in tooltips
        for value in Self.attribute("height", ofTagsStartingWith: "<rect class=\"bar", in: html) {
            #expect(value.isFinite && value >= 0)
        }
        #expect(!html.contains(">nan") && !html.contains("NaN") && !html.contains("inf%"))
    }

    @Test func categoricalChartsKeepTheirTopCategoriesAndSumTheRest() throws {
        // 30 kept categories falling in popularity; "c29", the rarest in the reference, takes
        // 40% of the live rows: it is charted although 14 others are larger in the reference.
        let labels = (0..<30).map { "c\($0)" } + ["(other)", "(missing)"]
        let reference = (0..<30).map { 300 - 10 * $0 } + [500, 20]
        var current = (0..<30).map { 100 - 3 * $0 } + [400, 10]
        current[29] = 3000
        let feature = try Self.feature("site_id", labels: labels, reference: reference, current: current)
        let cut = DriftSVGChart.topCategories(feature, keep: 15)
        #expect(cut.binLabels.count == 17)
        #expect(cut.binLabels.contains("c29") && cut.binLabels.contains("c0") && !cut.binLabels.contains("c20"))
        #expect(cut.binLabels[15] == "(15 more + other)" && cut.binLabels[16] == "(missing)")
        #expect(cut.referenceCounts.reduce(0, +) == reference.reduce(0, +))
        #expect(cut.currentCounts.reduce(0, +) == current.reduce(0, +))
        #expect(abs(cut.currentProportions.reduce(0, +) - 1) < 1e-9)
        #expect(cut.psi == feature.psi, "the measures stay those of every bin")
        // Short lists and numeric features are charted whole.
        let short = try Self.feature("few", labels: ["a", "b", "(other)", "(missing)"], reference: [1, 2, 3, 4], current: [4, 3, 2, 1])
        #expect(DriftSVGChart.topCategories(short, keep: 15) == short)
    }

    @Test func headerShowsVerdictThresholdsAndCounts() throws {
        let report = try Self.sampleReport()
        let html = DriftHTMLReport.render(report, context: Self.context)
        #expect(html.contains("badge v-\(report.overall.verdict.rawValue) large"))
        #expect(html.contains("0.1000") && html.contains("0.2500"))
        #expect(html.contains("Triggers retraining"))
        #expect(html.contains(report.overall.triggersRetraining ? "</span>yes</span>" : ">no</span>"))
        #expect(html.contains("Features (\(report.features.count) compared)"))
        #expect(html.contains("Insufficient data"))
        #expect(html.contains("Schema issues"))
        let custom = DriftReport(features: report.features, thresholds: DriftThresholds(moderate: 0.05, significant: 0.5))
        let customHTML = DriftHTMLReport.render(custom, context: Self.context)
        #expect(customHTML.contains("0.0500") && customHTML.contains("0.5000"))
        #expect(!customHTML.contains("Model score"))
    }
}

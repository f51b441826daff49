import DriftMetrics

/// Renders a DriftReport as one self-contained HTML page (inline CSS and SVG, no scripts
/// required, no external assets).
///
/// The page has a header (overall verdict, max PSI and worst feature, whether retraining is
/// triggered, features per verdict, insufficient-data count, thresholds), the schema issues
/// when there are any, the model score's drift when the report has one, a summary table of
/// every feature by PSI descending, and one section per feature with its measures, quality
/// notes, a bar chart of reference vs current proportions per bin and a collapsible bin table.
/// Every string that comes from data (names, category labels, context) is escaped; the same
/// report and context always give the same bytes.
public enum DriftHTMLReport {
    /// Page title and labels.
    public struct Context: Sendable {
        /// Page title (the `<title>` and the heading).
        public var title: String
        /// A line under the title, e.g. the model and data sets compared.
        public var subtitle: String?
        /// When the report was made, printed as given (the renderer never reads the clock).
        public var generatedAt: String?
        /// Name of the reference side in legends and tooltips.
        public var referenceLabel: String
        /// Name of the current side in legends and tooltips.
        public var currentLabel: String
        /// Further sections (trusted HTML, e.g. a rollout timeline) placed after the features.
        public var appendix: String?

        /// A context from its parts.
        public init(
            title: String, subtitle: String? = nil, generatedAt: String? = nil,
            referenceLabel: String = "reference", currentLabel: String = "current"
        ) {
            self.title = title
            self.subtitle = subtitle
            self.generatedAt = generatedAt
            self.referenceLabel = referenceLabel
            self.currentLabel = currentLabel
        }
    }

    /// The whole page.
    public static func render(_ report: DriftReport, context: Context) -> String {
        let anchors = report.features.enumerated().map { DriftHTMLFormat.anchor(index: $0.offset + 1, name: $0.element.name) }
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        html += "<title>\(esc(context.title))</title>\n<style>\n\(DriftHTMLStyle.css)</style>\n</head>\n<body>\n<main>\n"
        html += header(report, context: context, anchors: anchors)
        if !report.schema.isEmpty { html += schemaSection(report.schema) }
        if let score = report.score {
            html += "<section class=\"group\" id=\"score-drift\">\n<h2>Model score (prediction drift)</h2>\n"
            html += "<p class=\"note\">The score is reported on its own: it does not take part in the overall verdict.</p>\n"
            html += featureBlock(score, anchor: "score", rank: nil, context: context)
            html += "</section>\n"
        }
        html += summaryTable(report, anchors: anchors)
        if !report.features.isEmpty {
            html += "<section class=\"group\" id=\"features\">\n<h2>Features</h2>\n"
            for (i, feature) in report.features.enumerated() {
                html += featureBlock(feature, anchor: anchors[i], rank: i + 1, context: context)
            }
            html += "</section>\n"
        }
        if let appendix = context.appendix { html += appendix }
        html += footer(report.thresholds, referenceLabel: context.referenceLabel, currentLabel: context.currentLabel)
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    // MARK: - Sections

    static func header(_ report: DriftReport, context: Context, anchors: [String]) -> String {
        let overall = report.overall
        var html = "<header class=\"page-header\">\n<div class=\"title-row\">\n<div>\n"
        html += "<h1>\(esc(context.title))</h1>\n"
        if let subtitle = context.subtitle { html += "<p class=\"subtitle\">\(esc(subtitle))</p>\n" }
        html += "<p class=\"meta\"><span class=\"swatch ref\" aria-hidden=\"true\"></span>\(esc(context.referenceLabel))"
        html += " <span class=\"vs\">vs</span> <span class=\"swatch cur\" aria-hidden=\"true\"></span>\(esc(context.currentLabel))"
        if let generatedAt = context.generatedAt { html += " · generated \(esc(generatedAt))" }
        html += "</p>\n</div>\n"
        html += "<div class=\"overall\"><span class=\"overall-label\">Overall verdict</span>\(badge(overall.verdict, large: true))</div>\n"
        html += "</div>\n<dl class=\"kpis\">\n"

        var worst = "<span class=\"muted\">no feature</span>"
        if let name = overall.worstFeature {
            let index = report.features.firstIndex { $0.name == name }
            worst = index.map { "<a href=\"#\(anchors[$0])\">\(esc(name))</a>" } ?? esc(name)
        }
        html += kpi("Max PSI", "<span class=\"big num\">\(num(overall.maxPSI))</span><span class=\"sub\">worst feature: \(worst)</span>")
        let retrain = overall.triggersRetraining
        let retrainBadge =
            retrain
            ? "<span class=\"badge v-significant\"><span class=\"icon\" aria-hidden=\"true\">✖</span>yes</span>"
            : "<span class=\"badge neutral\">no</span>"
        let retrainWhy =
            retrain
            ? "a significant feature has enough data"
            : overall.verdict == .significant ? "significant drift, but too little data" : "no significant feature"
        let retrainNote = "<span class=\"sub\">\(retrainWhy)</span>"
        html += kpi("Triggers retraining", retrainBadge + retrainNote)
        var counts = ""
        for verdict in [Verdict.significant, .moderate, .stable] {
            let n = report.features.filter { $0.verdict == verdict }.count
            counts += "<li><span class=\"count num\">\(n)</span> \(badge(verdict))</li>"
        }
        let compared = report.features.count
        html += kpi("Features (\(compared) compared)", "<ul class=\"verdict-counts\">\(counts)</ul>")
        let insufficient = overall.insufficientFeatures
        html += kpi(
            "Insufficient data",
            "<span class=\"big num\">\(insufficient)</span><span class=\"sub\">noise floor above \(num(report.thresholds.noiseFloorLimit))</span>")
        let t = report.thresholds
        html += kpi(
            "Thresholds (PSI)",
            "<span class=\"thresholds\">moderate ≥ <b class=\"num\">\(num(t.moderate))</b><br>significant ≥ <b class=\"num\">\(num(t.significant))</b></span>"
        )
        html += "</dl>\n</header>\n"
        return html
    }

    static func schemaSection(_ schema: SchemaIssues) -> String {
        var html = "<section class=\"group panel schema\" id=\"schema\">\n<h2>Schema issues</h2>\n<dl class=\"schema-list\">\n"
        func list(_ title: String, _ names: [String], _ note: String) {
            guard !names.isEmpty else { return }
            html += "<div><dt>\(title) <span class=\"count num\">\(names.count)</span></dt><dd><p class=\"note\">\(note)</p><ul class=\"chips\">"
            for name in names { html += "<li><code>\(esc(name))</code></li>" }
            html += "</ul></dd></div>\n"
        }
        list("Absent columns", schema.absentColumns, "In the reference profile, missing from the current data: not compared.")
        list("Extra columns", schema.extraColumns, "In the current data, unknown to the reference profile.")
        if !schema.nonNumericValues.isEmpty {
            let total = schema.nonNumericValues.values.reduce(0, +)
            html +=
                "<div><dt>Non-numeric values <span class=\"count num\">\(DriftHTMLFormat.grouped(total))</span></dt><dd><p class=\"note\">Values in numeric columns that did not parse as numbers (counted as missing).</p><ul class=\"chips\">"
            for (name, count) in schema.nonNumericValues.sorted(by: { $0.key < $1.key }) {
                html += "<li><code>\(esc(name))</code> <span class=\"num\">\(DriftHTMLFormat.grouped(count))</span></li>"
            }
            html += "</ul></dd></div>\n"
        }
        html += "</dl>\n</section>\n"
        return html
    }

    static func summaryTable(_ report: DriftReport, anchors: [String]) -> String {
        var html = "<section class=\"group\" id=\"summary\">\n<h2>Summary <span class=\"h-note\">features by PSI, descending</span></h2>\n"
        guard !report.features.isEmpty else {
            return html + "<p class=\"empty\">No features were compared.</p>\n</section>\n"
        }
        html += "<div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr>"
        html += "<th scope=\"col\" class=\"r\">#</th><th scope=\"col\">Feature</th><th scope=\"col\">Kind</th>"
        html += "<th scope=\"col\" class=\"r\">PSI</th><th scope=\"col\" class=\"r\">KL</th><th scope=\"col\" class=\"r\">JS</th>"
        html += "<th scope=\"col\" class=\"r\">CSI</th><th scope=\"col\">Verdict</th><th scope=\"col\" class=\"r\">Noise floor</th>"
        html += "<th scope=\"col\">Data</th><th scope=\"col\">Quality notes</th></tr></thead>\n<tbody>\n"
        let scale = max(report.thresholds.significant * 2, report.overall.maxPSI, 1e-12)
        for (i, f) in report.features.enumerated() {
            let width = DriftHTMLFormat.fixed(min(1, max(0, f.psi / scale)) * 100, 1)
            html += "<tr><td class=\"r muted num\">\(i + 1)</td>"
            html += "<th scope=\"row\" class=\"name\"><a href=\"#\(anchors[i])\">\(esc(f.name))</a></th>"
            html += "<td>\(f.kind.rawValue)</td>"
            html +=
                "<td class=\"r num psi\"><span class=\"psibar\" aria-hidden=\"true\"><span class=\"v-\(f.verdict.rawValue)\" style=\"width:\(width)%\"></span></span>\(num(f.psi))</td>"
            html += "<td class=\"r num\">\(num(f.kl))</td><td class=\"r num\">\(num(f.js))</td><td class=\"r num\">\(num(f.csi))</td>"
            html += "<td>\(badge(f.verdict))</td><td class=\"r num\">\(num(f.psiNoiseFloor))</td>"
            html += "<td>\(f.insufficientData ? "<span class=\"flag\">insufficient</span>" : "<span class=\"muted\">ok</span>")</td>"
            html += "<td>\(notesHTML(qualityNotes(f)))</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n</section>\n"
        return html
    }

    static func featureBlock(_ f: FeatureDrift, anchor: String, rank: Int?, context: Context) -> String {
        var html = "<section class=\"feature panel\" id=\"\(anchor)\" aria-labelledby=\"\(anchor)-h\">\n<div class=\"feature-head\">"
        html += "<h3 id=\"\(anchor)-h\">\(rank.map { "<span class=\"rank\">#\($0)</span> " } ?? "")<span class=\"fname\">\(esc(f.name))</span></h3>"
        html += "<div class=\"tags\">\(badge(f.verdict))<span class=\"chip\">\(f.kind.rawValue)</span>"
        if f.insufficientData { html += "<span class=\"flag\">insufficient data</span>" }
        if f.triggersRetraining { html += "<span class=\"flag strong\">triggers retraining</span>" }
        html += "</div></div>\n<dl class=\"metrics\">"
        html += metric("PSI", num(f.psi)) + metric("KL", num(f.kl)) + metric("JS", num(f.js)) + metric("CSI", num(f.csi))
        html += metric("Noise floor", num(f.psiNoiseFloor), note: "B<sub>eff</sub> = \(f.effectiveBins)")
        let q = f.quality
        html += metric(
            "Rows", "\(DriftHTMLFormat.grouped(q.referenceRows)) → \(DriftHTMLFormat.grouped(q.currentRows))",
            note: "\(esc(context.referenceLabel)) → \(esc(context.currentLabel))")
        html += "</dl>\n"
        let notes = qualityNotes(f)
        if !notes.isEmpty { html += "<div class=\"quality\"><span class=\"q-label\">Data quality</span>\(notesHTML(notes))</div>\n" }
        html += "<figure class=\"chart-box\">\n"
        html += DriftSVGChart.render(f, referenceLabel: context.referenceLabel, currentLabel: context.currentLabel)
        html += "\n</figure>\n"
        html += binDetails(f, context: context)
        html += "</section>\n"
        return html
    }

    /// The largest PSI contributions as a sentence, then every bin in a collapsible table.
    static func binDetails(_ f: FeatureDrift, context: Context) -> String {
        let n = min(f.binLabels.count, f.referenceProportions.count, f.currentProportions.count)
        guard n > 0 else { return "" }
        // Decoded reports may carry anything: non-finite or negative shares print as "–", count as 0.
        let rawE = f.referenceProportions.prefix(n).map { $0.isFinite && $0 >= 0 ? $0 : 0 }
        let rawA = f.currentProportions.prefix(n).map { $0.isFinite && $0 >= 0 ? $0 : 0 }
        let e = rawE.map { $0 == 0 ? DriftMeasures.epsilon : $0 }
        let a = rawA.map { $0 == 0 ? DriftMeasures.epsilon : $0 }
        func share(_ p: Double, _ decimals: Int = 2) -> String {
            p.isFinite && p >= 0 ? DriftHTMLFormat.percent(p, decimals) : "–"
        }
        let contributions = (0..<n).map { DriftMeasures.psi(referenceProportions: [e[$0]], currentProportions: [a[$0]]) }
        var html = ""
        let top = (0..<n).filter { contributions[$0] > 0 }
            .sorted { contributions[$0] != contributions[$1] ? contributions[$0] > contributions[$1] : $0 < $1 }
            .prefix(3)
        let total = contributions.reduce(0, +)  // the PSI, up to rounding
        if total > 0, !top.isEmpty {
            let parts = top.map { i in
                "<span class=\"contrib\"><code title=\"\(esc(f.binLabels[i]))\">\(esc(shortLabel(f, i)))</code> "
                    + "\(share(f.referenceProportions[i], 1)) → \(share(f.currentProportions[i], 1)) "
                    + "<span class=\"muted\">(\(DriftHTMLFormat.percent(contributions[i] / total, 0)) of PSI)</span></span>"
            }
            html += "<p class=\"contribs\"><span class=\"q-label\">Largest contributions</span>\(parts.joined(separator: " "))</p>\n"
        }
        html += "<details><summary>Bin table (\(n) bin\(n == 1 ? "" : "s"))</summary>\n<div class=\"table-wrap\"><table class=\"bins\">\n"
        html += "<thead><tr><th scope=\"col\">Bin</th><th scope=\"col\" class=\"r\">\(esc(context.referenceLabel)) rows</th>"
        html +=
            "<th scope=\"col\" class=\"r\">\(esc(context.referenceLabel)) %</th><th scope=\"col\" class=\"r\">\(esc(context.currentLabel)) rows</th>"
        html += "<th scope=\"col\" class=\"r\">\(esc(context.currentLabel)) %</th><th scope=\"col\" class=\"r\">Δ pp</th>"
        html += "<th scope=\"col\" class=\"r\">PSI contribution</th></tr></thead>\n<tbody>\n"
        for i in 0..<n {
            let reference = i < f.referenceCounts.count ? DriftHTMLFormat.grouped(f.referenceCounts[i]) : "–"
            let current = i < f.currentCounts.count ? DriftHTMLFormat.grouped(f.currentCounts[i]) : "–"
            let delta = (rawA[i] - rawE[i]) * 100
            html += "<tr><th scope=\"row\"><code>\(esc(f.binLabels[i]))</code></th><td class=\"r num\">\(reference)</td>"
            html += "<td class=\"r num\">\(share(f.referenceProportions[i]))</td><td class=\"r num\">\(current)</td>"
            html += "<td class=\"r num\">\(share(f.currentProportions[i]))</td>"
            html +=
                "<td class=\"r num\">\(delta > 0 ? "+" : "")\(DriftHTMLFormat.fixed(delta, 2))</td><td class=\"r num\">\(num(contributions[i]))</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n</details>\n"
        return html
    }

    static func footer(_ t: DriftThresholds, referenceLabel: String, currentLabel: String) -> String {
        """
        <footer class="page-footer">
        <p><b>PSI</b> = Σ (a − e)·ln(a / e) over the bins, with current shares a and reference shares e (an empty bin counts as \
        \(num(DriftMeasures.epsilon))); <b>KL</b> = KL(current ‖ reference); <b>JS</b> = Jensen–Shannon divergence (natural log); \
        <b>CSI</b> = the PSI on the profile's bins. Verdict by PSI: stable below \(num(t.moderate)), moderate below \
        \(num(t.significant)), significant from there. <b>Noise floor</b> = (B<sub>eff</sub> − 1)·(1/n + 1/m), the PSI expected \
        from sampling alone; above \(num(t.noiseFloorLimit)) a feature has insufficient data and never triggers retraining. \
        Charts show raw shares of rows per bin, missing values included (last bin); in each pair the left bar is \
        \(esc(referenceLabel)), the right bar \(esc(currentLabel)).</p>
        </footer>

        """
    }

    // MARK: - Pieces

    static func esc(_ text: String) -> String { HTMLText.escape(text) }
    static func num(_ value: Double) -> String { DriftHTMLFormat.number(value) }

    static func badge(_ verdict: Verdict, large: Bool = false) -> String {
        let icon =
            switch verdict {
            case .stable: "✓"
            case .moderate: "▲"
            case .significant: "✖"
            }
        return
            "<span class=\"badge v-\(verdict.rawValue)\(large ? " large" : "")\"><span class=\"icon\" aria-hidden=\"true\">\(icon)</span>\(verdict.rawValue)</span>"
    }

    /// A bin label for prose: numbers shortened for numeric features, at most 40 characters.
    static func shortLabel(_ f: FeatureDrift, _ i: Int) -> String {
        let label = f.binLabels[i]
        return DriftHTMLFormat.truncate(f.kind == .numeric ? DriftHTMLFormat.abbreviateNumbers(in: label) : label, to: 40)
    }

    static func kpi(_ title: String, _ value: String) -> String {
        "<div class=\"kpi\"><dt>\(title)</dt><dd>\(value)</dd></div>\n"
    }

    static func metric(_ title: String, _ value: String, note: String? = nil) -> String {
        "<div><dt>\(title)</dt><dd><span class=\"num\">\(value)</span>\(note.map { "<span class=\"sub\">\($0)</span>" } ?? "")</dd></div>"
    }

    /// Quality notes of a feature, plain text (no data strings), the notable ones flagged.
    static func qualityNotes(_ f: FeatureDrift) -> [(text: String, warn: Bool)] {
        let q = f.quality
        var notes: [(text: String, warn: Bool)] = []
        if q.referenceMissing > 0 || q.currentMissing > 0 {
            let rise = q.currentMissingRate > q.referenceMissingRate + 0.01
            notes.append(
                ("missing \(DriftHTMLFormat.percent(q.referenceMissingRate, 1)) → \(DriftHTMLFormat.percent(q.currentMissingRate, 1))", rise))
        }
        if q.outOfRange > 0 { notes.append(("\(DriftHTMLFormat.grouped(q.outOfRange)) out of range", true)) }
        if let newToModel = q.modelUnseenRows, newToModel > 0 {
            let share = q.currentShare(newToModel)
            notes.append(("\(DriftHTMLFormat.grouped(newToModel)) rows (\(DriftHTMLFormat.percent(share, 1))) new to the model", share > 0.05))
        }
        if q.unseenRows > 0 || q.unseenDistinct > 0 {
            let distinct = q.unseenDistinct > 0 ? ", \(DriftHTMLFormat.grouped(q.unseenDistinct)) categor\(q.unseenDistinct == 1 ? "y" : "ies")" : ""
            notes.append(
                (
                    "\(DriftHTMLFormat.grouped(q.unseenRows)) rows (\(DriftHTMLFormat.percent(q.currentShare(q.unseenRows), 1))) in 'other', not kept by the profile\(distinct)",
                    false
                ))
        }
        if q.nonNumeric > 0 { notes.append(("\(DriftHTMLFormat.grouped(q.nonNumeric)) non-numeric", true)) }
        switch (q.referenceConstant, q.currentConstant) {
        case (true, true): notes.append(("constant in both", false))
        case (true, false): notes.append(("constant in reference", true))
        case (false, true): notes.append(("constant in current", true))
        case (false, false): break
        }
        return notes
    }

    static func notesHTML(_ notes: [(text: String, warn: Bool)]) -> String {
        guard !notes.isEmpty else { return "<span class=\"muted\">–</span>" }
        return "<ul class=\"notes\">" + notes.map { "<li\($0.warn ? " class=\"warn\"" : "")>\($0.text)</li>" }.joined() + "</ul>"
    }
}

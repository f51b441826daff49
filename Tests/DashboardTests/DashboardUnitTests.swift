import Foundation
import FoundationXML
import MLOpsErrors
import Mustache
import Testing

@testable import Dashboard
@testable import HTMLViews

/// The dashboard's pure parts: templates that parse, formatting, form and cookie parsing, the
/// `next` target's checks, and charts that are well-formed SVG with their text escaped.
@Suite struct DashboardUnitTests {
    @Test func everyTemplateParses() throws {
        let renderer = try PageRenderer()
        for name in PageRenderer.templates.keys { #expect(renderer.library.getTemplate(named: name) != nil, "\(name)") }
    }

    struct Step {
        var name: String
        var duration: String?
    }
    struct Run {
        var duration: String
        var steps: [Step]
        var challenger: Int?
        var badge: Badge?
    }

    @Test func absentOptionalsAreFalseAndNeverFallThroughToTheEnclosingValue() throws {
        let template = try MustacheTemplate(
            string:
                "{{#steps}}[{{name}}{{#duration}} {{duration}}{{/duration}}]{{/steps}} {{#challenger}}v{{challenger}}{{/challenger}}{{^challenger}}none{{/challenger}} {{#badge}}{{text}}{{/badge}}"
        )
        let run = Run(
            duration: "4 s", steps: [Step(name: "train", duration: "3 s"), Step(name: "canary", duration: nil)], challenger: nil,
            badge: Badge(text: "ok", style: "ok"))
        #expect(template.render(TemplateObject.wrap(run)) == "[train 3 s][canary] none ok")
        let other = Run(duration: "1 s", steps: [], challenger: 2, badge: nil)
        #expect(template.render(TemplateObject.wrap(other)) == " v2 ")
    }

    @Test func formsAndCookiesAreDecoded() {
        #expect(HTTPForm.fields("a=1&b=two+words&c=%3Cx%3E&a=2") == ["a": "1", "b": "two words", "c": "<x>"])
        #expect(HTTPForm.fields("reason=&flag") == ["reason": "", "flag": ""])
        #expect(HTTPForm.fields("bad=%ZZ") == nil, "invalid percent-encoding is refused, not guessed")
        #expect(HTTPForm.cookie("mlops_session", in: "theme=dark; mlops_session=abc123; other=1") == "abc123")
        #expect(HTTPForm.cookie("mlops_session", in: "mlops_sessionx=1") == nil)
        #expect(HTTPForm.cookie("mlops_session", in: nil) == nil)
    }

    @Test(arguments: [
        ("/ui/models/ctr", "/ui/models/ctr"), ("//evil.example/x", "/"), ("https://evil.example", "/"),
        ("/\\evil.example", "/"), ("", "/"), ("/a\r\nSet-Cookie: x=1", "/"),
    ])
    func nextTargetsStayOnThisSite(candidate: String, expected: String) {
        #expect(HTTPForm.localPath(candidate) == expected)
    }

    @Test func formattingIsShortAndLocaleFree() {
        #expect(Format.grouped(1_234_567) == "1,234,567" && Format.grouped(-999) == "-999")
        #expect(Format.time(0) == "1970-01-01 00:00 UTC")
        #expect(Format.time(1_796_558_400_000) == "2026-12-06 12:00 UTC")
        #expect(Format.iso(1_796_558_400_000) == "2026-12-06T12:00:00Z")
        #expect(Format.ago(1_000_000 - 42_000, now: 1_000_000) == "42 s ago")
        #expect(Format.ago(0, now: 3 * 86_400_000) == "3.0 d ago")
        #expect(Format.duration(seconds: 0.25) == "250 ms" && Format.duration(seconds: 5400) == "1.5 h")
        #expect(Format.weight(20) == "20%" && Format.weight(2.5) == "2.5%")
        #expect(Format.metric(nil) == "–" && Format.metric(.nan) == "–" && Format.metric(0.123456) == "0.1235")
        #expect(HTMLText.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(Format.pathSegment("a b/c") == "a%20b%2Fc")
    }

    @Test func chartsAreWellFormedSVGWithEscapedText() throws {
        let weight = WeightChart.render(points: [(1_000, 5), (61_000, 20), (121_000, 100)], steps: [5, 20, 100], end: 180_000)
        let intervals = IntervalChart.render(
            rows: [
                .init(label: "<champion>", estimate: 0.2, lower: 0.18, upper: 0.22, style: "champion"),
                .init(label: "challenger", estimate: nil, lower: nil, upper: nil, style: "challenger"),
            ],
            reference: 0, title: "a & b")
        let series = SeriesChart.render(
            points: [.init(at: 0, value: 0.05, style: "ok"), .init(at: 3_600_000, value: 0.3, style: "bad")],
            thresholds: [(0.1, "moderate"), (0.25, "significant")], title: "PSI", valueName: "PSI")
        for svg in [weight, intervals, series] {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")\n\(svg.prefix(300))")
            #expect(svg.hasPrefix("<svg class=\"chart") && svg.contains("role=\"img\"") && svg.contains("aria-label="))
        }
        #expect(intervals.contains("&lt;champion&gt;") && intervals.contains("not enough labelled data yet"))
        #expect(series.contains("class=\"dot bad\""))
        #expect(
            WeightChart.render(points: [], steps: [5], end: 0).isEmpty
                && SeriesChart.render(points: [], thresholds: [], title: "", valueName: "").isEmpty)
    }

    @Test func ticksAreRoundAndCoverTheRange() {
        #expect(IntervalChart.ticks(low: 0, high: 1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0].map { $0 } || IntervalChart.ticks(low: 0, high: 1).count == 6)
        let ticks = IntervalChart.ticks(low: -0.07, high: 0.03)
        #expect(ticks.contains(0) && ticks.allSatisfy { (-0.07...0.03).contains($0) })
    }
}

/// The dashboard's error pages by category agree with the JSON API's statuses.
@Suite struct DashboardErrorPageTests {
    @Test(arguments: MLOpsErrors.ErrorCategory.allCases)
    func eachCategoryHasOnePage(category: MLOpsErrors.ErrorCategory) {
        let expected: [MLOpsErrors.ErrorCategory: Int] = [
            .notFound: 404, .alreadyExists: 409, .conflict: 409, .invalid: 400, .unavailable: 503, .unauthorized: 401, .forbidden: 403,
            .internal: 500,
        ]
        let page = Dashboard.errorPage(category, message: "model 'x' does not exist")
        #expect(Int(page.status.code) == expected[category])
        #expect(page.message.contains("does not exist") == (page.status.code < 500), "store failures are shown without detail")
    }
}

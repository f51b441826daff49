import Testing

@testable import MLflowSearch

@Suite("LIKE / ILIKE patterns")
struct LikePatternTests {
    /// (pattern, text, LIKE result, ILIKE result)
    @Test(
        arguments: [
            ("%", "", true, true), ("%", "anything", true, true), ("", "", true, true), ("", "a", false, false),
            ("abc", "abc", true, true), ("abc", "ABC", false, true), ("aBc", "AbC", false, true),
            ("abc", "abcd", false, false), ("abc", "xabc", false, false),
            ("a_c", "abc", true, true), ("a_c", "ac", false, false), ("a_c", "abbc", false, false),
            ("_", "", false, false), ("_", "é", true, true), ("__", "ab", true, true),
            ("a%", "a", true, true), ("a%", "abc", true, true), ("a%", "ba", false, false),
            ("%a", "ba", true, true), ("%a", "ab", false, false), ("%b%", "abc", true, true),
            ("%B%", "abc", false, true), ("a%b%c", "aXbYc", true, true), ("a%b%c", "aXbY", false, false),
            ("a%%b", "ab", true, true), ("%_%", "", false, false), ("%_%", "x", true, true),
            ("a.c", "abc", false, false), ("a.c", "a.c", true, true), ("a*", "aa", false, false),
            ("a*", "a*", true, true), ("[ab]", "a", false, false), ("^a$", "^a$", true, true),
            ("(x)", "(x)", true, true), ("a\\%", "a\\bc", true, true), ("%mlflow.%", "tags mlflow.runName", true, true),
            ("ÉCOLE", "école", false, true), ("%ss", "miss", true, true),
        ])
    func sQLWildcardSemanticsAnchored(pattern: String, text: String, like: Bool, ilike: Bool) {
        #expect(LikePattern(pattern, caseInsensitive: false).matches(text) == like)
        #expect(LikePattern(pattern, caseInsensitive: true).matches(text) == ilike)
    }

    @Test(.timeLimit(.minutes(1)))
    func pathologicalPatternsFinishQuickly() {
        let text = String(repeating: "a", count: 20_000)
        #expect(!LikePattern("%a%a%a%a%a%a%a%a%a%a%b", caseInsensitive: false).matches(text))
        #expect(LikePattern("%a%a%a%a%a%a%a%a%a%a%", caseInsensitive: true).matches(text))
        #expect(!LikePattern(String(repeating: "_", count: 20_001), caseInsensitive: false).matches(text))
        #expect(LikePattern(String(repeating: "%_", count: 50), caseInsensitive: false).matches(text))
    }

    @Test
    func likeAndILIKEThroughTheFilter() throws {
        let run = TestRecord(params: ["model": "ResNet-50"], tags: ["mlflow.runName": "bright_owl"])
        #expect(try matches("params.model LIKE 'ResNet%'", .runs, run))
        #expect(try !matches("params.model LIKE 'resnet%'", .runs, run))
        #expect(try matches("params.model ILIKE 'resnet%'", .runs, run))
        #expect(try matches("tags.mlflow.runName LIKE 'bright\\_owl'", .runs, run) == false, "no escape character: backslash is literal")
        #expect(try matches("tags.mlflow.runName LIKE 'bright_owl'", .runs, run))
        #expect(try !matches("params.missing LIKE '%'", .runs, run), "a missing key never matches, even '%'")
    }
}

import Testing

@testable import MLflowSearch

@Suite("Filter parsing: runs")
struct FilterParserRunsTests {
    @Test(
        arguments: [
            ("=", ComparisonOperator.equal), ("!=", .notEqual), ("<", .less),
            ("<=", .lessOrEqual), (">", .greater), (">=", .greaterOrEqual),
        ])
    func everyNumericOperatorOnAMetric(symbol: String, op: ComparisonOperator) {
        #expect(single("metrics.rmse \(symbol) 0.5") == Comparison(key: .metric("rmse"), op: op, value: .number(0.5)))
        #expect(single("metrics.rmse\(symbol)0.5") == Comparison(key: .metric("rmse"), op: op, value: .number(0.5)))
    }

    @Test(
        arguments: [
            ("metric.acc > 1", 1.0), ("metrics.acc > -2", -2.0), ("metrics.acc > 1.5e3", 1500.0),
            ("metrics.acc > .25", 0.25), ("metrics.acc > 3.", 3.0), ("metrics.acc > -0.5E-1", -0.05),
            ("`metrics`.acc > 7", 7.0),
        ])
    func metricPrefixesAndNumberForms(text: String, expected: Double) {
        #expect(single(text) == Comparison(key: .metric("acc"), op: .greater, value: .number(expected)))
    }

    @Test(
        arguments: [
            ("=", ComparisonOperator.equal), ("!=", .notEqual), ("LIKE", .like), ("ILIKE", .ilike),
            ("like", .like), ("iLike", .ilike),
        ])
    func stringOperatorsOnParamsAndTags(symbol: String, op: ComparisonOperator) {
        #expect(single("params.lr \(symbol) '0.01'") == Comparison(key: .param("lr"), op: op, value: .string("0.01")))
        #expect(single("tags.team \(symbol) \"ml\"") == Comparison(key: .tag("team"), op: op, value: .string("ml")))
    }

    @Test(
        arguments: [
            ("param.a = 'x'", SearchKey.param("a")), ("params.a = 'x'", .param("a")),
            ("parameter.a = 'x'", .param("a")), ("parameters.a = 'x'", .param("a")),
            ("tag.a = 'x'", .tag("a")), ("tags.a = 'x'", .tag("a")),
            ("tags.mlflow.runName = 'x'", .tag("mlflow.runName")),
            ("tags.`mlflow.runName` = 'x'", .tag("mlflow.runName")),
        ])
    func paramAndTagPrefixes(text: String, key: SearchKey) {
        #expect(single(text)?.key == key)
    }

    @Test(
        arguments: [
            ("run_id = 'abc'", "run_id"), ("attributes.run_id = 'abc'", "run_id"),
            ("attribute.run_name = 'abc'", "run_name"), ("attr.status = 'abc'", "status"),
            ("run.user_id = 'abc'", "user_id"), ("artifact_uri = 'abc'", "artifact_uri"),
            ("attributes.`run name` = 'abc'", "run_name"), ("`Run Name` = 'abc'", "run_name"),
            ("\"Run name\" = 'abc'", "run_name"), ("attributes.\"run name\" = 'abc'", "run_name"),
        ])
    func stringAttributesWithEveryAcceptedSpelling(text: String, name: String) {
        #expect(single(text) == Comparison(key: .attribute(name), op: .equal, value: .string("abc")))
    }

    @Test
    func stringAttributesAcceptLIKEILIKEAnd() {
        #expect(single("status LIKE 'FIN%'")?.op == .like)
        #expect(single("attributes.run_name ILIKE '%x%'")?.op == .ilike)
        #expect(single("user_id != 'bob'")?.op == .notEqual)
    }

    @Test(
        arguments: [
            ("start_time > 1700000000000", "start_time"), ("attributes.end_time <= 5", "end_time"),
            ("created >= 5", "start_time"), ("attributes.Created >= 5", "start_time"),
        ])
    func numericAttributes(text: String, name: String) {
        #expect(single(text)?.key == .attribute(name))
        if case .number = single(text)?.value {} else { Issue.record("expected a number in \(text)") }
    }

    @Test
    func runIdINNOTINLists() {
        #expect(single("run_id IN ('a', 'b')") == Comparison(key: .attribute("run_id"), op: .in, value: .list(["a", "b"])))
        #expect(single("attributes.run_id not in (\"a\",'b',)") == Comparison(key: .attribute("run_id"), op: .notIn, value: .list(["a", "b"])))
        #expect(single("run_id in ('only')")?.value == .list(["only"]))
        #expect(single("run_id NOT   IN ('x')")?.op == .notIn)
    }

    @Test
    func andJoinsClausesCaseInsensitively() throws {
        let filter = try SearchFilterParser.parse("metrics.a > 1 and params.b = 'x' AND tags.c != 'y' aNd status = 'FINISHED'", for: .runs)
        #expect(filter.comparisons.map(\.key) == [.metric("a"), .param("b"), .tag("c"), .attribute("status")])
    }

    @Test(arguments: ["", "   ", "\n\t "])
    func emptyAndWhitespaceFiltersMatchAll(text: String) throws {
        let filter = try SearchFilterParser.parse(text, for: .runs)
        #expect(filter.isMatchAll)
        #expect(filter.matches(TestRecord()))
    }

    @Test
    func quotedKeysWithSpecialCharacters() {
        #expect(single("metrics.`my metric` > 1")?.key == .metric("my metric"))
        #expect(single("tags.\"a b\" = 'x'")?.key == .tag("a b"))
        #expect(single("params.`val-loss` = 'x'")?.key == .param("val-loss"))
        #expect(single("tags.`a``b` = 'x'")?.key == .tag("a`b"))
        #expect(single("metrics.`x.y` < 2")?.key == .metric("x.y"))
    }

    @Test(
        arguments: [
            (#"tags.t = 'it''s'"#, "it's"), (#"tags.t = 'it\'s'"#, "it's"),
            (#"tags.t = "say ""hi""""#, #"say "hi""#), (#"tags.t = "a\"b""#, #"a"b"#),
            (#"tags.t = 'C:\dir'"#, #"C:\dir"#), (#"tags.t = ''"#, ""), (#"tags.t = 'a "b" c'"#, #"a "b" c"#),
            (#"tags.t = 'AND OR ( )'"#, "AND OR ( )"),
        ])
    func escapedAndDoubledQuotesInsideStrings(text: String, expected: String) {
        #expect(single(text)?.value == .string(expected))
    }

    @Test
    func unicodeKeysAndValues() {
        #expect(single("tags.équipe = 'données'") == Comparison(key: .tag("équipe"), op: .equal, value: .string("données")))
    }

    @Test
    func descriptionRoundTripsThroughTheParser() throws {
        let text = "metrics.`my metric` >= 1.5 AND params.lr = 'it''s' AND run_id IN ('a', 'b') AND start_time < 20"
        let filter = try SearchFilterParser.parse(text, for: .runs)
        let again = try SearchFilterParser.parse(filter.description, for: .runs)
        #expect(again == filter)
        #expect(filter.comparisons.count == 4)
    }
}

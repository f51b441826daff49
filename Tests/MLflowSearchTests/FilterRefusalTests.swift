import Testing

@testable import MLflowSearch

@Suite("Filter refusals")
struct FilterRefusalTests {
    @Test(
        arguments: [
            ("foo = 'x'", SearchEntity.runs, "'foo'"),
            ("lifecycle_stage = 'active'", .runs, "'lifecycle_stage'"),
            ("attributes.experiment_id = '1'", .runs, "'experiment_id'"),
            ("Metrics.rmse > 1", .runs, "'Metrics'"),
            ("mlflow.runName = 'x'", .runs, "'mlflow'"),
            ("datasets.name = 'x'", .runs, "Dataset"),
            ("metrics.m > 1", .experiments, "'metrics'"),
            ("experiment_id = '1'", .experiments, "'experiment_id'"),
            ("attributes.name = 'x'", .experiments, "'attributes'"),
            ("params.p = 'x'", .registeredModels, "'params'"),
            ("version_number = 1", .registeredModels, "'version_number'"),
            ("creation_timestamp > 1", .registeredModels, "'creation_timestamp'"),
            ("status = 'READY'", .modelVersions, "'status'"),
            ("run_id = 'r'", .loggedModels, "'run_id'"),
            ("datasets.name = 'x'", .loggedModels, "'datasets'"),
            ("metrics.`` > 1", .runs, "Empty key"),
        ])
    func unknownOrUnsupportedKeys(text: String, entity: SearchEntity, mentions: String) {
        let error = refusal(text, entity)
        #expect(error != nil)
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "no error")")
    }

    @Test(arguments: ["metrics.a > 1 OR metrics.b > 2", "metrics.a > 1 or params.x = 'y'"])
    func orIsRefused(text: String) {
        let error = refusal(text)
        #expect(error?.message.contains("'OR' is not supported") == true)
        #expect(error?.message.contains("AND") == true)
        #expect(error?.column == 15)
    }

    @Test(
        arguments: [
            "(metrics.a > 1)", "metrics.a > 1 AND (params.b = 'x')", "metrics.a > 1)",
            "(metrics.a > 1 OR metrics.b > 1) AND params.c = 'x'",
        ])
    func parenthesesAreRefused(text: String) {
        #expect(refusal(text)?.message.contains("Parentheses are not supported") == true)
    }

    @Test(
        arguments: [
            ("metrics.rmse LIKE '1%'", SearchEntity.runs, "LIKE", "metrics.rmse"),
            ("metrics.rmse IN ('1')", .runs, "IN", "metrics.rmse"),
            ("params.lr > '1'", .runs, ">", "params.lr"),
            ("tags.t <= 'a'", .runs, "<=", "tags.t"),
            ("tags.t IN ('a')", .runs, "IN", "tags.t"),
            ("run_name IN ('a')", .runs, "IN", "run_name"),
            ("status NOT IN ('a')", .runs, "NOT IN", "status"),
            ("start_time LIKE '1%'", .runs, "LIKE", "start_time"),
            ("name > 'a'", .experiments, ">", "name"),
            ("name IN ('a')", .experiments, "IN", "name"),
            ("creation_time ILIKE '1'", .experiments, "ILIKE", "creation_time"),
            ("name IN ('a')", .registeredModels, "IN", "name"),
            ("version_number LIKE '1'", .modelVersions, "LIKE", "version_number"),
            ("run_id NOT IN ('a')", .modelVersions, "NOT IN", "run_id"),
            ("name IN ('a')", .modelVersions, "IN", "name"),
            ("name IN ('a')", .loggedModels, "IN", "name"),
            ("metrics.m LIKE 'a'", .loggedModels, "LIKE", "metrics.m"),
        ])
    func operatorNotValidForTheKeyKind(text: String, entity: SearchEntity, op: String, key: String) {
        let error = refusal(text, entity)
        #expect(error?.message.contains("Operator '\(op)'") == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("'\(key)'") == true)
    }

    @Test(
        arguments: [
            ("metrics.a == 1", "'=='"), ("metrics.a <> 1", "'<>'"), ("params.a NOT LIKE 'x'", "NOT"),
            ("params.a IS 'x'", "'IS'"), ("params.a ! 'x'", "comparison operator"), ("params.a", "end of the filter"),
            ("params.a ~ 'x'", "'~'"),
        ])
    func unsupportedOperatorSpellings(text: String, mentions: String) {
        let error = refusal(text)
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "no error")")
    }

    @Test(
        arguments: [
            "params.a = 'abc", "params.a = \"abc", "params.a = 'it''s", #"params.a = 'abc\'"#,
            "metrics.`abc > 1", "tags.\"abc = 'x'", "run_id IN ('a', 'b'",
        ])
    func unterminatedStringsAndQuotedKeys(text: String) {
        let error = refusal(text)
        #expect(error?.message.contains("Unterminated") == true, "\(error?.message ?? "no error")")
    }

    @Test(
        arguments: [
            "metrics.a > 1abc", "metrics.a > 1.2.3", "metrics.a > -", "metrics.a > 1e", "metrics.a > .", "metrics.a > --1",
            "metrics.a > 1e5x",
        ])
    func badNumbers(text: String) {
        let error = refusal(text)
        #expect(error?.message.contains("Invalid number") == true, "\(error?.message ?? "no error")")
        #expect(error?.column == 13)
    }

    @Test
    func numbersOutsideDoublesRangeAreRefused() {
        #expect(refusal("metrics.a > 1e999")?.message.contains("Invalid number") == true)
    }

    @Test(
        arguments: [
            ("metrics.a > 1 metrics.b > 2", "'metrics'"), ("metrics.a > 1;", "';'"),
            ("params.a = 'x' 'y'", "'''"), ("params.a = 'x' ANDparams.b = 'y'", "'ANDparams'"),
            ("metrics.a > 1 AND", "after AND"), ("metrics.a > 1 AND  ", "after AND"),
        ])
    func trailingGarbage(text: String, mentions: String) {
        let error = refusal(text)
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "no error")")
    }

    @Test(
        arguments: [
            ("metrics.a > '1'", SearchEntity.runs, "quoted string"),
            ("metrics.a = \"1\"", .runs, "quoted string"),
            ("start_time > '1'", .runs, "quoted string"),
            ("creation_time > '1'", .experiments, "quoted string"),
            ("version_number > '1.5'", .modelVersions, "quoted string"),
            ("metrics.a > abc", .runs, "numeric value"),
            ("params.a = 1", .runs, "quoted string value"),
            ("tags.a = abc", .runs, "quoted string value"),
            ("status = FINISHED", .runs, "quoted string value"),
            ("name = 5", .registeredModels, "quoted string value"),
        ])
    func valueTypeMustFitTheKey(text: String, entity: SearchEntity, mentions: String) {
        let error = refusal(text, entity)
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "no error")")
    }

    @Test(
        arguments: [
            ("run_id IN ()", "empty list"), ("run_id IN (1, 2)", "quoted strings"),
            ("run_id IN (a)", "quoted strings"), ("run_id IN 'a'", "parenthesised list"),
            ("run_id = ('a')", "only allowed with IN"), ("run_id IN ('a' 'b')", "Expected ',' or ')'"),
            ("run_id IN (,)", "quoted strings"),
        ])
    func listShape(text: String, mentions: String) {
        let error = refusal(text)
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "no error")")
    }

    @Test
    func keysWithSpecialCharactersMustBeQuoted() {
        let error = refusal("metrics.val-loss > 1")
        #expect(error != nil)
        #expect(error?.column == 12)
        #expect(refusal("tags. = 'x'")?.message.contains("Expected a key name after 'tags.'") == true)
        #expect(refusal("tags.a. = 'x'")?.message.contains("ends with '.'") == true)
        #expect(refusal("= 'x'")?.message.contains("Expected a key") == true)
    }

    @Test
    func errorsReportTheColumnOfTheOffendingToken() {
        let error = refusal("metrics.a > 1 AND params.b LIKE 2")
        #expect(error?.column == 33)
        #expect(error?.message.hasSuffix("(at column 33)") == true)
        #expect(refusal("metrics.a > 1 AND bogus = 'x'")?.column == 19)
        #expect(refusal("params.a = 'x' AND params.b LIKE 'y' OR x")?.column == 38)
    }
}

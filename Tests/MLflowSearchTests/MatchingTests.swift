import Testing

@testable import MLflowSearch

@Suite("Filter evaluation")
struct MatchingTests {
    static let run = TestRecord(
        id: "r1",
        attributes: [
            "run_id": .string("a1b2"), "run_name": .string("bright_owl"), "status": .string("FINISHED"),
            "user_id": .string("alice"), "start_time": .number(1_700_000_000_000), "artifact_uri": .string("s3://b/a1b2"),
        ],
        metrics: ["rmse": 0.25, "acc": 0.9, "weird": .nan],
        params: ["lr": "0.01", "layers": "4"],
        tags: ["team": "vision", "mlflow.runName": "bright_owl"])

    @Test(
        arguments: [
            ("metrics.rmse < 0.3", true), ("metrics.rmse <= 0.25", true), ("metrics.rmse > 0.25", false),
            ("metrics.rmse >= 0.25", true), ("metrics.rmse = 0.25", true), ("metrics.rmse != 0.25", false),
            ("metrics.acc > 0.5 AND metrics.rmse < 0.3", true), ("metrics.acc > 0.5 AND metrics.rmse > 0.3", false),
            ("metrics.weird > 0", false), ("metrics.weird < 0", false), ("metrics.weird = 0", false),
            ("metrics.weird != 0", true),
        ])
    func metricComparisons(filter: String, expected: Bool) throws {
        #expect(try matches(filter, .runs, Self.run) == expected)
    }

    @Test(
        arguments: [
            "metrics.loss > 0", "metrics.loss != 1", "params.missing = 'x'", "params.missing != 'x'",
            "tags.missing ILIKE '%'", "end_time > 0", "end_time != 0",
        ])
    func aMissingKeyMakesTheComparisonFalseWhateverTheOperator(filter: String) throws {
        #expect(try !matches(filter, .runs, Self.run))
    }

    @Test(
        arguments: [
            ("params.lr = '0.01'", true), ("params.lr = '0.010'", false), ("params.lr != '0.1'", true),
            ("tags.team = 'Vision'", false), ("tags.team ILIKE 'VISION'", true), ("tags.mlflow.runName = 'bright_owl'", true),
            ("attributes.run_name = 'bright_owl'", true), ("`Run Name` LIKE 'bright%'", true),
            ("status = 'FINISHED'", true), ("attribute.status != 'FINISHED'", false), ("user_id LIKE 'al_ce'", true),
            ("artifact_uri LIKE 's3://%'", true),
        ])
    func paramsTagsAndStringAttributes(filter: String, expected: Bool) throws {
        #expect(try matches(filter, .runs, Self.run) == expected)
    }

    @Test(
        arguments: [
            ("start_time > 1699999999999", true), ("start_time = 1700000000000", true),
            ("created < 1700000000000", false), ("attributes.start_time >= 1.7e12", true),
        ])
    func numericAttributesAndAliases(filter: String, expected: Bool) throws {
        #expect(try matches(filter, .runs, Self.run) == expected)
    }

    @Test
    func runIdINNOTIN() throws {
        #expect(try matches("run_id IN ('zz', 'a1b2')", .runs, Self.run))
        #expect(try !matches("run_id IN ('zz')", .runs, Self.run))
        #expect(try matches("run_id NOT IN ('zz')", .runs, Self.run))
        #expect(try !matches("run_id NOT IN ('a1b2', 'zz')", .runs, Self.run))
        #expect(try !matches("run_id NOT IN ('zz')", .runs, TestRecord()), "missing run_id is false even for NOT IN")
    }

    @Test
    func aRecordReturningNumbersAsStringsStillComparesNumerically() throws {
        let experiment = TestRecord(attributes: ["name": .string("e"), "creation_time": .string("100")])
        #expect(try matches("creation_time > 99", .experiments, experiment))
        #expect(try !matches("creation_time > 100", .experiments, experiment))
        let version = TestRecord(attributes: ["version_number": .number(3)])
        #expect(try matches("version_number = '3'", .modelVersions, version))
        #expect(try matches("version_number > 2", .modelVersions, version))
        #expect(try !matches("version_number < 3", .modelVersions, version))
    }

    @Test
    func modelVersionRunIdIN() throws {
        let version = TestRecord(attributes: ["name": .string("m"), "run_id": .string("r9")])
        #expect(try matches("name = 'm' AND run_id IN ('r1', 'r9')", .modelVersions, version))
        #expect(try !matches("run_id IN ('r1')", .modelVersions, version))
    }

    @Test
    func loggedModelsMetricsParamsTagsAttributes() throws {
        let model = TestRecord(
            attributes: [
                "name": .string("clf"), "model_id": .string("m-1"), "status": .string("READY"),
                "creation_timestamp": .number(10),
            ],
            metrics: ["accuracy": 0.93], params: ["depth": "3"], tags: ["k": "v"])
        #expect(try matches("metrics.accuracy > 0.9 AND params.depth = '3' AND tags.k = 'v'", .loggedModels, model))
        #expect(try matches("creation_time >= 10 AND status = 'READY' AND name LIKE 'c%'", .loggedModels, model))
        #expect(try !matches("last_updated_timestamp > 0", .loggedModels, model))
    }

    @Test
    func missingPromptTagCountsAsFalseForRegisteredModelsAndVersions() throws {
        let plain = TestRecord(attributes: ["name": .string("m")])
        let prompt = TestRecord(attributes: ["name": .string("p")], tags: ["mlflow.prompt.is_prompt": "true"])
        let clientFilter = "name LIKE '%' AND tag.`mlflow.prompt.is_prompt` != 'true'"
        for entity in [SearchEntity.registeredModels, .modelVersions] {
            #expect(try matches(clientFilter, entity, plain))
            #expect(try !matches(clientFilter, entity, prompt))
            #expect(try matches("tags.`mlflow.prompt.is_prompt` = 'false'", entity, plain))
            #expect(try !matches("tags.`mlflow.prompt.is_prompt` = 'true'", entity, plain))
            #expect(try matches("tags.`mlflow.prompt.is_prompt` = 'true'", entity, prompt))
            #expect(try !matches("tags.`mlflow.prompt.is_prompt` LIKE 'f%'", entity, plain))
        }
        #expect(try !matches("tags.`mlflow.prompt.is_prompt` != 'true'", .runs, plain), "the exception is only for model registry entities")
    }

    @Test
    func isQueryingPromptsFollowsMLflowsSQLStore() throws {
        func querying(_ text: String, _ entity: SearchEntity = .registeredModels) throws -> Bool {
            try SearchFilterParser.parse(text, for: entity).isQueryingPrompts
        }
        #expect(try querying("tags.`mlflow.prompt.is_prompt` = 'true'"))
        #expect(try querying("tags.`mlflow.prompt.is_prompt` = 'TRUE'", .modelVersions))
        #expect(try querying("name = 'x' AND tags.`mlflow.prompt.is_prompt` != 'false'"))
        #expect(try !querying("tags.`mlflow.prompt.is_prompt` != 'true'"))
        #expect(try !querying("tags.`mlflow.prompt.is_prompt` = 'false'"))
        #expect(try !querying("name = 'x'"))
        #expect(try !querying(""))
        #expect(try !querying("tags.`mlflow.prompt.is_prompt` = 'true'", .runs))
    }

    @Test
    func anEmptyFilterMatchesEveryRecord() throws {
        #expect(try matches("", .runs, Self.run))
        #expect(try matches("", .experiments, TestRecord()))
    }
}

import Testing

@testable import MLflowSearch

@Suite("Filter parsing: experiments, models, versions, logged models")
struct FilterParserEntityTests {
    @Test
    func experiments() {
        #expect(single("name = 'exp'", .experiments) == Comparison(key: .attribute("name"), op: .equal, value: .string("exp")))
        #expect(single("attribute.name ILIKE '%exp%'", .experiments)?.op == .ilike)
        #expect(single("creation_time > 100", .experiments) == Comparison(key: .attribute("creation_time"), op: .greater, value: .number(100)))
        #expect(single("last_update_time <= 100", .experiments)?.key == .attribute("last_update_time"))
        #expect(single("tags.owner LIKE 'a%'", .experiments) == Comparison(key: .tag("owner"), op: .like, value: .string("a%")))
        #expect(single("tag.owner != 'b'", .experiments)?.key == .tag("owner"))
    }

    @Test
    func registeredModels() {
        #expect(single("name LIKE 'fraud%'", .registeredModels) == Comparison(key: .attribute("name"), op: .like, value: .string("fraud%")))
        #expect(single("attribute.name = 'm'", .registeredModels)?.key == .attribute("name"))
        #expect(single("tags.`mlflow.prompt.is_prompt` != 'true'", .registeredModels)?.key == .tag("mlflow.prompt.is_prompt"))
        #expect(single("tag.`mlflow.prompt.is_prompt` != 'true'", .registeredModels)?.key == .tag("mlflow.prompt.is_prompt"))
    }

    @Test
    func modelVersions() {
        #expect(single("name = 'm'", .modelVersions)?.key == .attribute("name"))
        #expect(
            single("version_number >= 3", .modelVersions) == Comparison(key: .attribute("version_number"), op: .greaterOrEqual, value: .number(3)))
        #expect(single("version_number = '3'", .modelVersions)?.value == .number(3), "MLflow accepts a quoted integer here")
        #expect(single("run_id = 'abc'", .modelVersions)?.key == .attribute("run_id"))
        #expect(single("run_id IN ('a','b')", .modelVersions) == Comparison(key: .attribute("run_id"), op: .in, value: .list(["a", "b"])))
        #expect(single("source_path LIKE 's3://%'", .modelVersions)?.key == .attribute("source_path"))
        #expect(single("tags.stage = 'prod'", .modelVersions)?.key == .tag("stage"))
    }

    @Test
    func loggedModels() {
        for name in ["name", "model_id", "model_type", "status", "source_run_id"] {
            #expect(single("\(name) = 'v'", .loggedModels) == Comparison(key: .attribute(name), op: .equal, value: .string("v")))
        }
        #expect(single("attributes.name LIKE 'x%'", .loggedModels)?.key == .attribute("name"))
        #expect(single("creation_timestamp > 5", .loggedModels)?.key == .attribute("creation_timestamp"))
        #expect(single("creation_time > 5", .loggedModels)?.key == .attribute("creation_timestamp"))
        #expect(single("last_updated_timestamp < 5", .loggedModels)?.key == .attribute("last_updated_timestamp"))
        #expect(single("last_updated_time < 5", .loggedModels)?.key == .attribute("last_updated_timestamp"))
        #expect(single("metrics.accuracy >= 0.9", .loggedModels) == Comparison(key: .metric("accuracy"), op: .greaterOrEqual, value: .number(0.9)))
        #expect(single("params.lr = '0.1'", .loggedModels)?.key == .param("lr"))
        #expect(single("tags.k ILIKE 'v'", .loggedModels)?.key == .tag("k"))
    }
}

@Suite("Filter descriptions")
struct FilterDescriptionTests {
    @Test(
        arguments: [
            (
                "metrics.`my metric` >= 1.5 AND params.lr = 'it''s' AND run_id IN ('a', 'b') AND `Run Name` LIKE 'x%' AND tags.mlflow.runName != 'y'",
                SearchEntity.runs
            ),
            ("name ILIKE 'e%' AND creation_time > 5 AND tags.`a b` = 'c'", .experiments),
            ("name = 'm' AND tag.`mlflow.prompt.is_prompt` != 'true'", .registeredModels),
            ("version_number = '3' AND run_id IN ('r') AND source_path LIKE 's3://%'", .modelVersions),
            ("creation_time > 1 AND metrics.acc > 0.5 AND params.p = 'q' AND model_type = 'sk'", .loggedModels),
        ])
    func descriptionParsesBackToTheSameFilterForEveryEntity(text: String, entity: SearchEntity) throws {
        let filter = try SearchFilterParser.parse(text, for: entity)
        #expect(try SearchFilterParser.parse(filter.description, for: entity) == filter)
    }

    @Test
    func keysPrintInMLflowSyntax() {
        #expect(SearchKey.attribute("run_id").description == "run_id")
        #expect(SearchKey.attribute("odd name").description == "`odd name`")
        #expect(SearchKey.metric("my metric").description == "metrics.`my metric`")
        #expect(SearchKey.tag("mlflow.runName").description == "tags.mlflow.runName")
        #expect(SearchKey.param("a`b").description == "params.`a``b`")
        #expect(OrderBy(key: .metric("rmse"), ascending: false).description == "metrics.rmse DESC")
    }
}

import Testing

@testable import MLflowSearch

@Suite("order_by parsing and sorting")
struct OrderByTests {
    @Test(
        arguments: [
            ("metrics.rmse DESC", SearchEntity.runs, OrderBy(key: .metric("rmse"), ascending: false)),
            ("metrics.`my metric` desc", .runs, OrderBy(key: .metric("my metric"), ascending: false)),
            ("params.lr asc", .runs, OrderBy(key: .param("lr"))),
            ("tags.mlflow.runName", .runs, OrderBy(key: .tag("mlflow.runName"))),
            ("attributes.start_time", .runs, OrderBy(key: .attribute("start_time"))),
            ("created DESC", .runs, OrderBy(key: .attribute("start_time"), ascending: false)),
            ("  run_name   ASC  ", .runs, OrderBy(key: .attribute("run_name"))),
            ("name ASC", .experiments, OrderBy(key: .attribute("name"))),
            ("experiment_id DESC", .experiments, OrderBy(key: .attribute("experiment_id"), ascending: false)),
            ("attribute.last_update_time", .experiments, OrderBy(key: .attribute("last_update_time"))),
            ("name DESC", .registeredModels, OrderBy(key: .attribute("name"), ascending: false)),
            ("timestamp DESC", .registeredModels, OrderBy(key: .attribute("last_updated_timestamp"), ascending: false)),
            ("last_updated_timestamp", .registeredModels, OrderBy(key: .attribute("last_updated_timestamp"))),
            ("creation_timestamp", .registeredModels, OrderBy(key: .attribute("creation_timestamp"))),
            ("version_number DESC", .modelVersions, OrderBy(key: .attribute("version_number"), ascending: false)),
            ("last_updated_timestamp ASC", .modelVersions, OrderBy(key: .attribute("last_updated_timestamp"))),
            ("metrics.accuracy DESC", .loggedModels, OrderBy(key: .metric("accuracy"), ascending: false)),
            ("creation_time", .loggedModels, OrderBy(key: .attribute("creation_timestamp"))),
            ("model_id", .loggedModels, OrderBy(key: .attribute("model_id"))),
        ])
    func acceptedItems(item: String, entity: SearchEntity, expected: OrderBy) throws {
        #expect(try OrderByParser.parse([item], for: entity) == [expected])
    }

    @Test(
        arguments: [
            (["timestamp"], SearchEntity.runs, "'timestamp'"),
            (["lifecycle_stage"], .runs, "'lifecycle_stage'"),
            (["tags.owner"], .experiments, "'tags'"),
            (["tags.owner"], .registeredModels, "'tags'"),
            (["run_id"], .modelVersions, "'run_id'"),
            (["params.depth"], .loggedModels, "'params'"),
            (["attributes.name"], .loggedModels, "'attributes'"),
            (["name UP"], .experiments, "'UP'"),
            (["name ASC extra"], .experiments, "'extra'"),
            (["name ASC;"], .experiments, "';'"),
            (["metrics.rmse DESC"], .experiments, "'metrics'"),
            ([""], .runs, "Empty"),
            (["   "], .runs, "Empty"),
            (["metrics.`unterminated"], .runs, "Unterminated"),
            (["name", "name DESC"], .experiments, "duplicate"),
            (["timestamp", "last_updated_timestamp DESC"], .registeredModels, "duplicate"),
            (["created", "start_time"], .runs, "duplicate"),
        ])
    func refusedItems(items: [String], entity: SearchEntity, mentions: String) {
        let error = orderByRefusal(items, entity)
        #expect(error?.message.contains(mentions) == true, "\(error?.message ?? "no error")")
    }

    @Test
    func structuredLoggedModelOrderByFields() throws {
        #expect(
            try OrderByParser.parseField("metrics.accuracy", ascending: false, for: .loggedModels)
                == OrderBy(key: .metric("accuracy"), ascending: false))
        #expect(try OrderByParser.parseField("creation_time", ascending: true, for: .loggedModels) == OrderBy(key: .attribute("creation_timestamp")))
        #expect(throws: SearchError.self) { try OrderByParser.parseField("name DESC", ascending: true, for: .loggedModels) }
        #expect(throws: SearchError.self) { try OrderByParser.parseField("tags.x", ascending: true, for: .loggedModels) }
    }

    static let records = [
        TestRecord(id: "a", attributes: ["name": .string("b")], metrics: ["m": 2]),
        TestRecord(id: "b", attributes: ["name": .string("a")]),
        TestRecord(id: "c", attributes: ["name": .string("c")], metrics: ["m": 1]),
        TestRecord(id: "d", metrics: ["m": .nan]),
        TestRecord(id: "e", attributes: ["name": .string("a")], metrics: ["m": 3]),
    ]

    private func order(_ items: [String], _ entity: SearchEntity = .runs) throws -> [String] {
        SearchOrdering.sorted(Self.records, by: try OrderByParser.parse(items, for: entity)).map(\.id)
    }

    @Test
    func missingValuesSortLastNaNJustBeforeThemInBothDirections() throws {
        #expect(try order(["metrics.m"]) == ["c", "a", "e", "d", "b"])
        #expect(try order(["metrics.m DESC"]) == ["e", "a", "c", "d", "b"])
        #expect(try order(["name"], .experiments) == ["b", "e", "a", "c", "d"])
        #expect(try order(["name DESC"], .experiments) == ["c", "a", "b", "e", "d"])
    }

    @Test
    func laterItemsBreakTiesEqualRecordsKeepInputOrder() throws {
        #expect(try order(["name", "metrics.m DESC"], .loggedModels) == ["e", "b", "a", "c", "d"])
        #expect(try order(["name", "metrics.m"], .loggedModels) == ["e", "b", "a", "c", "d"])
        #expect(try order(["name DESC", "metrics.m DESC"], .loggedModels) == ["c", "a", "e", "b", "d"])
        #expect(SearchOrdering.sorted(Self.records, by: []).map(\.id) == ["a", "b", "c", "d", "e"])
    }

    @Test
    func comparatorAgreesWithSortedBy() throws {
        let orderBy = try OrderByParser.parse(["metrics.m DESC"], for: .runs)
        let sorted = Self.records.sorted { SearchOrdering.areInIncreasingOrder($0, $1, by: orderBy) }
        #expect(sorted.map(\.id) == ["e", "a", "c", "d", "b"])
        #expect(SearchOrdering.compare(Self.records[0], Self.records[0], by: orderBy) == 0)
        #expect(SearchOrdering.compare(Self.records[4], Self.records[0], by: orderBy) < 0)
        #expect(SearchOrdering.compare(Self.records[1], Self.records[3], by: orderBy) > 0)
    }

    @Test
    func stringsSortByCodePointLikePythonAndSQLBinaryCollation() {
        let values = ["b", "B", "a", "é", "Z"].map { TestRecord(id: $0, attributes: ["name": .string($0)]) }
        let sorted = SearchOrdering.sorted(values, by: [OrderBy(key: .attribute("name"))]).map(\.id)
        #expect(sorted == ["B", "Z", "a", "b", "é"])
    }

    @Test
    func mLflowDefaultOrderingAndTieBreakers() {
        let start = OrderBy(key: .attribute("start_time"), ascending: false)
        #expect(SearchOrdering.effectiveOrder([], for: .runs) == [start, OrderBy(key: .attribute("run_id"))])
        let rmse = OrderBy(key: .metric("rmse"))
        #expect(SearchOrdering.effectiveOrder([rmse], for: .runs) == [rmse, start, OrderBy(key: .attribute("run_id"))])
        #expect(
            SearchOrdering.effectiveOrder([], for: .experiments) == [
                OrderBy(key: .attribute("creation_time"), ascending: false), OrderBy(key: .attribute("experiment_id")),
            ])
        let name = OrderBy(key: .attribute("name"))
        #expect(SearchOrdering.effectiveOrder([name], for: .experiments) == [name, OrderBy(key: .attribute("experiment_id"), ascending: false)])
        #expect(
            SearchOrdering.effectiveOrder([OrderBy(key: .attribute("name"), ascending: false)], for: .registeredModels)
                == [OrderBy(key: .attribute("name"), ascending: false)])
        #expect(SearchOrdering.effectiveOrder([], for: .modelVersions) == [name, OrderBy(key: .attribute("version_number"), ascending: false)])
        #expect(
            SearchOrdering.effectiveOrder([], for: .loggedModels) == [
                OrderBy(key: .attribute("creation_timestamp"), ascending: false), OrderBy(key: .attribute("model_id")),
            ])
    }
}

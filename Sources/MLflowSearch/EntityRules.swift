/// The MLflow search rules for one entity.
///
/// Sources (read, not copied): `mlflow/utils/search_utils.py` —
/// `SearchUtils` (runs), `SearchExperimentsUtils`, `SearchModelUtils`,
/// `SearchModelVersionUtils`, `SearchLoggedModelsUtils` — together with
/// `mlflow/utils/search_logged_model_utils.py`, `mlflow/entities/run_info.py`
/// and the SQLAlchemy stores' order-by handling.
struct EntityRules: Sendable {
    let entity: SearchEntity
    let filterKeys: KeyTable
    let orderByKeys: KeyTable
    /// String attributes that accept a parenthesised list, with the list operators allowed.
    let listOperators: [String: [ComparisonOperator]]
    /// Numeric attributes MLflow also accepts as a quoted integer (`version_number = '3'`).
    let quotedIntegerAttributes: Set<String>

    static func rules(for entity: SearchEntity) -> EntityRules {
        switch entity {
        case .runs: return runs
        case .experiments: return experiments
        case .registeredModels: return registeredModels
        case .modelVersions: return modelVersions
        case .loggedModels: return loggedModels
        }
    }

    // MARK: Per-entity tables

    private static let runMetricPrefixes: Set<String> = ["metric", "metrics"]
    private static let runParamPrefixes: Set<String> = ["param", "params", "parameter", "parameters"]
    private static let tagPrefixes: Set<String> = ["tag", "tags"]
    private static let runAttributePrefixes: Set<String> = ["attribute", "attributes", "attr", "run"]
    /// `RunInfo.get_searchable_attributes()`.
    private static let runStringAttributes: Set<String> = ["run_id", "run_name", "user_id", "status", "artifact_uri"]
    private static let runNumericAttributes: Set<String> = ["start_time", "end_time"]

    static let runs = EntityRules(
        entity: .runs,
        filterKeys: KeyTable(
            metricPrefixes: runMetricPrefixes, paramPrefixes: runParamPrefixes, tagPrefixes: tagPrefixes,
            attributePrefixes: runAttributePrefixes,
            stringAttributes: runStringAttributes, numericAttributes: runNumericAttributes,
            aliases: [
                "created": "start_time", "Created": "start_time",
                "run name": "run_name", "Run name": "run_name", "Run Name": "run_name",
            ]),
        orderByKeys: KeyTable(
            metricPrefixes: runMetricPrefixes, paramPrefixes: runParamPrefixes, tagPrefixes: tagPrefixes,
            attributePrefixes: runAttributePrefixes,
            stringAttributes: runStringAttributes, numericAttributes: runNumericAttributes,
            aliases: ["created": "start_time", "Created": "start_time"]),
        listOperators: ["run_id": [.in, .notIn]],
        quotedIntegerAttributes: [])

    static let experiments = EntityRules(
        entity: .experiments,
        filterKeys: KeyTable(
            tagPrefixes: tagPrefixes, attributePrefixes: ["attribute"],
            stringAttributes: ["name"], numericAttributes: ["creation_time", "last_update_time"]),
        orderByKeys: KeyTable(
            attributePrefixes: ["attribute"],
            stringAttributes: ["name", "experiment_id"], numericAttributes: ["creation_time", "last_update_time"]),
        listOperators: [:],
        quotedIntegerAttributes: [])

    static let registeredModels = EntityRules(
        entity: .registeredModels,
        filterKeys: KeyTable(
            tagPrefixes: tagPrefixes, attributePrefixes: ["attribute"],
            stringAttributes: ["name"]),
        orderByKeys: KeyTable(
            attributePrefixes: ["attribute"],
            stringAttributes: ["name"], numericAttributes: ["creation_timestamp", "last_updated_timestamp"],
            aliases: ["timestamp": "last_updated_timestamp"]),
        listOperators: [:],
        quotedIntegerAttributes: [])

    static let modelVersions = EntityRules(
        entity: .modelVersions,
        filterKeys: KeyTable(
            tagPrefixes: tagPrefixes, attributePrefixes: ["attribute"],
            stringAttributes: ["name", "run_id", "source_path"], numericAttributes: ["version_number"]),
        orderByKeys: KeyTable(
            attributePrefixes: ["attribute"],
            stringAttributes: ["name"],
            numericAttributes: ["version_number", "creation_timestamp", "last_updated_timestamp"]),
        listOperators: ["run_id": [.in]],
        quotedIntegerAttributes: ["version_number"])

    private static let loggedModelStringAttributes: Set<String> = ["name", "model_id", "model_type", "status", "source_run_id"]
    private static let loggedModelNumericAttributes: Set<String> = ["creation_timestamp", "last_updated_timestamp"]
    private static let loggedModelAliases = ["creation_time": "creation_timestamp", "last_updated_time": "last_updated_timestamp"]

    static let loggedModels = EntityRules(
        entity: .loggedModels,
        filterKeys: KeyTable(
            metricPrefixes: runMetricPrefixes, paramPrefixes: runParamPrefixes, tagPrefixes: tagPrefixes,
            attributePrefixes: runAttributePrefixes,
            stringAttributes: loggedModelStringAttributes, numericAttributes: loggedModelNumericAttributes,
            aliases: loggedModelAliases),
        orderByKeys: KeyTable(
            metricPrefixes: ["metrics"],
            stringAttributes: loggedModelStringAttributes, numericAttributes: loggedModelNumericAttributes,
            aliases: loggedModelAliases),
        listOperators: [:],
        quotedIntegerAttributes: [])

    // MARK: Checks

    /// Operators MLflow accepts for a key of this kind.
    func allowedOperators(for key: SearchKey, kind: KeyKind) -> [ComparisonOperator] {
        switch kind {
        case .metric, .numericAttribute:
            return ComparisonOperator.numeric
        case .param, .tag:
            return ComparisonOperator.string
        case .stringAttribute:
            return ComparisonOperator.string + (listOperators[key.name] ?? [])
        }
    }

    func checkOperator(_ op: ComparisonOperator, key: SearchKey, kind: KeyKind, raw: RawKey, column: Int) throws(SearchError) {
        let allowed = allowedOperators(for: key, kind: kind)
        guard !allowed.contains(op) else { return }
        var message =
            "Operator '\(op)' is not supported for \(kind.label) '\(raw.text)' in \(entity.displayName) search; supported operators are \(allowed.map(\.rawValue).joined(separator: ", "))"
        if op.takesList, kind == .stringAttribute {
            let listKeys = listOperators.keys.sorted()
            message +=
                listKeys.isEmpty
                ? " (\(entity.displayName) search does not support \(op))"
                : " (only \(listKeys.joined(separator: ", ")) supports \(op))"
        }
        throw SearchError(message, column: column)
    }

    func checkValue(_ raw: RawValue, key: SearchKey, kind: KeyKind, op: ComparisonOperator, rawKey: RawKey, column: Int) throws(SearchError)
        -> SearchValue
    {
        let subject = "\(kind.label) '\(rawKey.text)'"
        if op.takesList {
            guard case .list(let items) = raw else {
                throw SearchError(
                    "Operator '\(op)' requires a parenthesised list of quoted strings, e.g. \(rawKey.text) \(op) ('a', 'b'), but found \(Self.show(raw))",
                    column: column)
            }
            return .list(items)
        }
        if case .list = raw {
            throw SearchError("A parenthesised list is only allowed with IN or NOT IN, not with '\(op)' on \(subject)", column: column)
        }
        switch kind {
        case .metric, .numericAttribute:
            switch raw {
            case .number(let number, _):
                return .number(number)
            case .string(let text):
                if quotedIntegerAttributes.contains(key.name), let integer = Int64(text) {
                    return .number(Double(integer))
                }
                throw SearchError(
                    "Expected a numeric value for \(subject) but found quoted string \(Self.show(raw)); numbers must not be quoted", column: column)
            case .bareWord, .list:
                throw SearchError("Expected a numeric value for \(subject) but found \(Self.show(raw))", column: column)
            }
        case .param, .tag, .stringAttribute:
            switch raw {
            case .string(let text):
                return .string(text)
            case .number, .bareWord, .list:
                throw SearchError(
                    "Expected a quoted string value for \(subject) (e.g. 'my-value') but found \(Self.show(raw)); use single or double quotes",
                    column: column)
            }
        }
    }

    private static func show(_ raw: RawValue) -> String {
        switch raw {
        case .string(let text): return SearchValue.string(text).description
        case .number(_, let text): return text
        case .list(let items): return SearchValue.list(items).description
        case .bareWord(let word): return word
        }
    }
}

/// How a resolved key is compared.
enum KeyKind: Sendable, Equatable {
    case metric, param, tag, stringAttribute, numericAttribute

    var label: String {
        switch self {
        case .metric: return "metric"
        case .param: return "param"
        case .tag: return "tag"
        case .stringAttribute: return "string attribute"
        case .numericAttribute: return "numeric attribute"
        }
    }
}

/// Which key prefixes and attribute names one entity accepts in one context
/// (filter or `order_by`), and how they canonicalise.
struct KeyTable: Sendable {
    var metricPrefixes: Set<String> = []
    var paramPrefixes: Set<String> = []
    var tagPrefixes: Set<String> = []
    var attributePrefixes: Set<String> = []
    var stringAttributes: Set<String> = []
    var numericAttributes: Set<String> = []
    /// Alternative attribute spellings → canonical attribute name.
    var aliases: [String: String] = [:]

    /// All prefixes MLflow knows for any entity, to tell "unknown prefix"
    /// from "prefix not allowed here" in messages.
    static let datasetPrefixes: Set<String> = ["dataset", "datasets"]

    /// Resolves a raw key to a canonical key and its kind.
    func resolve(_ raw: RawKey, entity: SearchEntity, context: String) throws(SearchError) -> (SearchKey, KeyKind) {
        guard !raw.name.isEmpty else {
            throw SearchError("Empty key name in '\(raw.text)'", column: raw.column)
        }
        guard let prefix = raw.prefix else {
            return try resolveAttribute(raw.name, raw: raw, entity: entity, context: context)
        }
        if metricPrefixes.contains(prefix) { return (.metric(raw.name), .metric) }
        if paramPrefixes.contains(prefix) { return (.param(raw.name), .param) }
        if tagPrefixes.contains(prefix) { return (.tag(raw.name), .tag) }
        if attributePrefixes.contains(prefix) {
            return try resolveAttribute(raw.name, raw: raw, entity: entity, context: context)
        }
        if Self.datasetPrefixes.contains(prefix), context == "filter", entity == .runs {
            throw SearchError("Dataset filters ('\(raw.text)') are not supported by this server", column: raw.column)
        }
        let valid = (metricPrefixes.sorted() + paramPrefixes.sorted() + tagPrefixes.sorted() + attributePrefixes.sorted())
            .map { "'\($0).'" }.joined(separator: ", ")
        throw SearchError(
            "Invalid entity type '\(prefix)' in key '\(raw.text)' for \(entity.displayName) \(context); valid prefixes are \(valid.isEmpty ? "none" : valid)",
            column: raw.column)
    }

    private func resolveAttribute(_ name: String, raw: RawKey, entity: SearchEntity, context: String) throws(SearchError) -> (SearchKey, KeyKind) {
        let canonical = aliases[name] ?? name
        if stringAttributes.contains(canonical) { return (.attribute(canonical), .stringAttribute) }
        if numericAttributes.contains(canonical) { return (.attribute(canonical), .numericAttribute) }
        let valid = stringAttributes.union(numericAttributes).sorted().map { "'\($0)'" }.joined(separator: ", ")
        throw SearchError(
            "Invalid attribute key '\(name)' in '\(raw.text)' for \(entity.displayName) \(context); valid attribute keys are \(valid)",
            column: raw.column)
    }
}

extension SearchEntity {
    /// Human-readable name for messages.
    var displayName: String {
        switch self {
        case .runs: return "runs"
        case .experiments: return "experiments"
        case .registeredModels: return "registered models"
        case .modelVersions: return "model versions"
        case .loggedModels: return "logged models"
        }
    }
}

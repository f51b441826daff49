/// Parses MLflow `order_by` lists such as `["metrics.rmse DESC", "name ASC"]`.
///
/// Each item is `key [ASC|DESC]` (direction case-insensitive, default `ASC`).
/// Keys follow the entity's `order_by` rules, which differ from its filter
/// rules (e.g. experiments may be ordered by `experiment_id`, registered
/// models by `timestamp`). Repeating a key is refused, as MLflow's SQL stores do.
public enum OrderByParser: Sendable {
    /// Parses every item of `items` for `entity`.
    public static func parse(_ items: [String], for entity: SearchEntity) throws(SearchError) -> [OrderBy] {
        var result: [OrderBy] = []
        var seen: Set<SearchKey> = []
        for item in items {
            let orderBy = try parse(item, for: entity)
            guard seen.insert(orderBy.key).inserted else {
                throw SearchError("`order_by` contains duplicate fields: '\(orderBy.key)' appears more than once in \(items)")
            }
            result.append(orderBy)
        }
        return result
    }

    /// Parses a single `order_by` item for `entity`.
    public static func parse(_ item: String, for entity: SearchEntity) throws(SearchError) -> OrderBy {
        let rules = EntityRules.rules(for: entity)
        var scanner = FilterScanner(item, subject: "order_by clause '\(item)'")
        scanner.skipWhitespace()
        if scanner.atEnd { throw SearchError("Empty order_by clause") }
        let rawKey = try scanner.readKey()
        let (key, _) = try rules.orderByKeys.resolve(rawKey, entity: entity, context: "order_by")
        scanner.skipWhitespace()
        var ascending = true
        if !scanner.atEnd {
            let directionStart = scanner.index
            let word = scanner.readWord()
            switch word.lowercased() {
            case "asc": ascending = true
            case "desc": ascending = false
            default:
                let shown = word.isEmpty ? scanner.excerpt(at: directionStart) : "'\(word)'"
                throw scanner.error("Invalid ordering \(shown) in order_by clause '\(item)'; expected ASC or DESC", at: directionStart)
            }
            scanner.skipWhitespace()
            if !scanner.atEnd {
                throw scanner.error("Unexpected \(scanner.excerpt(at: scanner.index)) in order_by clause '\(item)'; expected 'key [ASC|DESC]'")
            }
        }
        return OrderBy(key: key, ascending: ascending)
    }

    /// Parses the structured form the logged-models search endpoint uses
    /// (`{"field_name": ..., "ascending": ...}`): `fieldName` is an attribute
    /// name or `metrics.<key>`, without a direction.
    public static func parseField(_ fieldName: String, ascending: Bool, for entity: SearchEntity) throws(SearchError) -> OrderBy {
        if fieldName.split(whereSeparator: \.isWhitespace).count > 1 {
            throw SearchError("Invalid order by field name '\(fieldName)'; give the direction in 'ascending'")
        }
        var orderBy = try parse(fieldName, for: entity)
        orderBy.ascending = ascending
        return orderBy
    }
}

/// Parses MLflow search filter strings (`filter` / `filter_string`).
///
/// Grammar: `comparison (AND comparison)*`, where a comparison is
/// `key operator value`. `AND` is case-insensitive. `OR`, parentheses,
/// unknown keys, operators a key kind does not support, unquoted strings,
/// quoted numbers for numeric keys and trailing text are refused with a
/// ``SearchError`` naming the token and its column.
public enum SearchFilterParser: Sendable {
    /// Parses `text` for `entity`. Empty or whitespace-only text matches everything.
    public static func parse(_ text: String, for entity: SearchEntity) throws(SearchError) -> SearchFilter {
        let rules = EntityRules.rules(for: entity)
        var scanner = FilterScanner(text, subject: "filter")
        var comparisons: [Comparison] = []
        scanner.skipWhitespace()
        if scanner.atEnd { return SearchFilter(entity: entity) }

        while true {
            scanner.skipWhitespace()
            if scanner.atEnd {
                throw scanner.error("Expected a comparison after AND but reached the end of the filter")
            }
            if scanner.peek == "(" || scanner.peek == ")" { throw parenthesesError(scanner) }

            let rawKey = try scanner.readKey()
            let (key, kind) = try rules.filterKeys.resolve(rawKey, entity: entity, context: "filter")

            scanner.skipWhitespace()
            let operatorColumn = scanner.column
            let op = try scanner.readOperator(after: "'\(rawKey.text)'")
            try rules.checkOperator(op, key: key, kind: kind, raw: rawKey, column: operatorColumn)

            scanner.skipWhitespace()
            let valueColumn = scanner.column
            let rawValue = try scanner.readValue(after: "'\(rawKey.text) \(op)'")
            let value = try rules.checkValue(rawValue, key: key, kind: kind, op: op, rawKey: rawKey, column: valueColumn)
            comparisons.append(Comparison(key: key, op: op, value: value))

            scanner.skipWhitespace()
            guard let next = scanner.peek else { break }
            if next == "(" || next == ")" { throw parenthesesError(scanner) }
            let connectorStart = scanner.index
            guard FilterScanner.isWordStart(next) else {
                throw scanner.error(
                    "Unexpected \(scanner.excerpt(at: connectorStart)) after comparison '\(comparisons.last!)'; comparisons must be joined with AND")
            }
            let word = scanner.readWord()
            switch word.uppercased() {
            case "AND":
                continue
            case "OR":
                throw scanner.error("'OR' is not supported: MLflow search filters only support comparisons joined with AND", at: connectorStart)
            default:
                throw scanner.error(
                    "Unexpected '\(word)' after comparison '\(comparisons.last!)'; comparisons must be joined with AND", at: connectorStart)
            }
        }
        return SearchFilter(entity: entity, comparisons: comparisons)
    }

    private static func parenthesesError(_ scanner: FilterScanner) -> SearchError {
        scanner.error(
            "Parentheses are not supported in search filters: only comparisons joined with AND are supported (a parenthesised list is allowed only after IN / NOT IN)"
        )
    }
}

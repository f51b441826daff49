/// Sorting of records by a parsed `order_by` list, with MLflow's rules:
/// missing values (and then NaN) sort last in both directions; strings
/// compare by code point; ties fall through to the next item.
public enum SearchOrdering: Sendable {
    /// Whether `a` sorts strictly before `b` under `orderBy`. Suitable for `sort(by:)`.
    public static func areInIncreasingOrder(_ a: some SearchableRecord, _ b: some SearchableRecord, by orderBy: [OrderBy]) -> Bool {
        compare(a, b, by: orderBy) < 0
    }

    /// Three-way comparison of two records: negative if `a` sorts first,
    /// positive if `b` does, zero if `orderBy` cannot tell them apart.
    public static func compare(_ a: some SearchableRecord, _ b: some SearchableRecord, by orderBy: [OrderBy]) -> Int {
        for item in orderBy {
            let result = compare(a.value(for: item.key), b.value(for: item.key), ascending: item.ascending)
            if result != 0 { return result }
        }
        return 0
    }

    /// `records` sorted by `orderBy`; records that compare equal keep their
    /// input order (stable).
    public static func sorted<Record: SearchableRecord>(_ records: some Sequence<Record>, by orderBy: [OrderBy]) -> [Record] {
        records.enumerated()
            .sorted { left, right in
                let result = compare(left.element, right.element, by: orderBy)
                return result != 0 ? result < 0 : left.offset < right.offset
            }
            .map(\.element)
    }

    /// `orderBy` completed with MLflow's default ordering and tie-breakers
    /// for `entity` (each added only if its key is not already present):
    /// runs `start_time DESC, run_id ASC`; experiments `creation_time DESC,
    /// experiment_id ASC` when nothing is given, else `experiment_id DESC`;
    /// registered models `name ASC`; model versions `name ASC,
    /// version_number DESC`; logged models `creation_timestamp DESC, model_id ASC`.
    public static func effectiveOrder(_ orderBy: [OrderBy], for entity: SearchEntity) -> [OrderBy] {
        let defaults: [OrderBy]
        switch entity {
        case .runs:
            defaults = [OrderBy(key: .attribute("start_time"), ascending: false), OrderBy(key: .attribute("run_id"))]
        case .experiments:
            defaults =
                orderBy.isEmpty
                ? [OrderBy(key: .attribute("creation_time"), ascending: false), OrderBy(key: .attribute("experiment_id"))]
                : [OrderBy(key: .attribute("experiment_id"), ascending: false)]
        case .registeredModels:
            defaults = [OrderBy(key: .attribute("name"))]
        case .modelVersions:
            defaults = [OrderBy(key: .attribute("name")), OrderBy(key: .attribute("version_number"), ascending: false)]
        case .loggedModels:
            defaults = [OrderBy(key: .attribute("creation_timestamp"), ascending: false), OrderBy(key: .attribute("model_id"))]
        }
        var result = orderBy
        for item in defaults where !result.contains(where: { $0.key == item.key }) {
            result.append(item)
        }
        return result
    }

    /// Compares two optional values for one `order_by` item.
    static func compare(_ a: SearchValue?, _ b: SearchValue?, ascending: Bool) -> Int {
        let rankA = rank(a)
        let rankB = rank(b)
        if rankA != rankB { return rankA < rankB ? -1 : 1 }
        guard let a, let b, rankA == 0 else { return 0 }
        let result: Int
        switch (a, b) {
        case (.number(let x), .number(let y)):
            result = x < y ? -1 : (x > y ? 1 : 0)
        case (.string(let x), .string(let y)):
            result =
                x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
                ? -1
                : (y.unicodeScalars.lexicographicallyPrecedes(x.unicodeScalars) ? 1 : 0)
        case (.number, .string):
            result = -1
        case (.string, .number):
            result = 1
        default:
            result = 0
        }
        return ascending ? result : -result
    }

    /// 0 for a comparable value, then lists, then NaN, then missing values,
    /// so missing values are last whatever the direction (as in MLflow).
    private static func rank(_ value: SearchValue?) -> Int {
        switch value {
        case nil: return 3
        case .number(let number)? where number.isNaN: return 2
        case .list?: return 1
        default: return 0
        }
    }
}

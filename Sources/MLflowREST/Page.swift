import MLflowSearch

/// One page of a search: `max_results` (validated against the endpoint's limit) from the
/// offset an opaque `page_token` carries. A token only works for the query that made it.
struct Page {
    let offset: Int
    let size: Int
    let query: String

    init(_ params: MLflowParams, query: String, defaultSize: Int, limit: Int) throws {
        self.query = query
        size = try MaxResults.validate(try params.int("max_results"), default: defaultSize, limit: limit)
        if let token = try params.string("page_token"), !token.isEmpty {
            offset = try PageToken.decode(token, query: query)
        } else {
            offset = 0
        }
    }

    /// `{key: [this page], "next_page_token": …}` (the token only when more remain).
    func apply<T>(_ items: [T], key: String, _ encode: (T) -> [String: Any]) -> [String: Any] {
        var result: [String: Any] = [key: items.dropFirst(offset).prefix(size).map(encode)]
        if offset + size < items.count { result["next_page_token"] = PageToken.encode(offset: offset + size, query: query) }
        return result
    }
}

/// Filter, order and page in one step, the way every search endpoint does it.
struct Search {
    static func run<Record: SearchableRecord>(
        _ records: [Record], entity: SearchEntity, params: MLflowParams, filterKey: String = "filter", scope: [String] = [],
        defaultSize: Int, limit: Int, key: String, encode: (Record) -> [String: Any]
    ) throws -> [String: Any] {
        let filterText = try params.string(filterKey) ?? ""
        let filter = try SearchFilterParser.parse(filterText, for: entity)
        let orderItems = try params.strings("order_by")
        let order = SearchOrdering.effectiveOrder(try OrderByParser.parse(orderItems, for: entity), for: entity)
        let matching = SearchOrdering.sorted(records.filter { filter.matches($0) }, by: order)
        let query = PageToken.query(entity: entity, filter: filterText, orderBy: orderItems, scope: scope)
        return try Page(params, query: query, defaultSize: defaultSize, limit: limit).apply(matching, key: key, encode)
    }
}

@testable import MLflowSearch

/// An in-memory record for tests.
struct TestRecord: SearchableRecord, Equatable {
    var id = ""
    var attributes: [String: SearchValue] = [:]
    var metrics: [String: Double] = [:]
    var params: [String: String] = [:]
    var tags: [String: String] = [:]

    func attribute(_ name: String) -> SearchValue? { attributes[name] }
    func metric(_ key: String) -> Double? { metrics[key] }
    func param(_ key: String) -> String? { params[key] }
    func tag(_ key: String) -> String? { tags[key] }
}

/// The comparisons `text` parses to, or the error it raises.
func parsed(_ text: String, _ entity: SearchEntity = .runs) -> Result<[Comparison], SearchError> {
    do {
        return .success(try SearchFilterParser.parse(text, for: entity).comparisons)
    } catch {
        return .failure(error)
    }
}

/// The single comparison `text` parses to; nil if it fails or yields several.
func single(_ text: String, _ entity: SearchEntity = .runs) -> Comparison? {
    guard case .success(let comparisons) = parsed(text, entity), comparisons.count == 1 else { return nil }
    return comparisons[0]
}

/// The error `text` is refused with; nil if it parses.
func refusal(_ text: String, _ entity: SearchEntity = .runs) -> SearchError? {
    guard case .failure(let error) = parsed(text, entity) else { return nil }
    return error
}

/// The error an order_by list is refused with; nil if it parses.
func orderByRefusal(_ items: [String], _ entity: SearchEntity) -> SearchError? {
    do {
        _ = try OrderByParser.parse(items, for: entity)
        return nil
    } catch {
        return error
    }
}

func matches(_ filter: String, _ entity: SearchEntity = .runs, _ record: TestRecord) throws -> Bool {
    try SearchFilterParser.parse(filter, for: entity).matches(record)
}

/// The body of `POST /api/v1/models/{name}/predict`: `{"unit_id": "u-42", "instances":
/// [{"f0": 1.5, …}]}` (features by name) or `{"rows": [[…]]}` (in the model's feature order).
/// `null` is a missing value (the model handles it); an absent feature or a value that is not
/// a number is refused naming it.
struct PredictRequest: Decodable, Sendable {
    let unitID: String?
    let instances: [[String: FeatureCell]]?
    let rows: [[FeatureCell]]?

    enum CodingKeys: String, CodingKey {
        case unitID = "unit_id"
        case instances, rows
    }

    /// Rows as one row-major Double buffer in `featureNames` order, or an error naming the culprit.
    func matrix(featureNames: [String], maxRows: Int) throws(APIError) -> (values: [Double], rows: Int) {
        if instances != nil && rows != nil { throw .badRequest("give either \"instances\" or \"rows\", not both") }
        let width = featureNames.count
        if let instances {
            guard !instances.isEmpty else { throw .badRequest("\"instances\" is empty") }
            guard instances.count <= maxRows else { throw .tooLarge("\(instances.count) instances; at most \(maxRows) per request") }
            var values = [Double](repeating: .nan, count: instances.count * width)
            let known = Set(featureNames)
            for (r, instance) in instances.enumerated() {
                for (f, name) in featureNames.enumerated() {
                    guard let cell = instance[name] else { throw .badRequest("instances[\(r)] lacks feature \"\(name)\"") }
                    values[r * width + f] = try cell.value(feature: name, row: r)
                }
                if instance.count > width, let extra = instance.keys.sorted().first(where: { !known.contains($0) }) {
                    throw .badRequest("instances[\(r)] has feature \"\(extra)\", which the model does not know")
                }
            }
            return (values, instances.count)
        }
        guard let rows else { throw .badRequest("the body needs \"instances\" (objects by feature name) or \"rows\" (arrays in feature order)") }
        guard !rows.isEmpty else { throw .badRequest("\"rows\" is empty") }
        guard rows.count <= maxRows else { throw .tooLarge("\(rows.count) rows; at most \(maxRows) per request") }
        var values = [Double](repeating: .nan, count: rows.count * width)
        for (r, row) in rows.enumerated() {
            guard row.count == width else {
                throw .badRequest("rows[\(r)] has \(row.count) values; the model reads \(width) features (\(featureNames.joined(separator: ", ")))")
            }
            for (f, cell) in row.enumerated() { values[r * width + f] = try cell.value(feature: featureNames[f], row: r) }
        }
        return (values, rows.count)
    }
}

/// One feature value in a request: a number, null (missing), or something else (refused).
enum FeatureCell: Decodable, Sendable {
    case number(Double)
    case missing
    case invalid(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .missing
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .invalid("the string \"\(text.prefix(40))\"")
        } else if let flag = try? container.decode(Bool.self) {
            self = .invalid("\(flag)")
        } else {
            self = .invalid("an array or object")
        }
    }

    func value(feature: String, row: Int) throws(APIError) -> Double {
        switch self {
        case .number(let v):
            guard v.isFinite else { throw .badRequest("row \(row): feature \"\(feature)\" is not a finite number") }
            return v
        case .missing:
            return .nan
        case .invalid(let what):
            throw .badRequest("row \(row): feature \"\(feature)\" is \(what), not a number")
        }
    }
}

/// The body of `POST /api/v1/models/{name}/predict`: `{"unit_id": "u-42", "instances":
/// [{"f0": 1.5, "site_id": "1fbe01fe", …}]}` (features by name) or `{"rows": [[…]]}` (in the
/// model's feature order). `null` is a missing value (the model handles it). A categorical
/// feature takes a string or a number (read as its text: `3` and `3.0` are `"3"`; `""` is
/// missing); a numeric feature takes a number. An absent feature, or a string for a numeric
/// feature, is refused naming it.
struct PredictRequest: Decodable, Sendable {
    let unitID: String?
    let instances: [[String: FeatureCell]]?
    let rows: [[FeatureCell]]?

    enum CodingKeys: String, CodingKey {
        case unitID = "unit_id"
        case instances, rows
    }

    /// Rows in `featureNames` order, or an error naming the culprit; `categorical` holds the
    /// positions of the features that take text.
    func matrix(featureNames: [String], categorical: Set<Int> = [], maxRows: Int) throws(APIError) -> RequestRows {
        if instances != nil && rows != nil { throw .badRequest("give either \"instances\" or \"rows\", not both") }
        let width = featureNames.count
        if let instances {
            guard !instances.isEmpty else { throw .badRequest("\"instances\" is empty") }
            guard instances.count <= maxRows else { throw .tooLarge("\(instances.count) instances; at most \(maxRows) per request") }
            var rows = RequestRows(count: instances.count, width: width)
            let known = Set(featureNames)
            for (r, instance) in instances.enumerated() {
                for (f, name) in featureNames.enumerated() {
                    guard let cell = instance[name] else { throw .badRequest("instances[\(r)] lacks feature \"\(name)\"") }
                    try rows.set(r * width + f, cell, feature: name, row: r, categorical: categorical.contains(f))
                }
                if instance.count > width, let extra = instance.keys.sorted().first(where: { !known.contains($0) }) {
                    throw .badRequest("instances[\(r)] has feature \"\(extra)\", which the model does not know")
                }
            }
            return rows
        }
        guard let rows else { throw .badRequest("the body needs \"instances\" (objects by feature name) or \"rows\" (arrays in feature order)") }
        guard !rows.isEmpty else { throw .badRequest("\"rows\" is empty") }
        guard rows.count <= maxRows else { throw .tooLarge("\(rows.count) rows; at most \(maxRows) per request") }
        var result = RequestRows(count: rows.count, width: width)
        for (r, row) in rows.enumerated() {
            guard row.count == width else {
                throw .badRequest("rows[\(r)] has \(row.count) values; the model reads \(width) features (\(featureNames.joined(separator: ", ")))")
            }
            for (f, cell) in row.enumerated() {
                try result.set(r * width + f, cell, feature: featureNames[f], row: r, categorical: categorical.contains(f))
            }
        }
        return result
    }
}

/// A request's rows, row-major in the champion's feature order: numbers (NaN = missing) and,
/// for cells given as strings, their text. Each arm turns the cells into its own inputs
/// (categories into its own codes).
struct RequestRows: Sendable {
    var values: [Double]
    /// The strings given, by cell; nil when the request has none (the common numeric case).
    var texts: [String?]?
    let count: Int
    let width: Int

    init(count: Int, width: Int) {
        self.count = count
        self.width = width
        values = [Double](repeating: .nan, count: count * width)
    }

    /// Stores one cell: a number anywhere; a string only for a categorical feature.
    mutating func set(_ index: Int, _ cell: FeatureCell, feature: String, row: Int, categorical: Bool) throws(APIError) {
        if categorical, case .text(let text) = cell {
            if texts == nil { texts = [String?](repeating: nil, count: values.count) }
            texts?[index] = text
            return
        }
        values[index] = try cell.value(feature: feature, row: row)
    }

    /// The text of cell `index`, if it was given as a string.
    @inline(__always)
    func text(_ index: Int) -> String? { texts?[index] }
}

/// One feature value in a request: a number, a string (for categorical features), null
/// (missing), or something else (refused).
enum FeatureCell: Decodable, Sendable {
    case number(Double)
    case text(String)
    case missing
    case invalid(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .missing
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
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
        case .text(let text):
            throw .badRequest(
                "row \(row): feature \"\(feature)\" is the string \"\(text.prefix(40))\", not a number (the model reads it as a number)")
        case .invalid(let what):
            throw .badRequest("row \(row): feature \"\(feature)\" is \(what), not a number")
        }
    }
}

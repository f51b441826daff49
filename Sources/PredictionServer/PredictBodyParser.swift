import TabularData

/// A fast path for the predict body's common shapes — `{"unit_id": "…", "rows": [[1.5, null,
/// "1fbe01fe", …], …]}` and `{"unit_id": "…", "instances": [{"f0": 1.5, …}, …]}` with plain
/// numbers, nulls and strings without escapes — straight from the bytes. Anything else (another key, an escape,
/// a value that is not a number, malformed JSON) returns nil and the caller decodes with
/// `JSONDecoder`, which gives the precise error; so both paths accept exactly the same bodies.
struct PredictBodyParser {
    private var scanner: JSONByteScanner

    static func parse(_ bytes: UnsafeRawBufferPointer) -> PredictRequest? {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return nil }
        var parser = PredictBodyParser(scanner: JSONByteScanner(base: raw.assumingMemoryBound(to: UInt8.self), end: bytes.count))
        return parser.body()
    }

    private mutating func body() -> PredictRequest? {
        var unitID: String?
        var rows: [[FeatureCell]]?
        var instances: [[String: FeatureCell]]?
        guard consume(UInt8(ascii: "{")) else { return nil }
        if consume(UInt8(ascii: "}")) { return nil }
        repeat {
            guard let key = string(), consume(UInt8(ascii: ":")) else { return nil }
            switch key {
            case "unit_id" where unitID == nil:
                if literal("null") { continue }
                guard let value = string() else { return nil }
                unitID = value
            case "rows" where rows == nil:
                guard let value = matrix() else { return nil }
                rows = value
            case "instances" where instances == nil:
                guard let value = objects() else { return nil }
                instances = value
            default:
                return nil
            }
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")), scanner.atEnd() else { return nil }
        return PredictRequest(unitID: unitID, instances: instances, rows: rows)
    }

    private mutating func matrix() -> [[FeatureCell]]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var result: [[FeatureCell]] = []
        if consume(UInt8(ascii: "]")) { return result }
        repeat {
            guard consume(UInt8(ascii: "[")) else { return nil }
            var row: [FeatureCell] = []
            if !consume(UInt8(ascii: "]")) {
                repeat {
                    guard let cell = cell() else { return nil }
                    row.append(cell)
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "]")) else { return nil }
            }
            result.append(row)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? result : nil
    }

    private mutating func objects() -> [[String: FeatureCell]]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var result: [[String: FeatureCell]] = []
        if consume(UInt8(ascii: "]")) { return result }
        repeat {
            guard consume(UInt8(ascii: "{")) else { return nil }
            var object: [String: FeatureCell] = [:]
            if !consume(UInt8(ascii: "}")) {
                repeat {
                    guard let key = string(), consume(UInt8(ascii: ":")), let cell = cell() else { return nil }
                    guard object.updateValue(cell, forKey: key) == nil else { return nil }
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "}")) else { return nil }
            }
            result.append(object)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? result : nil
    }

    /// A number (JSON grammar), a string without escapes, or null.
    private mutating func cell() -> FeatureCell? {
        if scanner.literal("null") { return .missing }
        if scanner.peek() == UInt8(ascii: "\"") { return scanner.string().map(FeatureCell.text) }
        return scanner.number().map(FeatureCell.number)
    }

    private mutating func string() -> String? { scanner.string() }
    private mutating func literal(_ word: StaticString) -> Bool { scanner.literal(word) }
    private mutating func consume(_ byte: UInt8) -> Bool { scanner.consume(byte) }
}

import TabularData

/// A fast path for the predict body's common shapes — `{"unit_id": "…", "rows": [[1.5, null,
/// "1fbe01fe", …], …]}` and `{"unit_id": "…", "instances": [{"f0": 1.5, …}, …]}` with plain
/// numbers, nulls and strings without escapes — straight from the bytes. Anything else (another key, an escape,
/// a value that is not a number, malformed JSON) returns nil and the caller decodes with
/// `JSONDecoder`, which gives the precise error; so both paths accept exactly the same bodies.
struct PredictBodyParser {
    private let base: UnsafePointer<UInt8>
    private let end: Int
    private var p = 0

    static func parse(_ bytes: UnsafeRawBufferPointer) -> PredictRequest? {
        guard let raw = bytes.baseAddress, bytes.count > 0 else { return nil }
        var parser = PredictBodyParser(base: raw.assumingMemoryBound(to: UInt8.self), end: bytes.count)
        return parser.body()
    }

    private init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
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
        guard consume(UInt8(ascii: "}")) else { return nil }
        skipSpace()
        guard p == end else { return nil }
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
        skipSpace()
        if literal("null") { return .missing }
        guard p < end else { return nil }
        if base[p] == UInt8(ascii: "\"") { return string().map(FeatureCell.text) }
        var q = p
        if base[q] == UInt8(ascii: "-") { q += 1 }
        guard q < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(base[q]) else { return nil }
        if base[q] == UInt8(ascii: "0"), q + 1 < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(base[q + 1]) { return nil }
        guard let (value, after) = DecimalText.parseDouble(base, from: p, to: end) else { return nil }
        // JSON wants a digit after a decimal point; the JSONDecoder path judges odd forms.
        if base[after - 1] == UInt8(ascii: ".") { return nil }
        p = after
        return .number(value)
    }

    /// A string without escapes or control characters.
    private mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = p
        while p < end {
            let c = base[p]
            if c == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(start: base + start, count: p - start), as: UTF8.self)
                p += 1
                return text
            }
            if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
            p += 1
        }
        return nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        skipSpace()
        let count = word.utf8CodeUnitCount
        guard end - p >= count else { return false }
        for i in 0..<count where base[p + i] != word.utf8Start[i] { return false }
        p += count
        return true
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard p < end, base[p] == byte else { return false }
        p += 1
        return true
    }

    private mutating func skipSpace() {
        while p < end {
            let c = base[p]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            p += 1
        }
    }
}

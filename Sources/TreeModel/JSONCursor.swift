/// A JSON value together with its dotted path in the document, with typed accessors that throw
/// `TreeModelError`s naming that path. Only valid while the parsed buffer is alive.
struct JSONCursor {
    let value: JSONValue
    let path: String
    let bytes: UnsafeBufferPointer<UInt8>

    private func wrongType(_ expected: String) -> TreeModelError {
        .wrongType(path: path, expected: expected, found: value.typeName)
    }

    func members() throws -> [JSONMember] {
        guard case .object(let members) = value else { throw wrongType("an object") }
        return members
    }

    /// The member `key`, or nil when absent. The last occurrence wins on duplicates.
    func optionalField(_ key: String) throws -> JSONCursor? {
        let members = try members()
        guard let member = members.last(where: { $0.key == key }) else { return nil }
        return JSONCursor(value: member.value, path: path.isEmpty ? key : path + "." + key, bytes: bytes)
    }

    func field(_ key: String) throws -> JSONCursor {
        guard let field = try optionalField(key) else {
            throw TreeModelError.missingField(path: path.isEmpty ? key : path + "." + key)
        }
        return field
    }

    func items() throws -> [JSONValue] {
        guard case .array(let items) = value else { throw wrongType("an array") }
        return items
    }

    func item(_ index: Int, of items: [JSONValue]) -> JSONCursor {
        JSONCursor(value: items[index], path: "\(path)[\(index)]", bytes: bytes)
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw wrongType("a string") }
        return text
    }

    func int() throws -> Int {
        guard case .number(let token) = value, let number = token.int(in: bytes) else { throw wrongType("an integer") }
        return number
    }

    func float() throws -> Float {
        guard case .number(let token) = value else { throw wrongType("a number") }
        return token.float(in: bytes)
    }

    /// An integer written as a string, the way XGBoost writes every `*_param` scalar ("40").
    /// A bare JSON integer is accepted too.
    func intString() throws -> Int {
        if case .number = value { return try int() }
        guard case .string(let text) = value else { throw wrongType("an integer string") }
        guard let number = Int(text) else {
            throw TreeModelError.invalidValue(path: path, message: "expected an integer, found \"\(text)\"")
        }
        return number
    }

    /// An array of `expected` integers (nil: any length), each within `range`.
    func int32Array(count expected: Int?, range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) throws -> [Int32] {
        let items = try items()
        try checkCount(items.count, expected)
        var out = [Int32]()
        out.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .number(let token) = item, let number = token.int(in: bytes) else {
                throw TreeModelError.wrongType(path: "\(path)[\(index)]", expected: "an integer", found: item.typeName)
            }
            guard range.contains(number) else {
                throw TreeModelError.invalidValue(path: "\(path)[\(index)]", message: "\(number) is outside \(range)")
            }
            out.append(Int32(number))
        }
        return out
    }

    func floatArray(count expected: Int?) throws -> [Float] {
        let items = try items()
        try checkCount(items.count, expected)
        var out = [Float]()
        out.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .number(let token) = item else {
                throw TreeModelError.wrongType(path: "\(path)[\(index)]", expected: "a number", found: item.typeName)
            }
            out.append(token.float(in: bytes))
        }
        return out
    }

    /// 0/1 integers (XGBoost's uint8 arrays) or JSON booleans.
    func boolArray(count expected: Int?) throws -> [Bool] {
        let items = try items()
        try checkCount(items.count, expected)
        var out = [Bool]()
        out.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            switch item {
            case .bool(let flag):
                out.append(flag)
            case .number(let token) where token.int(in: bytes) == 0 || token.int(in: bytes) == 1:
                out.append(token.int(in: bytes) == 1)
            default:
                throw TreeModelError.wrongType(path: "\(path)[\(index)]", expected: "0 or 1", found: item.typeName)
            }
        }
        return out
    }

    func stringArray() throws -> [String] {
        let items = try items()
        return try items.indices.map { try item($0, of: items).string() }
    }

    private func checkCount(_ count: Int, _ expected: Int?) throws {
        if let expected, count != expected {
            throw TreeModelError.lengthMismatch(path: path, count: count, expected: expected)
        }
    }
}

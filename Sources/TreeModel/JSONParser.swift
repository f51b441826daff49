/// A parsed JSON value. Numbers keep the byte range of their text in the source buffer so they
/// can be converted exactly (float32 directly from decimal, integers without a detour through
/// Double) by whoever knows which type the field should have.
enum JSONValue {
    case null
    case bool(Bool)
    case number(JSONNumberToken)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The JSON type's name, for error messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string(let text): return text.count <= 40 ? "the string \"\(text)\"" : "a string"
        case .array(let items): return "an array of \(items.count)"
        case .object: return "an object"
        }
    }
}

/// One `"key": value` pair of an object, in document order.
struct JSONMember {
    let key: String
    let value: JSONValue
}

/// The location of a number's text (`start..<end`) in the parsed buffer.
struct JSONNumberToken {
    let start: Int
    let end: Int
}

private enum ASCII {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
    static let minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+"), dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
    static let lowerE = UInt8(ascii: "e"), upperE = UInt8(ascii: "E")
}

/// A strict recursive-descent JSON parser over raw UTF-8 bytes. Besides RFC 8259 it accepts the
/// number tokens `NaN`, `Infinity` and `-Infinity`, which XGBoost's own reader accepts.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private static let maxDepth = 512

    /// Parses one complete document; anything but whitespace after the value is an error.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw parser.error("unexpected \(parser.describeCurrent()) after the end of the document")
        }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private func error(_ message: String) -> TreeModelError {
        .malformedJSON(offset: index, message: message)
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input (truncated document?)" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input (truncated document?)") }
        switch bytes[index] {
        case ASCII.openBrace: return try parseObject()
        case ASCII.openBracket: return try parseArray()
        case ASCII.quote: return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "N"), UInt8(ascii: "I"), ASCII.minus, ASCII.zero...ASCII.nine:
            return .number(try parseNumber())
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else {
            throw error("unexpected end of input (truncated document?)")
        }
        let text = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != text[offset] {
            throw error("expected '\(literal)', found \(describeCurrent())")
        }
        index += count
    }

    private mutating func enterContainer() throws {
        depth += 1
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        index += 1
        skipWhitespace()
    }

    private mutating func parseObject() throws -> JSONValue {
        try enterContainer()
        var members: [JSONMember] = []
        if index < bytes.count && bytes[index] == ASCII.closeBrace {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            guard index < bytes.count, bytes[index] == ASCII.quote else {
                throw error("expected a quoted key, found \(describeCurrent())")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == ASCII.colon else {
                throw error("expected ':' after key \"\(key)\", found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            members.append(JSONMember(key: key, value: try parseValue()))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an object (truncated document?)") }
            if bytes[index] == ASCII.comma {
                index += 1
                skipWhitespace()
            } else if bytes[index] == ASCII.closeBrace {
                index += 1
                depth -= 1
                return .object(members)
            } else {
                throw error("expected ',' or '}' in an object, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseArray() throws -> JSONValue {
        try enterContainer()
        var items: [JSONValue] = []
        if index < bytes.count && bytes[index] == ASCII.closeBracket {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside an array (truncated document?)") }
            if bytes[index] == ASCII.comma {
                index += 1
                skipWhitespace()
            } else if bytes[index] == ASCII.closeBracket {
                index += 1
                depth -= 1
                return .array(items)
            } else {
                throw error("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    private mutating func parseNumber() throws -> JSONNumberToken {
        let start = index
        if bytes[index] == UInt8(ascii: "N") {
            try expectLiteral("NaN")
            return JSONNumberToken(start: start, end: index)
        }
        if bytes[index] == ASCII.minus { index += 1 }
        if index < bytes.count && bytes[index] == UInt8(ascii: "I") {
            try expectLiteral("Infinity")
            return JSONNumberToken(start: start, end: index)
        }
        guard consumeDigits() > 0 else { throw error("expected a digit in a number, found \(describeCurrent())") }
        if bytes[start] == ASCII.minus
            ? (index - start > 2 && bytes[start + 1] == ASCII.zero)
            : (index - start > 1 && bytes[start] == ASCII.zero)
        {
            throw error("number with a leading zero")
        }
        if index < bytes.count && bytes[index] == ASCII.dot {
            index += 1
            guard consumeDigits() > 0 else { throw error("expected a digit after '.', found \(describeCurrent())") }
        }
        if index < bytes.count && (bytes[index] == ASCII.lowerE || bytes[index] == ASCII.upperE) {
            index += 1
            if index < bytes.count && (bytes[index] == ASCII.plus || bytes[index] == ASCII.minus) { index += 1 }
            guard consumeDigits() > 0 else { throw error("expected a digit in an exponent, found \(describeCurrent())") }
        }
        return JSONNumberToken(start: start, end: index)
    }

    private mutating func consumeDigits() -> Int {
        let start = index
        while index < bytes.count, bytes[index] >= ASCII.zero, bytes[index] <= ASCII.nine { index += 1 }
        return index - start
    }

    private mutating func parseString() throws -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.quote {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == ASCII.backslash { break }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case ASCII.quote:
                return String(decoding: scalars, as: UTF8.self)
            case ASCII.backslash:
                try parseEscape(into: &scalars)
            case 0..<0x20:
                index -= 1
                throw error("control character in a string")
            default:
                scalars.append(byte)
            }
        }
        throw error("unterminated string (truncated document?)")
    }

    private mutating func parseEscape(into out: inout [UInt8]) throws {
        guard index < bytes.count else { throw error("unterminated string (truncated document?)") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case ASCII.quote, ASCII.backslash, ASCII.slash: out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var code = try parseHex4()
            if (0xD800..<0xDC00).contains(code), index + 1 < bytes.count,
                bytes[index] == ASCII.backslash, bytes[index + 1] == UInt8(ascii: "u")
            {
                index += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("invalid low surrogate in \\u escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
            out.append(contentsOf: String(Character(scalar)).utf8)
        default:
            index -= 1
            throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unterminated \\u escape (truncated document?)") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case ASCII.zero...ASCII.nine: digit = UInt32(byte - ASCII.zero)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}

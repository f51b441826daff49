import Foundation
import MLOpsLogging

/// Writes the response dictionaries as compact JSON with keys sorted by code point. Foundation's
/// `JSONSerialization` with `.sortedKeys` compares keys with locale-aware `NSString` comparison
/// on Linux and took a third of an alias lookup's CPU; this handles exactly the values the
/// routes build (strings, integers, doubles, booleans, arrays, dictionaries, NSNull).
enum JSONWriter {
    static func data(_ object: [String: Any]) -> Data {
        var out = ""
        out.reserveCapacity(256)
        write(object, into: &out)
        return Data(out.utf8)
    }

    static func write(_ value: Any, into out: inout String) {
        switch value {
        case let text as String: out += JSONText.quoted(text)
        case let flag as Bool: out += flag ? "true" : "false"
        case let number as Int: out += String(number)
        case let number as Int64: out += String(number)
        case let number as Int32: out += String(number)
        case let number as Double: out += number.isFinite ? "\(number)" : "null"
        case let number as Float: out += number.isFinite ? "\(number)" : "null"
        case let list as [Any]:
            out += "["
            for (i, element) in list.enumerated() {
                if i > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case let object as [String: Any]:
            out += "{"
            for (i, key) in object.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += JSONText.quoted(key)
                out += ":"
                write(object[key]!, into: &out)
            }
            out += "}"
        default: out += "null"  // NSNull, and nothing else is ever built
        }
    }
}

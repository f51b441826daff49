import Foundation

/// A parsed JSON value with numbers split into integers and floats, so two
/// documents can be compared semantically.
indirect enum JSONValue: Equatable, CustomStringConvertible {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case integer(Int64)
    /// Float32 is the precision XGBoost stores; the sentinel strings stand
    /// for the bare `NaN`/`Infinity`/`-Infinity` tokens.
    case float(Float)
    case bool(Bool)
    case null

    var description: String {
        switch self {
        case .object(let o): return "{\(o.keys.sorted().map { "\($0): \(o[$0]!)" }.joined(separator: ", "))}"
        case .array(let a): return "[\(a.map(\.description).joined(separator: ", "))]"
        case .string(let s): return "\"\(s)\""
        case .integer(let i): return "\(i)"
        case .float(let f): return "\(f)f"
        case .bool(let b): return "\(b)"
        case .null: return "null"
        }
    }

    /// Float32 equality, except that NaN equals NaN (a NaN in a model must
    /// stay a NaN).
    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.bool(let a), .bool(let b)): return a == b
        case (.null, .null): return true
        default: return false
        }
    }

    private static let nanSentinel = "@@xgboost-NaN@@"
    private static let infinitySentinel = "@@xgboost-Infinity@@"
    private static let minusInfinitySentinel = "@@xgboost-minus-Infinity@@"

    /// Parses JSON text with Foundation's `JSONSerialization`, after quoting
    /// the bare `NaN`, `Infinity` and `-Infinity` tokens XGBoost writes
    /// (which `JSONSerialization` rejects) into sentinel strings.
    static func parse(_ text: String) throws -> JSONValue {
        let data = Data(quotingNonFiniteTokens(in: text).utf8)
        return try convert(JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    /// Replaces bare NaN/Infinity/-Infinity tokens outside strings with
    /// quoted sentinels; text inside strings is left untouched.
    static func quotingNonFiniteTokens(in text: String) -> String {
        var result = ""
        var inString = false
        var escaped = false
        var rest = Substring(text)
        while let c = rest.first {
            if inString {
                result.append(c)
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                rest = rest.dropFirst()
                continue
            }
            if c == "\"" {
                inString = true
            } else if rest.hasPrefix("NaN") {
                result += "\"\(nanSentinel)\""
                rest = rest.dropFirst(3)
                continue
            } else if rest.hasPrefix("Infinity") {
                result += "\"\(infinitySentinel)\""
                rest = rest.dropFirst(8)
                continue
            } else if rest.hasPrefix("-Infinity") {
                result += "\"\(minusInfinitySentinel)\""
                rest = rest.dropFirst(9)
                continue
            }
            result.append(c)
            rest = rest.dropFirst()
        }
        return result
    }

    private struct UnsupportedValue: Error { let value: String }

    private static func convert(_ any: Any) throws -> JSONValue {
        switch any {
        case is NSNull:
            return .null
        case let s as String:
            switch s {
            case nanSentinel: return .float(.nan)
            case infinitySentinel: return .float(.infinity)
            case minusInfinitySentinel: return .float(-.infinity)
            default: return .string(s)
            }
        case let o as [String: Any]:
            return .object(try o.mapValues(convert))
        case let a as [Any]:
            return .array(try a.map(convert))
        case let n as NSNumber:
            switch String(cString: n.objCType) {
            case "c": return .bool(n.boolValue)
            case "d", "f": return .float(Float(n.doubleValue))
            default: return .integer(n.int64Value)
            }
        default:
            throw UnsupportedValue(value: "\(type(of: any))")
        }
    }

    /// The path to the first difference between two values, or `nil` when
    /// they are equal; makes golden-test failures readable.
    static func firstDifference(_ a: JSONValue, _ b: JSONValue, path: String = "$") -> String? {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            if Set(x.keys) != Set(y.keys) {
                return "\(path): keys \(x.keys.sorted()) vs \(y.keys.sorted())"
            }
            for k in x.keys.sorted() {
                if let d = firstDifference(x[k]!, y[k]!, path: "\(path).\(k)") { return d }
            }
            return nil
        case (.array(let x), .array(let y)):
            if x.count != y.count { return "\(path): \(x.count) vs \(y.count) elements" }
            for i in x.indices {
                if let d = firstDifference(x[i], y[i], path: "\(path)[\(i)]") { return d }
            }
            return nil
        default:
            return a == b ? nil : "\(path): \(a) vs \(b)"
        }
    }
}

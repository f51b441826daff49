import Foundation
import Hummingbird

/// A request's parameters, from the query string (GET, DELETE) and the JSON body (POST, PATCH,
/// DELETE) — the MLflow client uses both. Getters turn them into typed values and refuse
/// missing or mistyped fields with `INVALID_PARAMETER_VALUE` naming the field.
struct MLflowParams: @unchecked Sendable {  // plain JSON values, read only
    /// Who the request acts as: the token's name, or `mlflow-client` with access control off.
    var actor = "mlflow-client"
    private var values: [String: Any] = [:]
    private var repeated: [String: [String]] = [:]

    static func read(_ request: Request, limit: Int) async throws -> MLflowParams {
        var params = MLflowParams()
        // Form encoding, as Python's requests writes it: '+' is a space, then %XX escapes.
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            params.repeated[key, default: []].append(value)
            params.values[key] = value
        }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch {
            throw MLflowError.tooLarge("the request body is larger than \(limit) bytes")
        }
        if body.readableBytes > 0 {
            let object: Any
            do { object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: [.fragmentsAllowed]) } catch {
                throw MLflowError.invalid("the request body is not valid JSON")
            }
            guard let fields = object as? [String: Any] else { throw MLflowError.invalid("the request body must be a JSON object") }
            params.values.merge(fields) { _, body in body }
        }
        return params
    }

    init(values: [String: Any] = [:]) { self.values = values }

    /// Sets a path parameter (it wins over the query and body).
    mutating func set(_ key: String, _ value: String) { values[key] = value }

    mutating func set(_ key: String, strings: [String]) {
        values[key] = strings
        repeated[key] = nil
    }

    func has(_ key: String) -> Bool { values[key] != nil && !(values[key] is NSNull) }

    func string(_ key: String) throws -> String? {
        switch values[key] {
        case nil, is NSNull: return nil
        case let text as String: return text
        case let number as NSNumber where !Self.isBool(number): return number.stringValue
        default: throw MLflowError.invalid("'\(key)' must be a string")
        }
    }

    func required(_ key: String) throws -> String {
        guard let value = try string(key), !value.isEmpty else { throw MLflowError.invalid("missing value for required parameter '\(key)'") }
        return value
    }

    func int64(_ key: String) throws -> Int64? {
        switch values[key] {
        case nil, is NSNull: return nil
        case let text as String:
            guard let value = Int64(text) else { throw MLflowError.invalid("'\(key)' must be an integer, got '\(text)'") }
            return value
        case let number as NSNumber:
            let double = number.doubleValue
            guard double.rounded() == double, abs(double) < 9.2e18 else { throw MLflowError.invalid("'\(key)' must be an integer") }
            return number.int64Value
        default: throw MLflowError.invalid("'\(key)' must be an integer")
        }
    }

    func int(_ key: String) throws -> Int? { try int64(key).map { Int(clamping: $0) } }

    /// A number, including MLflow's spellings of the non-finite ones ("NaN", "Infinity").
    func double(_ key: String) throws -> Double? {
        switch values[key] {
        case nil, is NSNull: return nil
        case let number as NSNumber: return number.doubleValue
        case let text as String:
            switch text {
            case "NaN", "nan": return .nan
            case "Infinity", "inf": return .infinity
            case "-Infinity", "-inf": return -.infinity
            default:
                guard let value = Double(text) else { throw MLflowError.invalid("'\(key)' must be a number, got '\(text)'") }
                return value
            }
        default: throw MLflowError.invalid("'\(key)' must be a number")
        }
    }

    /// JSONSerialization's booleans are NSNumbers of type `c`.
    static func isBool(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    func bool(_ key: String) throws -> Bool? {
        switch values[key] {
        case nil, is NSNull: return nil
        case let number as NSNumber where Self.isBool(number): return number.boolValue
        case let text as String where text == "true" || text == "false": return text == "true"
        default: throw MLflowError.invalid("'\(key)' must be true or false")
        }
    }

    /// A list of strings: a JSON array in the body, or a repeated query parameter.
    func strings(_ key: String) throws -> [String] {
        if let list = values[key] as? [Any] {
            return try list.map {
                guard let text = $0 as? String else { throw MLflowError.invalid("'\(key)' must be a list of strings") }
                return text
            }
        }
        if let all = repeated[key] { return all }
        return try string(key).map { [$0] } ?? []
    }

    /// `[{"key": …, "value": …}]` as a dictionary (tags, params).
    func keyValues(_ key: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in try objects(key) {
            let entry = MLflowParams(values: entry)
            result[try entry.required("key")] = try entry.string("value") ?? ""
        }
        return result
    }

    /// A list of JSON objects.
    func objects(_ key: String) throws -> [[String: Any]] {
        switch values[key] {
        case nil, is NSNull: return []
        case let list as [Any]:
            return try list.map {
                guard let object = $0 as? [String: Any] else { throw MLflowError.invalid("'\(key)' must be a list of objects") }
                return object
            }
        default: throw MLflowError.invalid("'\(key)' must be a list")
        }
    }
}

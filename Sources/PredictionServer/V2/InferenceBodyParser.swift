import Foundation

/// A fast reading of a v2 request's JSON: the same dictionary `JSONSerialization` gives, except
/// that a `data` array holding only numbers and nulls (flat or nested) arrives as one
/// `FlatNumbers` rather than an `NSNumber` per element — at 100 rows × 20 features that was 2,000
/// objects a request, and most of v2's cost. Anything it does not take (an escape in a string, a
/// duplicate key, an integer beyond 2^53, malformed JSON) returns nil and the caller falls back to
/// `JSONSerialization`, which judges it; so both read the same requests the same way.
struct InferenceBodyParser {
    /// A numeric tensor's elements, row-major (null as NaN).
    final class FlatNumbers {
        let values: [Double]
        init(_ values: [Double]) { self.values = values }
    }

    private var scanner: JSONByteScanner

    static func parse(_ bytes: ArraySlice<UInt8>) -> [String: Any]? {
        guard !bytes.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var parser = InferenceBodyParser(scanner: JSONByteScanner(base: base, end: buffer.count))
            guard let object = parser.object(), parser.scanner.atEnd() else { return nil }
            return object
        }
    }

    private mutating func object() -> [String: Any]? {
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        var result: [String: Any] = [:]
        if scanner.consume(UInt8(ascii: "}")) { return result }
        repeat {
            guard let key = scanner.string(), scanner.consume(UInt8(ascii: ":")), let value = value(key: key),
                result.updateValue(value, forKey: key) == nil
            else { return nil }
        } while scanner.consume(UInt8(ascii: ","))
        return scanner.consume(UInt8(ascii: "}")) ? result : nil
    }

    private mutating func value(key: String?) -> Any? {
        switch scanner.peek() {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["):
            if key == "data", let numbers = numbers() { return numbers }
            return array()
        case UInt8(ascii: "\""): return scanner.string()
        case UInt8(ascii: "t"): return scanner.literal("true") ? NSNumber(value: true) : nil
        case UInt8(ascii: "f"): return scanner.literal("false") ? NSNumber(value: false) : nil
        case UInt8(ascii: "n"): return scanner.literal("null") ? NSNull() : nil
        default:
            let integer = scanner.nextNumberIsInteger()
            guard let number = scanner.number() else { return nil }
            guard integer else { return NSNumber(value: number) }
            guard abs(number) <= 9_007_199_254_740_992, let exact = Int(exactly: number) else { return nil }
            return NSNumber(value: exact)
        }
    }

    private mutating func array() -> [Any]? {
        guard scanner.consume(UInt8(ascii: "[")) else { return nil }
        var result: [Any] = []
        if scanner.consume(UInt8(ascii: "]")) { return result }
        repeat {
            guard let element = value(key: nil) else { return nil }
            result.append(element)
        } while scanner.consume(UInt8(ascii: ","))
        return scanner.consume(UInt8(ascii: "]")) ? result : nil
    }

    /// A (nested) array of numbers and nulls, flattened; nil (and nothing consumed) otherwise.
    private mutating func numbers() -> FlatNumbers? {
        let start = scanner.p
        var values: [Double] = []
        guard flatten(into: &values) else {
            scanner.p = start
            return nil
        }
        return FlatNumbers(values)
    }

    private mutating func flatten(into values: inout [Double]) -> Bool {
        guard scanner.consume(UInt8(ascii: "[")) else { return false }
        if scanner.consume(UInt8(ascii: "]")) { return true }
        repeat {
            if scanner.peek() == UInt8(ascii: "[") {
                guard flatten(into: &values) else { return false }
            } else if scanner.literal("null") {
                values.append(.nan)
            } else if let number = scanner.number() {
                values.append(number)
            } else {
                return false
            }
        } while scanner.consume(UInt8(ascii: ","))
        return scanner.consume(UInt8(ascii: "]"))
    }
}

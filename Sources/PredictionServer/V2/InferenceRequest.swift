import Foundation

/// One input tensor of an Open Inference Protocol v2 request, its elements flattened row-major:
/// numbers (any numeric datatype, BOOL as 0/1) or strings (BYTES).
struct InferenceTensor: Sendable {
    enum Elements: Sendable {
        case numbers([Double])
        case strings([String])
    }
    let name: String
    let datatype: String
    let shape: [Int]
    let elements: Elements
}

/// An Open Inference Protocol v2 request: the JSON header and, with the binary tensor data
/// extension (`Inference-Header-Content-Length`), the tensors that follow it in JSON order.
struct InferenceRequest: Sendable {
    /// The client's id (echoed; it may repeat).
    var id: String?
    var inputs: [InferenceTensor]
    /// `parameters` of the request, as text values (for `unit_id`).
    var unitID: String?
    /// Whether the `predict` output should be binary (`binary_data_output`, or the requested
    /// output's `binary_data`).
    var binaryOutput: Bool

    /// Bytes per element of each fixed-size datatype.
    static let elementBytes: [String: Int] = [
        "BOOL": 1, "INT8": 1, "UINT8": 1, "INT16": 2, "UINT16": 2, "INT32": 4, "UINT32": 4, "INT64": 8, "UINT64": 8, "FP16": 2,
        "FP32": 4, "FP64": 8,
    ]

    /// Parses `body`; `headerLength` is `Inference-Header-Content-Length` (nil: all JSON).
    init(body: [UInt8], headerLength: Int?) throws(APIError) {
        let jsonEnd = headerLength ?? body.count
        guard jsonEnd >= 0, jsonEnd <= body.count else {
            throw .badRequest("Inference-Header-Content-Length \(headerLength ?? -1) is larger than the body (\(body.count) bytes)")
        }
        let header: [String: Any]
        if let fast = InferenceBodyParser.parse(body[0..<jsonEnd]) {
            header = fast
        } else {
            header = try Self.decodeHeader(body, jsonEnd: jsonEnd, headerLength: headerLength)
        }
        if let value = header["id"], !(value is NSNull) {
            guard let text = value as? String else { throw .badRequest("\"id\" must be a string") }
            id = text
        }
        let parameters = try Self.object(header["parameters"], name: "parameters")
        if let value = parameters["unit_id"], !(value is NSNull) {
            guard !JSONValue.isBool(value), value is String || value is NSNumber else {
                throw .badRequest("parameters.unit_id must be a string or a number")
            }
            unitID = (value as? String) ?? "\(value)"
        }
        var binary = try Self.flag(parameters["binary_data_output"], name: "parameters.binary_data_output") ?? false
        if let outputs = header["outputs"] {
            guard let list = outputs as? [[String: Any]] else { throw .badRequest("\"outputs\" must be a list of {\"name\": …} objects") }
            for output in list {
                guard let name = output["name"] as? String else { throw .badRequest("every requested output needs a \"name\"") }
                guard name == InferenceCodec.outputName else {
                    throw .badRequest("unknown output \"\(name)\": this model has one output, \"\(InferenceCodec.outputName)\"")
                }
                let outputParameters = try Self.object(output["parameters"], name: "outputs[\"\(name)\"].parameters")
                if let flag = try Self.flag(outputParameters["binary_data"], name: "outputs[\"\(name)\"].parameters.binary_data") {
                    binary = flag
                }
            }
        }
        binaryOutput = binary
        guard let inputs = header["inputs"] as? [[String: Any]], !inputs.isEmpty else {
            throw .badRequest("the inference request needs \"inputs\": a non-empty list of tensors")
        }
        var offset = jsonEnd
        var tensors: [InferenceTensor] = []
        for (i, input) in inputs.enumerated() {
            tensors.append(try Self.tensor(input, index: i, body: body, offset: &offset))
        }
        guard offset == body.count else {
            throw .badRequest("\(body.count - offset) bytes follow the last binary tensor (the sizes in binary_data_size do not add up)")
        }
        self.inputs = tensors
    }

    /// The request's JSON with Foundation (what the fast reading declines).
    static func decodeHeader(_ body: [UInt8], jsonEnd: Int, headerLength: Int?) throws(APIError) -> [String: Any] {
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(body[0..<jsonEnd])) as? [String: Any] else {
                throw APIError.badRequest("the inference request must be a JSON object")
            }
            return object
        } catch let error as APIError {
            throw error
        } catch {
            throw .badRequest(
                "the inference request is not valid JSON (\(headerLength == nil ? "no Inference-Header-Content-Length header" : "its first \(jsonEnd) bytes")): \(error.localizedDescription)"
            )
        }
    }

    /// A `parameters` object (absent or null: empty); anything else is a 400 naming it.
    static func object(_ value: Any?, name: String) throws(APIError) -> [String: Any] {
        guard let value, !(value is NSNull) else { return [:] }
        guard let object = value as? [String: Any] else { throw .badRequest("\(name) must be an object") }
        return object
    }

    /// A boolean parameter (absent or null: nil); a number or string is a 400 naming it.
    static func flag(_ value: Any?, name: String) throws(APIError) -> Bool? {
        guard let value, !(value is NSNull) else { return nil }
        guard JSONValue.isBool(value), let flag = value as? Bool else { throw .badRequest("\(name) must be true or false") }
        return flag
    }

    static func tensor(_ input: [String: Any], index: Int, body: [UInt8], offset: inout Int) throws(APIError) -> InferenceTensor {
        guard let name = input["name"] as? String else { throw .badRequest("inputs[\(index)] needs a \"name\"") }
        guard let datatype = input["datatype"] as? String else { throw .badRequest("input \"\(name)\" needs a \"datatype\"") }
        guard let shapeList = input["shape"] as? [Any], let shape = shapeList.map(JSONValue.integer) as? [Int],
            shape.allSatisfy({ $0 >= 0 })
        else { throw .badRequest("input \"\(name)\" needs a \"shape\": a list of non-negative integers") }
        let (count, overflow) = shape.reduce((1, false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o)
        }
        guard !overflow, count <= 100_000_000 else { throw .badRequest("input \"\(name)\" has too many elements (shape \(shape))") }
        guard datatype == "BYTES" || elementBytes[datatype] != nil else {
            throw .badRequest("input \"\(name)\": unknown datatype \"\(datatype)\" (BOOL, INT8…64, UINT8…64, FP16, FP32, FP64 or BYTES)")
        }
        let parameters = try object(input["parameters"], name: "input \"\(name)\" parameters")
        if let value = parameters["binary_data_size"], JSONValue.integer(value) == nil {
            throw .badRequest("input \"\(name)\": binary_data_size must be an integer")
        }
        let elements: InferenceTensor.Elements
        if let size = parameters["binary_data_size"].flatMap(JSONValue.integer) {
            guard size >= 0, size <= body.count - offset else {
                throw .badRequest("input \"\(name)\": binary_data_size \(size) runs past the end of the body")
            }
            elements = try binaryElements(body[offset..<(offset + size)], datatype: datatype, count: count, name: name)
            offset += size
        } else {
            guard let data = input["data"] else { throw .badRequest("input \"\(name)\" has neither \"data\" nor binary_data_size") }
            elements = try jsonElements(data, datatype: datatype, count: count, name: name)
        }
        return InferenceTensor(name: name, datatype: datatype, shape: shape, elements: elements)
    }

    /// Elements from the binary extension: little-endian, row-major; BYTES as 4-byte length + bytes.
    static func binaryElements(_ bytes: ArraySlice<UInt8>, datatype: String, count: Int, name: String) throws(APIError)
        -> InferenceTensor.Elements
    {
        let base = bytes.startIndex
        if datatype == "BYTES" {
            var strings: [String] = []
            strings.reserveCapacity(min(count, bytes.count / 4))  // the shape is the client's word; the bytes are real
            var at = base
            while at < bytes.endIndex {
                guard at + 4 <= bytes.endIndex else { throw .badRequest("input \"\(name)\": a BYTES element's length is cut off") }
                let length = Int(UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
                at += 4
                guard at + length <= bytes.endIndex else { throw .badRequest("input \"\(name)\": a BYTES element runs past its tensor") }
                strings.append(String(decoding: bytes[at..<(at + length)], as: UTF8.self))
                at += length
            }
            guard strings.count == count else {
                throw .badRequest("input \"\(name)\": \(strings.count) BYTES elements for shape of \(count)")
            }
            return .strings(strings)
        }
        let width = elementBytes[datatype]!
        guard bytes.count == count * width else {
            throw .badRequest("input \"\(name)\": binary_data_size \(bytes.count) is not \(count) \(datatype) elements (\(count * width) bytes)")
        }
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var bits: UInt64 = 0
            for b in 0..<width { bits |= UInt64(bytes[base + i * width + b]) << (8 * UInt64(b)) }
            values[i] = decode(bits: bits, datatype: datatype)
        }
        return .numbers(values)
    }

    static func decode(bits: UInt64, datatype: String) -> Double {
        switch datatype {
        case "BOOL": bits == 0 ? 0 : 1
        case "INT8": Double(Int8(truncatingIfNeeded: bits))
        case "INT16": Double(Int16(truncatingIfNeeded: bits))
        case "INT32": Double(Int32(truncatingIfNeeded: bits))
        case "INT64": Double(Int64(bitPattern: bits))
        case "FP16": Double(Float16(bitPattern: UInt16(truncatingIfNeeded: bits)))
        case "FP32": Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case "FP64": Double(bitPattern: bits)
        default: Double(bits)  // UINT8…64
        }
    }

    /// Elements from JSON `data`: flat or nested as the shape, row-major.
    static func jsonElements(_ data: Any, datatype: String, count: Int, name: String) throws(APIError) -> InferenceTensor.Elements {
        if let numbers = data as? InferenceBodyParser.FlatNumbers {
            guard numbers.values.count == count else {
                throw .badRequest("input \"\(name)\": \(numbers.values.count) elements in \"data\" for a shape of \(count)")
            }
            guard datatype != "BYTES" || count == 0 else { throw .badRequest("input \"\(name)\": element 0 of a BYTES tensor is not a string") }
            return datatype == "BYTES" ? .strings([]) : .numbers(numbers.values)
        }
        var flat: [Any] = []
        func flatten(_ value: Any) {
            if let list = value as? [Any] { list.forEach(flatten) } else { flat.append(value) }
        }
        flatten(data)
        guard flat.count == count else { throw .badRequest("input \"\(name)\": \(flat.count) elements in \"data\" for a shape of \(count)") }
        if datatype == "BYTES" {
            var strings: [String] = []
            for (i, value) in flat.enumerated() {
                guard let text = value as? String else { throw .badRequest("input \"\(name)\": element \(i) of a BYTES tensor is not a string") }
                strings.append(text)
            }
            return .strings(strings)
        }
        var values: [Double] = []
        values.reserveCapacity(count)
        for (i, value) in flat.enumerated() {
            if value is NSNull {
                values.append(.nan)
            } else if let number = value as? NSNumber {
                values.append(number.doubleValue)
            } else {
                throw .badRequest("input \"\(name)\": element \(i) of a \(datatype) tensor is not a number")
            }
        }
        return .numbers(values)
    }
}

/// What `JSONSerialization` made of a JSON value: booleans and numbers both arrive as `NSNumber`,
/// told apart by their storage type.
enum JSONValue {
    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    /// An integer written as one (`3`, not `3.0`, `1.7` or `true`), else nil.
    static func integer(_ value: Any) -> Int? {
        guard let number = value as? NSNumber, !isBool(number) else { return nil }
        let type = String(cString: number.objCType)
        guard type != "d", type != "f" else { return nil }
        return number.intValue
    }
}

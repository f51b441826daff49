/// The UBJSON-to-JSON state machine behind `UBJSON.jsonText(from:)`.
///
/// Containers are tracked on an explicit stack rather than by recursion, so
/// nesting depth is bounded by `UBJSON.maximumNestingDepth` and never by the
/// thread's stack size.
struct Converter {
    private var reader: ByteReader
    private var output: JSONOutput
    private var stack: [ContainerFrame] = []
    /// How many more payload-free values (`$Z`, `$T`, `$F` typed containers)
    /// the document may still declare; bounds the output size, since such
    /// values occupy no input bytes.
    private var payloadFreeBudget: Int

    init(bytes: [UInt8]) {
        reader = ByteReader(bytes)
        // Float-heavy models grow roughly 2-3x as JSON; start at 2x.
        output = JSONOutput(capacity: bytes.count.multipliedReportingOverflow(by: 2).partialValue + 16)
        payloadFreeBudget = bytes.count
    }

    /// Converts the whole input, requiring exactly one top-level value.
    mutating func convert() throws(UBJSONError) -> String {
        let (marker, offset) = try readValueMarker()
        try writeValue(marker: marker, at: offset)
        while !stack.isEmpty {
            try step()
        }
        if !reader.isAtEnd {
            throw UBJSONError(
                message: "\(reader.remaining) trailing byte\(reader.remaining == 1 ? "" : "s") after the top-level value",
                offset: reader.index)
        }
        return output.text
    }

    // MARK: - Containers

    /// Advances the innermost open container by one value, or closes it.
    private mutating func step() throws(UBJSONError) {
        let top = stack.count - 1
        if let remaining = stack[top].remaining {
            if remaining == 0 {
                closeTop()
                return
            }
            stack[top].remaining = remaining - 1
        } else {
            try skipNoOps()
            if try reader.peek() == stack[top].closingByte {
                reader.skip(1)
                closeTop()
                return
            }
        }
        if stack[top].isEmpty {
            stack[top].isEmpty = false
        } else {
            output.append(UInt8(ascii: ","))
        }
        if stack[top].isObject {
            try skipNoOps()
            let key = try reader.readLengthPrefixed("object key")
            try output.appendString(reader.bytes, range: key)
            output.append(UInt8(ascii: ":"))
        }
        if let type = stack[top].elementType {
            try writeValue(marker: type, at: reader.index)
        } else {
            let (marker, offset) = try readValueMarker()
            try writeValue(marker: marker, at: offset)
        }
    }

    private mutating func closeTop() {
        output.append(stack.removeLast().closingByte)
    }

    /// Reads a container header (after its `[` or `{`), then either writes a
    /// whole typed scalar array at once or pushes a frame for `step()`.
    private mutating func openContainer(isObject: Bool, at offset: Int) throws(UBJSONError) {
        if stack.count >= UBJSON.maximumNestingDepth {
            throw UBJSONError(
                message: "containers nested deeper than \(UBJSON.maximumNestingDepth)",
                offset: offset)
        }
        var elementType: UInt8?
        var count: Int?
        let next = try reader.peek()
        if next == Marker.type {
            reader.skip(1)
            let typeOffset = reader.index
            let type = try reader.readByte()
            guard Marker.isValueType(type) else {
                throw UBJSONError(
                    message: "invalid element type \(Marker.describe(type)) for a typed container",
                    offset: typeOffset)
            }
            let countOffset = reader.index
            guard try reader.readByte() == Marker.count else {
                throw UBJSONError(
                    message: "typed container ('$') must be followed by a count ('#')",
                    offset: countOffset)
            }
            elementType = type
            count = try readCount(isObject: isObject, elementType: type)
        } else if next == Marker.count {
            reader.skip(1)
            count = try readCount(isObject: isObject, elementType: nil)
        }

        output.append(isObject ? Marker.objectStart : Marker.arrayStart)
        if !isObject, let type = elementType, let count,
            type != Marker.arrayStart, type != Marker.objectStart
        {
            try writeScalarArray(type: type, count: count)
            output.append(Marker.arrayEnd)
            return
        }
        stack.append(ContainerFrame(isObject: isObject, elementType: elementType, remaining: count))
    }

    /// Reads a `#` count and checks that the remaining input can hold that
    /// many values, so a forged count fails before any work is done.
    private mutating func readCount(isObject: Bool, elementType: UInt8?) throws(UBJSONError) -> Int {
        let offset = reader.index
        let count = try reader.readLength("container count")
        var perValue = elementType.map(Marker.minimumPayloadSize) ?? 1  // untyped: at least a marker
        if isObject {
            perValue += 2  // key: length marker + at least one length byte
        }
        if perValue == 0 {
            if count > payloadFreeBudget {
                throw UBJSONError(
                    message: "container count \(count) of payload-free values is too large for a \(reader.bytes.count)-byte document",
                    offset: offset)
            }
            payloadFreeBudget -= count
        } else if count > reader.remaining / perValue {
            throw UBJSONError(
                message: "container count \(count) is too large for the \(reader.remaining) remaining bytes",
                offset: offset)
        }
        return count
    }

    /// Writes the `count` marker-less values of a `$`-typed array of a scalar
    /// type (the hot path for XGBoost's `[$d#` and `[$l#` arrays).
    private mutating func writeScalarArray(type: UInt8, count: Int) throws(UBJSONError) {
        guard count > 0 else { return }
        try writeValue(marker: type, at: reader.index)
        for _ in 1..<count {
            output.append(UInt8(ascii: ","))
            try writeValue(marker: type, at: reader.index)
        }
    }

    // MARK: - Values

    /// Reads the next value marker, skipping no-ops (`N`).
    private mutating func readValueMarker() throws(UBJSONError) -> (marker: UInt8, offset: Int) {
        try skipNoOps()
        let offset = reader.index
        return (try reader.readByte(), offset)
    }

    private mutating func skipNoOps() throws(UBJSONError) {
        while try reader.peek() == Marker.noOp {
            reader.skip(1)
        }
    }

    /// Writes one value whose marker (read from the input at `offset`, or
    /// implied by a typed container) is `marker`; the payload comes next.
    private mutating func writeValue(marker: UInt8, at offset: Int) throws(UBJSONError) {
        switch marker {
        case Marker.float32:
            let bits = try reader.readBigEndian(size: 4)
            output.appendFloat(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case Marker.int8, Marker.uint8, Marker.int16, Marker.int32, Marker.int64:
            // readInteger returns non-nil for every integer marker.
            output.appendInteger(try reader.readInteger(marker: marker) ?? 0)
        case Marker.float64:
            output.appendDouble(Double(bitPattern: try reader.readBigEndian(size: 8)))
        case Marker.string:
            let range = try reader.readLengthPrefixed("string")
            try output.appendString(reader.bytes, range: range)
        case Marker.arrayStart:
            try openContainer(isObject: false, at: offset)
        case Marker.objectStart:
            try openContainer(isObject: true, at: offset)
        case Marker.null:
            output.append(ascii: "null")
        case Marker.true:
            output.append(ascii: "true")
        case Marker.false:
            output.append(ascii: "false")
        case Marker.char:
            let charOffset = reader.index
            let byte = try reader.readByte()
            guard byte < 0x80 else {
                throw UBJSONError(message: "char ('C') value \(Marker.describe(byte)) is not ASCII", offset: charOffset)
            }
            try output.appendString(reader.bytes, range: charOffset..<(charOffset + 1))
        case Marker.highPrecision:
            let lengthOffset = reader.index
            let range = try reader.readLengthPrefixed("high-precision number")
            guard JSONNumberSyntax.isValid(reader.bytes, range: range) else {
                throw UBJSONError(message: "high-precision ('H') value is not a valid JSON number", offset: lengthOffset)
            }
            output.append(raw: reader.bytes, range: range)
        default:
            throw UBJSONError(message: "unknown type marker \(Marker.describe(marker))", offset: offset)
        }
    }
}

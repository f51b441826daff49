import Foundation
import Testing
import UBJSON

/// Arrays and objects in every form: plain, `#`-counted, `$`+`#`-typed.
@Suite struct ContainerTests {
    func json(_ bytes: [UInt8]) throws -> String { try UBJSON.jsonText(from: bytes) }

    @Test func emptyContainers() throws {
        #expect(try json(UBJ.ascii("[]")) == "[]")
        #expect(try json(UBJ.ascii("{}")) == "{}")
        #expect(try json(UBJ.ascii("[#") + UBJ.u8(0)) == "[]")
        #expect(try json(UBJ.ascii("{#") + UBJ.u8(0)) == "{}")
        #expect(try json(UBJ.ascii("[$d#") + UBJ.length(0)) == "[]")
        #expect(try json(UBJ.ascii("{$l#") + UBJ.length(0)) == "{}")
    }

    @Test func plainArrayOfMixedValues() throws {
        let bytes = UBJ.ascii("[") + UBJ.i8(1) + UBJ.f32(2.5) + UBJ.string("x") + UBJ.ascii("ZTF[]{}") + UBJ.ascii("]")
        #expect(try json(bytes) == #"[1,2.5,"x",null,true,false,[],{}]"#)
    }

    @Test func plainObjectWithXGBoostStyleKeys() throws {
        let bytes =
            UBJ.ascii("{") + UBJ.key("num_trees") + UBJ.string("3")
            + UBJ.key("iteration_indptr") + UBJ.ascii("[#") + UBJ.length(2) + UBJ.i8(0) + UBJ.i8(1)
            + UBJ.key("nested") + UBJ.ascii("{") + UBJ.key("k") + UBJ.ascii("Z}") + UBJ.ascii("}")
        #expect(try json(bytes) == #"{"num_trees":"3","iteration_indptr":[0,1],"nested":{"k":null}}"#)
    }

    @Test func keyLengthMayUseAnyIntegerMarker() throws {
        for lengthBytes in [UBJ.i8(1), UBJ.u8(1), UBJ.i16(1), UBJ.i32(1), UBJ.i64(1)] {
            #expect(try json(UBJ.ascii("{") + lengthBytes + UBJ.ascii("kZ}")) == #"{"k":null}"#)
        }
    }

    @Test func countedArrayWithoutType() throws {
        let bytes = UBJ.ascii("[#") + UBJ.i8(3) + UBJ.i8(1) + UBJ.string("two") + UBJ.f64(3.5)
        #expect(try json(bytes) == #"[1,"two",3.5]"#)
    }

    @Test func countedContainersHaveNoClosingMarker() throws {
        let inner = UBJ.ascii("[#") + UBJ.u8(1) + UBJ.i8(1)
        let bytes = UBJ.ascii("[") + inner + UBJ.i8(2) + UBJ.ascii("]")
        #expect(try json(bytes) == "[[1],2]")
    }

    @Test func countedObjectWithoutType() throws {
        let bytes = UBJ.ascii("{#") + UBJ.u8(2) + UBJ.key("a") + UBJ.i8(1) + UBJ.key("b") + UBJ.ascii("[]")
        #expect(try json(bytes) == #"{"a":1,"b":[]}"#)
    }

    /// XGBoost's big arrays: `split_conditions` etc. as `[$d#L` float32.
    @Test func typedFloat32Array() throws {
        let values: [Float] = [0.3366869, -0.7322674, 1.4022648, 0]
        var bytes = UBJ.ascii("[$d#") + UBJ.length(values.count)
        for v in values { bytes += UBJ.be(v.bitPattern) }
        #expect(try json(bytes) == "[0.3366869,-0.7322674,1.4022648,0.0]")
    }

    /// XGBoost's `left_children` etc. as `[$l#L` int32.
    @Test func typedInt32Array() throws {
        var bytes = UBJ.ascii("[$l#") + UBJ.length(4)
        for v: Int32 in [1, 3, -1, 2_147_483_647] { bytes += UBJ.be(v) }
        #expect(try json(bytes) == "[1,3,-1,2147483647]")
    }

    @Test func typedArraysOfEveryScalarType() throws {
        #expect(try json(UBJ.ascii("[$i#") + UBJ.u8(2) + [0xFF, 0x05]) == "[-1,5]")
        #expect(try json(UBJ.ascii("[$U#") + UBJ.u8(3) + [0, 1, 255]) == "[0,1,255]")
        #expect(try json(UBJ.ascii("[$I#") + UBJ.u8(2) + UBJ.be(Int16(-2)) + UBJ.be(Int16(300))) == "[-2,300]")
        #expect(try json(UBJ.ascii("[$L#") + UBJ.u8(2) + UBJ.be(Int64(-5)) + UBJ.be(Int64(1) << 40)) == "[-5,1099511627776]")
        #expect(
            try json(UBJ.ascii("[$D#") + UBJ.u8(2) + UBJ.be((0.1).bitPattern) + UBJ.be(Double.infinity.bitPattern))
                == "[0.1,Infinity]")
        #expect(try json(UBJ.ascii("[$C#") + UBJ.u8(2) + UBJ.ascii("a\\")) == #"["a","\\"]"#)
        #expect(try json(UBJ.ascii("[$S#") + UBJ.u8(2) + UBJ.key("ab") + UBJ.key("")) == #"["ab",""]"#)
        #expect(try json(UBJ.ascii("[$H#") + UBJ.u8(1) + UBJ.u8(3) + UBJ.ascii("1.5")) == "[1.5]")
        #expect(try json(UBJ.ascii("[$Z#") + UBJ.u8(3)) == "[null,null,null]")
        #expect(try json(UBJ.ascii("[$T#") + UBJ.u8(2)) == "[true,true]")
        #expect(try json(UBJ.ascii("[$F#") + UBJ.u8(1)) == "[false]")
    }

    @Test func typedArrayInsidePlainContainers() throws {
        let typed = UBJ.ascii("[$U#") + UBJ.length(2) + [0, 1]
        let bytes = UBJ.ascii("{") + UBJ.key("default_left") + typed + UBJ.key("id") + UBJ.i8(0) + UBJ.ascii("}")
        #expect(try json(bytes) == #"{"default_left":[0,1],"id":0}"#)
    }

    /// Elements of a `$[` or `${` container start right after the omitted
    /// `[`/`{` marker, and may themselves be counted or typed.
    @Test func typedArrayOfContainers() throws {
        let arrays =
            UBJ.ascii("[$[#") + UBJ.u8(3)
            + UBJ.ascii("]")  // []
            + UBJ.i8(1) + UBJ.ascii("]")  // [1]
            + UBJ.ascii("$i#") + UBJ.u8(2) + [7, 8]  // [7,8]
        #expect(try json(arrays) == "[[],[1],[7,8]]")
        let objects = UBJ.ascii("[${#") + UBJ.u8(2) + UBJ.ascii("}") + UBJ.key("a") + UBJ.ascii("T}")
        #expect(try json(objects) == #"[{},{"a":true}]"#)
    }

    @Test func typedObject() throws {
        let bytes = UBJ.ascii("{$i#") + UBJ.u8(2) + UBJ.key("a") + [1] + UBJ.key("b") + [0xFE]
        #expect(try json(bytes) == #"{"a":1,"b":-2}"#)
        let strings = UBJ.ascii("{$S#") + UBJ.u8(1) + UBJ.key("k") + UBJ.key("v")
        #expect(try json(strings) == #"{"k":"v"}"#)
        let nulls = UBJ.ascii("{$Z#") + UBJ.u8(2) + UBJ.key("a") + UBJ.key("b")
        #expect(try json(nulls) == #"{"a":null,"b":null}"#)
    }

    @Test func maximumNestingDepthIsAllowed() throws {
        let depth = UBJSON.maximumNestingDepth
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        #expect(try json(bytes) == String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    }

    /// A large typed float array, as in a real model, converts exactly.
    @Test func largeTypedFloatArray() throws {
        let values = (0..<100_000).map { Float($0) * 0.001 - 50 }
        var bytes = UBJ.ascii("[$d#") + UBJ.length(values.count)
        bytes.reserveCapacity(bytes.count + 4 * values.count)
        for v in values { bytes += UBJ.be(v.bitPattern) }
        let text = try json(bytes)
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [NSNumber])
        #expect(parsed.count == values.count)
        let mismatches = zip(parsed, values).filter { Float($0.doubleValue) != $1 }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(String(describing: mismatches.first))")
    }
}

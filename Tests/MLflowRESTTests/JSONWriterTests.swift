import Foundation
import Testing

@testable import MLflowREST

@Suite struct JSONWriterTests {
    @Test func writesSortedCompactJSONThatFoundationReadsBack() throws {
        let object: [String: Any] = [
            "b": [1, Int64(2), "x\"y\\z\n\u{1}", true, NSNull()],
            "a": ["z": 0.25, "y": -3.0e-7, "é": "ü"],
            "c": Double.nan, "d": [String: Any](), "e": [Any](),
        ]
        let text = String(decoding: JSONWriter.data(object), as: UTF8.self)
        #expect(text.hasPrefix("{\"a\":{\"y\":") && text.contains("\"c\":null") && !text.contains(" "))
        let back = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let list = try #require(back["b"] as? [Any])
        #expect(list.count == 5 && list[2] as? String == "x\"y\\z\n\u{1}" && list[3] as? Bool == true && list[4] is NSNull)
        #expect((back["a"] as? [String: Any])?["y"] as? Double == -3.0e-7)
        #expect((back["a"] as? [String: Any])?["é"] as? String == "ü")
        #expect((back["d"] as? [String: Any])?.isEmpty == true && (back["e"] as? [Any])?.isEmpty == true)
    }

    @Test func sortsKeysByCodePointNotLocale() {
        let text = String(decoding: JSONWriter.data(["b": 1, "B": 2, "a": 3, "_": 4]), as: UTF8.self)
        #expect(text == "{\"B\":2,\"_\":4,\"a\":3,\"b\":1}")
    }
}

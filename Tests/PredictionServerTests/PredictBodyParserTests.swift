import Foundation
import Testing

@testable import PredictionServer

@Suite struct PredictBodyParserTests {
    func canonical(_ r: PredictRequest) -> String {
        func cell(_ c: FeatureCell) -> String {
            switch c {
            case .number(let v): "n\(v.bitPattern)"
            case .missing: "null"
            case .text(let text): "t\(text)"
            case .invalid(let what): "invalid(\(what))"
            }
        }
        let rows = r.rows.map { $0.map { $0.map(cell).joined(separator: ",") }.joined(separator: ";") } ?? "-"
        let instances =
            r.instances.map {
                $0.map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\(cell($0.value))" }.joined(separator: ",") }.joined(separator: ";")
            } ?? "-"
        return "\(r.unitID ?? "-")|\(rows)|\(instances)"
    }

    func fast(_ text: String) -> PredictRequest? {
        Data(text.utf8).withUnsafeBytes { PredictBodyParser.parse($0) }
    }

    @Test func theFastPathReadsWhatJSONDecoderReadsBitForBit() throws {
        let bodies = [
            #"{"rows": [[1.5, null, -0.25, 3e-7, 0, -0, 12345678901234567890, 0.1000000000000000055511151231257827]]}"#,
            #"{"unit_id": "u-42", "rows": [[1, 2], [3, 4]]}"#,
            #" { "instances" : [ {"f0": 1.5, "f1": null}, {"f1": 2E+3, "f0": -7.25e-310} ] , "unit_id":null } "#,
            #"{"rows": [], "instances": []}"#,
            #"{"rows": [[]]}"#,
            "{\"rows\":[[0.1,\n0.2]]}",
            #"{"rows": [[1, "1fbe01fe", "", "10000174058809263569"]], "unit_id": "u"}"#,
            #"{"instances": [{"site_id": "e151e245", "f0": 2}]}"#,
        ]
        for body in bodies {
            let decoded = try JSONDecoder().decode(PredictRequest.self, from: Data(body.utf8))
            let parsed = try #require(fast(body), "fast path declined \(body)")
            #expect(canonical(parsed) == canonical(decoded), "\(body)")
        }
    }

    @Test func anythingUnusualIsLeftToJSONDecoder() {
        for body in [
            #"{"rows": [[1, "a\u0062"]]}"#, #"{"rows": [[true]]}"#, #"{"rows": [[01]]}"#, #"{"rows": [[1.]]}"#, #"{"rows": [[+1]]}"#,
            #"{"rows": [[.5]]}"#, #"{"unit_id": "a\"b", "rows": [[1]]}"#, #"{"extra": 1, "rows": [[1]]}"#, #"{"rows": [[1]]"#,
            #"{"rows": [[1]]} x"#, #"{"rows": [[1]], "rows": [[2]]}"#, #"{"instances": [{"a": 1, "a": 2}]}"#, "", "{}", "[]",
            #"{"rows": [[NaN]]}"#, #"{"rows": [[1e999]]}"#,
        ] {
            let parsed = fast(body)
            if body == #"{"rows": [[1e999]]}"# {
                // An out-of-range number parses to infinity on both paths' grammar; the row check refuses it.
                if case .number(let v)? = parsed?.rows?.first?.first { #expect(v.isInfinite) }
                continue
            }
            #expect(parsed == nil, "fast path accepted \(body)")
        }
    }
}

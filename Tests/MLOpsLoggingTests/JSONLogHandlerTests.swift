import Foundation
import Logging
import Synchronization
import Testing

@testable import MLOpsLogging

@Suite struct JSONLogHandlerTests {
    final class Lines: Sendable {
        let storage = Mutex<[String]>([])
        func append(_ line: String) { storage.withLock { $0.append(line) } }
        var all: [String] { storage.withLock { $0 } }
    }

    @Test func writesOneParsableJSONObjectPerLineWithMetadata() throws {
        let lines = Lines()
        var handler = JSONLogHandler(label: "mlops.test") { lines.append($0) }
        handler[metadataKey: "correlation_id"] = "abc123"
        let logger = Logger(label: "mlops.test") { _ in handler }
        logger.info("registered \"ctr\"\nversion 3", metadata: ["version": "3", "nested": ["a": "b"]])
        logger.debug("not shown at info level")

        let output = lines.all
        #expect(output.count == 1)
        let line = try #require(output.first)
        #expect(line.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["msg"] as? String == "registered \"ctr\"\nversion 3")
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "mlops.test")
        #expect(object["correlation_id"] as? String == "abc123")
        #expect(object["version"] as? String == "3")
        #expect((object["nested"] as? [String: String])?["a"] == "b")
        #expect(object["ts"] is String)
    }

    @Test func escapesControlCharacters() {
        #expect(JSONLogHandler.quote("a\u{01}b\t") == "\"a\\u0001b\\t\"")
    }

    @Test func correlationIDsAreSixteenHexDigitsAndDiffer() {
        let a = LoggingSetup.newCorrelationID()
        let b = LoggingSetup.newCorrelationID()
        #expect(a.count == 16 && a.allSatisfy(\.isHexDigit))
        #expect(a != b)
    }
}

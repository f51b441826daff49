import Testing

@testable import MLflowSearch

@Suite("Page tokens and max_results")
struct PageTokenTests {
    static let query = PageToken.query(entity: .runs, filter: "metrics.rmse < 1", orderBy: ["metrics.rmse DESC"], scope: ["1", "2"])

    @Test(arguments: [0, 1, 50, 1_000, 123_456_789, Int.max])
    func roundTrip(offset: Int) throws {
        let token = PageToken.encode(offset: offset, query: Self.query)
        #expect(try PageToken.decode(token, query: Self.query) == offset)
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    }

    @Test
    func anEmptyTokenMeansTheFirstPage() throws {
        #expect(try PageToken.decode("", query: Self.query) == 0)
    }

    @Test(
        arguments: [
            PageToken.query(entity: .runs, filter: "metrics.rmse < 2", orderBy: ["metrics.rmse DESC"], scope: ["1", "2"]),
            PageToken.query(entity: .runs, filter: "metrics.rmse < 1", orderBy: ["metrics.rmse ASC"], scope: ["1", "2"]),
            PageToken.query(entity: .runs, filter: "metrics.rmse < 1", orderBy: ["metrics.rmse DESC"], scope: ["1"]),
            PageToken.query(entity: .loggedModels, filter: "metrics.rmse < 1", orderBy: ["metrics.rmse DESC"], scope: ["1", "2"]),
        ])
    func aTokenIsRefusedForADifferentQuery(other: String) {
        let token = PageToken.encode(offset: 10, query: Self.query)
        #expect(other != Self.query)
        #expect {
            _ = try PageToken.decode(token, query: other)
        } throws: { error in
            (error as? SearchError)?.message.contains("different search") == true
        }
    }

    @Test
    func queryDescriptionsDoNotCollideWhenPartsAreShifted() {
        let a = PageToken.query(entity: .runs, filter: "a", orderBy: ["b", "c"])
        let b = PageToken.query(entity: .runs, filter: "a", orderBy: ["b,c"])
        let c = PageToken.query(entity: .runs, filter: "a|b", orderBy: ["c"])
        let d = PageToken.query(entity: .runs, filter: "a", orderBy: ["b|c"])
        #expect(Set([a, b, c, d]).count == 4)
        #expect(QueryFingerprint.of(a) != QueryFingerprint.of(b))
    }

    @Test(
        arguments: [
            "!!!!", "abc$", "a", "aGVsbG8",  // "hello"
            Base64URL.encode(Array("mlfs1:-5:0123456789abcdef".utf8)),
            Base64URL.encode(Array("mlfs2:5:0123456789abcdef".utf8)),
            Base64URL.encode(Array("mlfs1:x:0123456789abcdef".utf8)),
            Base64URL.encode(Array("mlfs1:5".utf8)),
            Base64URL.encode(Array("{\"offset\": 5}".utf8)),
        ])
    func garbageTokensAreRefused(token: String) {
        #expect(throws: SearchError.self) { try PageToken.decode(token, query: Self.query) }
    }

    @Test
    func aPaddedTokenIsStillAccepted() throws {
        let token = PageToken.encode(offset: 7, query: Self.query)
        let padded = token + String(repeating: "=", count: (4 - token.count % 4) % 4)
        #expect(try PageToken.decode(padded, query: Self.query) == 7)
    }

    @Test(
        arguments: [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
        ])
    func base64urlMatchesRFC4648TestVectors(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test
    func base64urlUsesAnd() {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xFB, 0xFF])
        #expect(Base64URL.decode("+/8") == nil)
    }

    @Test
    func maxResults() throws {
        #expect(try MaxResults.validate(nil, default: 1_000, limit: 50_000) == 1_000)
        #expect(try MaxResults.validate(1, default: 1_000, limit: 50_000) == 1)
        #expect(try MaxResults.validate(50_000, default: 1_000, limit: 50_000) == 50_000)
        for bad in [0, -1, 50_001] {
            #expect {
                _ = try MaxResults.validate(bad, default: 1_000, limit: 50_000)
            } throws: { error in
                guard let message = (error as? SearchError)?.message else { return false }
                return message.contains("50000") && message.contains("\(bad)")
            }
        }
    }
}

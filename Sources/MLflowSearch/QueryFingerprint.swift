/// A short, stable fingerprint of a search query (FNV-1a, 64 bit), used to
/// bind page tokens to the query that produced them. Not a security measure:
/// it only detects a token reused with a different query.
enum QueryFingerprint {
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

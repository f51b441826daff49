/// Opaque page tokens for search endpoints.
///
/// A token is URL-safe base64 (no padding) of `mlfs1:<offset>:<fingerprint>`,
/// where the fingerprint identifies the query (entity, filter, order_by,
/// scope). Decoding refuses a token minted for a different query, or
/// anything that is not such a token.
public enum PageToken: Sendable {
    private static let version = "mlfs1"

    /// A token for resuming `query` at `offset` (negative offsets are stored as 0).
    public static func encode(offset: Int, query: String) -> String {
        let payload = "\(version):\(max(0, offset)):\(QueryFingerprint.of(query))"
        return Base64URL.encode(Array(payload.utf8))
    }

    /// The offset stored in `token`. An empty token means "first page" (0),
    /// as in MLflow.
    public static func decode(_ token: String, query: String) throws(SearchError) -> Int {
        if token.isEmpty { return 0 }
        guard let bytes = Base64URL.decode(token) else {
            throw SearchError("Invalid page token: could not base64-decode it")
        }
        let payload = String(decoding: bytes, as: UTF8.self)
        let parts = payload.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == version, let offset = Int(parts[1]), offset >= 0, parts[2].count == 16 else {
            throw SearchError("Invalid page token: not a token issued by this server")
        }
        guard parts[2] == QueryFingerprint.of(query) else {
            throw SearchError(
                "Invalid page token: it was issued for a different search; the filter, order_by or searched entity changed since the previous page")
        }
        return offset
    }

    /// A canonical query description for ``encode(offset:query:)`` /
    /// ``decode(_:query:)``: the entity, the raw filter text, the raw
    /// `order_by` items and any scope (e.g. experiment IDs, view type),
    /// length-prefixed so different inputs never collide textually.
    public static func query(entity: SearchEntity, filter: String?, orderBy: [String] = [], scope: [String] = []) -> String {
        func field(_ text: String) -> String { "\(text.utf8.count):\(text)" }
        return [
            field(entity.rawValue),
            field(filter ?? ""),
            orderBy.map(field).joined(separator: ","),
            scope.map(field).joined(separator: ","),
        ].joined(separator: "|")
    }
}

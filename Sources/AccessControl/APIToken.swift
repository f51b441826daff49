/// A stored API token: its name (the actor in histories), role and life. The secret itself is
/// never stored, only its SHA-256.
public struct APIToken: Sendable, Equatable {
    public let name: String
    public let role: Role
    public let createdAt: Int64
    public let revokedAt: Int64?
    public let lastUsedAt: Int64?

    public var isRevoked: Bool { revokedAt != nil }
}

/// Errors of token management; messages name the token at fault.
public enum AccessError: Error, CustomStringConvertible, Equatable {
    case tokenExists(String)
    case tokenNotFound(String)
    case invalidName(String)

    public var description: String {
        switch self {
        case .tokenExists(let name): return "a token named '\(name)' already exists (revoke it first, or pick another name)"
        case .tokenNotFound(let name): return "no token named '\(name)'"
        case .invalidName(let name): return "invalid token name '\(name)': use 1–63 letters, digits, '.', '_' or '-'"
        }
    }
}

/// What a token may do. Each role includes the ones below it: a `reader` reads, a `deployer`
/// also changes things (promote, rollback, aliases, rollouts, tracking, registering versions),
/// an `admin` also deletes.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case reader
    case deployer
    case admin

    private var rank: Int {
        switch self {
        case .reader: return 0
        case .deployer: return 1
        case .admin: return 2
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

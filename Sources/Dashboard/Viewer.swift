import AccessControl

/// Who is looking at a dashboard page: signed in with a token (its name and role, the session's
/// CSRF token), anonymous, or anyone at all when access control is off.
struct Viewer: Sendable {
    /// The token's name, the actor of what this viewer changes; nil when not signed in.
    var name: String?
    /// The role the viewer acts with; nil when anonymous with access control on.
    var role: Role?
    /// The CSRF token every form of the session carries; nil without a session.
    var csrf: String?
    /// Access control is off: anyone may change anything (forms need only a same-origin POST).
    var accessOff: Bool

    static let anonymous = Viewer(name: nil, role: nil, csrf: nil, accessOff: false)
    static let everyone = Viewer(name: nil, role: .admin, csrf: nil, accessOff: true)

    /// May promote, roll back, steer rollouts and retry jobs.
    var canDeploy: Bool { (role ?? .reader) >= .deployer && (accessOff || name != nil) }

    /// The name changes are recorded under.
    var actor: String { name ?? "dashboard" }
}

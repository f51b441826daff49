/// What kind of failure an error is, whatever surface reports it. Domain errors say their
/// category (`CategorizedError`); each surface maps categories once (CLI exit codes, the JSON
/// API's statuses, the MLflow API's error codes, the dashboard's pages), so the same failure
/// means the same thing everywhere.
public enum ErrorCategory: String, Sendable, CaseIterable {
    /// The model, version, run, job or token named does not exist.
    case notFound = "not_found"
    /// The thing to create exists already (a conflict MLflow's clients tell apart).
    case alreadyExists = "already_exists"
    /// The change does not fit the current state (already champion, a rollout running…).
    case conflict
    /// The input breaks a rule (a name, a field, a plan, a threshold).
    case invalid
    /// A dependency is away or overloaded (the store, a connection pool); trying later may work.
    case unavailable
    /// No credentials, or unknown ones.
    case unauthorized
    /// Credentials whose role is too low.
    case forbidden
    /// Anything else: a defect or stored state this code cannot read.
    case `internal`

    /// The category of any error: its own when it is a `CategorizedError`, else `internal`.
    public static func of(_ error: any Error) -> ErrorCategory {
        (error as? any CategorizedError)?.category ?? .internal
    }
}

/// An error that says what kind of failure it is.
public protocol CategorizedError: Error, CustomStringConvertible {
    var category: ErrorCategory { get }
}

/// Errors of experiment tracking; messages name the experiment, run, model or field at fault.
public enum TrackingError: Error, CustomStringConvertible, Equatable {
    case experimentNotFound(String)
    case experimentExists(String)
    case runNotFound(String)
    case loggedModelNotFound(String)
    /// A value breaks a rule (a key, a length, a changed parameter).
    case invalid(String)
    /// The thing exists but is in the wrong state for the change (a deleted run, say).
    case invalidState(String)

    public var description: String {
        switch self {
        case .experimentNotFound(let which): return "experiment \(which) does not exist"
        case .experimentExists(let name): return "an experiment named '\(name)' already exists"
        case .runNotFound(let id): return "run '\(id)' does not exist"
        case .loggedModelNotFound(let id): return "logged model '\(id)' does not exist"
        case .invalid(let message): return message
        case .invalidState(let message): return message
        }
    }
}

/// Errors of the model registry; each names the model, version, alias or field at fault.
public enum RegistryError: Error, CustomStringConvertible, Equatable {
    case invalidName(kind: String, value: String, rule: String)
    case invalidReference(String)
    case invalidField(field: String, message: String)
    case modelExists(String)
    case modelNotFound(String)
    case versionNotFound(model: String, version: Int)
    case aliasNotFound(model: String, alias: String)
    case noVersions(model: String)
    case reservedAlias(alias: String, use: String)
    case versionArchived(model: String, version: Int)
    case alreadyChampion(model: String, version: Int)
    case nothingToRollBack(model: String, reason: String)
    case championCannotBeArchived(model: String, version: Int)
    case invalidDirectory(path: String, message: String)
    case invalidExport(file: String, message: String)
    /// A deletion that would lose stored records of traffic (drift counts, rollouts).
    case inUse(what: String, message: String)

    public var description: String {
        switch self {
        case .invalidName(let kind, let value, let rule):
            return "invalid \(kind) '\(value)': \(rule)"
        case .invalidReference(let value):
            return "invalid model reference '\(value)': use NAME (latest), NAME/VERSION, NAME@ALIAS or models:/NAME/VERSION"
        case .invalidField(let field, let message):
            return "invalid \(field): \(message)"
        case .modelExists(let name):
            return "model '\(name)' already exists"
        case .modelNotFound(let name):
            return "model '\(name)' does not exist (create it with `mlops registry create \(name)`)"
        case .versionNotFound(let model, let version):
            return "model '\(model)' has no version \(version)"
        case .aliasNotFound(let model, let alias):
            return "model '\(model)' has no alias '\(alias)'"
        case .noVersions(let model):
            return "model '\(model)' has no ready versions"
        case .reservedAlias(let alias, let use):
            return "alias '\(alias)' is managed by the registry; use `\(use)`"
        case .versionArchived(let model, let version):
            return "\(model)/\(version) is archived"
        case .alreadyChampion(let model, let version):
            return "\(model)/\(version) is already the champion"
        case .nothingToRollBack(let model, let reason):
            return "cannot roll back '\(model)': \(reason)"
        case .championCannotBeArchived(let model, let version):
            return "\(model)/\(version) is the champion and cannot be archived; promote another version first"
        case .invalidDirectory(let path, let message):
            return "cannot register \(path): \(message)"
        case .invalidExport(let file, let message):
            return "invalid export archive \(file): \(message)"
        case .inUse(let what, let message):
            return "\(what) cannot be deleted: \(message)"
        }
    }
}

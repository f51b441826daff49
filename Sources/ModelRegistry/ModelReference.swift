/// A way to name a model version: `ctr` (latest ready), `ctr/3`, `ctr@champion`,
/// `models:/ctr/3`, `models:/ctr@champion`.
public struct ModelReference: Sendable, Equatable, CustomStringConvertible {
    /// Which version of the model.
    public enum Selector: Sendable, Equatable {
        case latest
        case version(Int)
        case alias(String)
    }

    public let model: String
    public let selector: Selector

    public init(model: String, selector: Selector) {
        self.model = model
        self.selector = selector
    }

    /// Parses and validates a reference.
    public init(parsing text: String) throws {
        var rest = Substring(text)
        if rest.hasPrefix("models:/") { rest = rest.dropFirst("models:/".count) }
        if let at = rest.firstIndex(of: "@") {
            let name = String(rest[..<at])
            let alias = String(rest[rest.index(after: at)...])
            try Names.validateModel(name)
            try Names.validateAlias(alias)
            self.init(model: name, selector: .alias(alias))
        } else if let slash = rest.firstIndex(of: "/") {
            let name = String(rest[..<slash])
            let versionText = rest[rest.index(after: slash)...]
            try Names.validateModel(name)
            guard let version = Int(versionText), version > 0, !versionText.hasPrefix("+") else {
                throw RegistryError.invalidReference(text)
            }
            self.init(model: name, selector: .version(version))
        } else {
            guard !rest.isEmpty else { throw RegistryError.invalidReference(text) }
            try Names.validateModel(String(rest))
            self.init(model: String(rest), selector: .latest)
        }
    }

    public var description: String {
        switch selector {
        case .latest: return model
        case .version(let v): return "\(model)/\(v)"
        case .alias(let a): return "\(model)@\(a)"
        }
    }
}

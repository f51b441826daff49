/// Validation rules for names the registry stores.
public enum Names {
    /// Model names: lowercase letters, digits, `.`, `_`, `-`; 1–63 characters; starting with a
    /// letter or digit.
    public static func validateModel(_ name: String) throws {
        let rule = "use 1–63 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"
        guard (1...63).contains(name.utf8.count),
            let first = name.utf8.first, isLowerAlnum(first),
            name.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else {
            throw RegistryError.invalidName(kind: "model name", value: name, rule: rule)
        }
    }

    /// Alias names: lowercase letters, digits, `_`, `-`; 1–63 characters; starting with a letter
    /// (so an alias is never mistaken for a version number).
    public static func validateAlias(_ alias: String) throws {
        let rule = "use 1–63 lowercase letters, digits, '_' or '-', starting with a letter"
        guard (1...63).contains(alias.utf8.count),
            let first = alias.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
            alias.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else {
            throw RegistryError.invalidName(kind: "alias", value: alias, rule: rule)
        }
    }

    /// Keys of tags, params and metrics: 1–250 printable characters without spaces or `=`.
    public static func validateKey(_ key: String, field: String) throws {
        guard (1...250).contains(key.utf8.count),
            key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7f && $0 != "=" })
        else {
            throw RegistryError.invalidName(kind: "\(field) key", value: key, rule: "use 1–250 characters without spaces, control characters or '='")
        }
    }

    /// Flavors name what kind of model an artifact holds (`xgboost`, `logreg`, `generic`).
    public static func validateFlavor(_ flavor: String) throws {
        guard (1...40).contains(flavor.utf8.count),
            flavor.utf8.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") })
        else {
            throw RegistryError.invalidName(kind: "flavor", value: flavor, rule: "use 1–40 lowercase letters, digits, '.', '_' or '-'")
        }
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// The aliases with meaning: the serving model, the challenger in a rollout, and the last
/// champion kept for rollback.
public enum WellKnownAlias {
    public static let champion = "champion"
    public static let challenger = "challenger"
    public static let previous = "previous"
}

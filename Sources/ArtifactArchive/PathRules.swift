/// Rules for entry names and symlink targets, shared by creation and extraction.
enum PathRules {
    /// The normalized components of entry name `name`: empty and `.` components are
    /// dropped. Nil when the name is empty, absolute or has a `..` component.
    static func components(of name: String) -> [String]? {
        guard !name.isEmpty, !name.hasPrefix("/") else { return nil }
        var result: [String] = []
        for part in name.split(separator: "/", omittingEmptySubsequences: true) {
            if part == ".." { return nil }
            if part == "." { continue }
            result.append(String(part))
        }
        return result
    }

    /// Whether a symlink target stays inside the tree: relative, non-empty, no `..` component.
    static func isSafeLinkTarget(_ target: String) -> Bool {
        guard !target.isEmpty, !target.hasPrefix("/") else { return false }
        return !target.split(separator: "/", omittingEmptySubsequences: true).contains("..")
    }
}

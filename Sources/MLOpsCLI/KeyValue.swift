import ArgumentParser

/// Parses repeated `k=v` options (`--tag team=ads --tag owner=ml`) into a map.
enum KeyValue {
    static func strings(_ values: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for value in values {
            guard let eq = value.firstIndex(of: "="), eq != value.startIndex else {
                throw ValidationError("--\(option) '\(value)' must look like key=value")
            }
            let key = String(value[..<eq])
            if result[key] != nil { throw ValidationError("--\(option) '\(key)' given twice") }
            result[key] = String(value[value.index(after: eq)...])
        }
        return result
    }

    static func numbers(_ values: [String], option: String) throws -> [String: Double] {
        try strings(values, option: option).reduce(into: [:]) { result, pair in
            guard let number = Double(pair.value), number.isFinite else {
                throw ValidationError("--\(option) '\(pair.key)' has value '\(pair.value)', which is not a finite number")
            }
            result[pair.key] = number
        }
    }
}

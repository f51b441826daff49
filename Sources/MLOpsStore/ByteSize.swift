import Foundation

/// Sizes as people write them: `512MB`, `10GB`, `1.5GiB`, `2048` (bytes). Decimal units are
/// powers of 1000, binary ones (`KiB`, `MiB`, `GiB`, `TiB`) powers of 1024.
public enum ByteSize {
    /// The number of bytes, or nil for text that is not a size.
    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let number = trimmed.prefix { $0.isNumber || $0 == "." }
        let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
        let scales: [String: Double] = [
            "": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
            "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        ]
        guard let value = Double(number), value >= 0, let scale = scales[unit] else { return nil }
        let bytes = value * scale
        return bytes < 9e18 ? Int64(bytes.rounded()) : nil
    }
}

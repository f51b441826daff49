/// The `drift:` section of a pipeline: the pipeline fires when the drift report of its model,
/// computed every `checkSeconds` over the last `windowSeconds`, reaches `threshold` — but not
/// twice within `cooldownSeconds`.
public struct DriftTrigger: Sendable, Equatable, Codable {
    /// Default `cooldown`: one day.
    public static let defaultCooldownSeconds: Int64 = 86_400
    /// Default `check`: one hour.
    public static let defaultCheckSeconds: Int64 = 3_600
    /// Default `window`: seven days.
    public static let defaultWindowSeconds: Int64 = 604_800

    /// The drift level that fires the pipeline (default `.significant`).
    public var threshold: DriftThreshold
    /// No second drift-triggered run starts within this many seconds of the last one.
    public var cooldownSeconds: Int64
    /// How often the drift report is computed.
    public var checkSeconds: Int64
    /// How far back the drift report looks.
    public var windowSeconds: Int64

    /// Creates a trigger; every argument but `threshold` has the file format's default.
    public init(
        threshold: DriftThreshold = .significant,
        cooldownSeconds: Int64 = DriftTrigger.defaultCooldownSeconds,
        checkSeconds: Int64 = DriftTrigger.defaultCheckSeconds,
        windowSeconds: Int64 = DriftTrigger.defaultWindowSeconds
    ) {
        self.threshold = threshold
        self.cooldownSeconds = cooldownSeconds
        self.checkSeconds = checkSeconds
        self.windowSeconds = windowSeconds
    }
}

/// The drift level that fires a pipeline: one of the drift report's verdicts, or a PSI value.
///
/// Encodes as the file writes it: the string `"significant"` or `"moderate"`, or a number.
public enum DriftThreshold: Sendable, Equatable, Codable {
    /// The report's overall verdict is `significant` (and it would trigger retraining).
    case significant
    /// The report's overall verdict is `moderate` or worse.
    case moderate
    /// The report's largest feature PSI is at or above this value (> 0).
    case psi(Double)

    /// Decodes `"significant"`, `"moderate"` or a number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) {
            self = .psi(value)
            return
        }
        switch try container.decode(String.self) {
        case "significant": self = .significant
        case "moderate": self = .moderate
        case let other:
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown drift threshold '\(other)'")
        }
    }

    /// Encodes `"significant"`, `"moderate"` or the PSI as a number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .significant: try container.encode("significant")
        case .moderate: try container.encode("moderate")
        case .psi(let value): try container.encode(value)
        }
    }
}

/// One side of a canary: the model that serves today (`champion`) or the candidate being rolled
/// out (`challenger`).
public enum Arm: String, Codable, Sendable, CaseIterable {
    /// The model that serves today.
    case champion
    /// The candidate model that receives the canary share of traffic.
    case challenger
}

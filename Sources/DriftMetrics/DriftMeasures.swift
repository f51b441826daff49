#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Drift measures (PSI, KL, JS, CSI) and the convention every part of `DriftMetrics` follows.
///
/// # The drift convention
///
/// Everything in `DriftMetrics` follows this convention; it is written so that a second
/// implementation (numpy, SQL) reproduces the numbers to the last few ULPs.
///
/// ## Bins
///
/// **Numeric features.** Sort the reference's non-missing values x[0..n−1] (as Double). With B
/// bins (default 10) the inner edges are q_k for k = 1 … B−1 at p = k/B, by linear
/// interpolation (numpy's default `quantile`, method "linear"):
///
///     h = (n − 1)·p,  i = ⌊h⌋,  q = x[i] + (h − i)·(x[i+1] − x[i])     (q = x[n−1] when i = n−1)
///
/// (q = x[i] exactly when h = i or x[i] = x[i+1].) numpy's `_lerp` evaluates the same
/// formula as x[i+1] − (1 − t)·(x[i+1] − x[i]) when t ≥ 0.5, so edges can differ from numpy by
/// an ULP; counts differ only for a value lying exactly on such an edge.
/// Duplicate edges collapse (unique, ascending); the outer edges are −∞ and +∞. A value goes to
/// the bin numbered by how many inner edges are ≤ it, so a value equal to an edge goes to the
/// upper bin and values outside the reference range land in the first or last bin. Missing
/// values are their own bin, last. **Missing means not finite**: NaN and ±∞ are both missing
/// (an infinite edge or mean would not survive JSON). A numeric feature with E unique inner
/// edges has E+1 value bins + 1 missing bin; an all-missing reference has E = 0.
///
/// **Categorical features.** Bins, in order: the kept categories, one "other" bin, the missing
/// (nil) bin. A profile built from the reference alone keeps the top K (default 50) reference
/// categories by count (ties by name, ascending) and folds the rest into "other"; when such a
/// profile is compared with current data, every current category not kept in the profile
/// (unseen, or folded in the reference) also counts in "other". When both raw sets are at hand
/// (`DriftComparer.compareCategorical(name:reference:current:)`) there is one bin per category
/// seen in either set, and past K categories the rarest by combined count (ties by name) fold
/// into "other". Kept categories are ordered by count descending (reference count for a
/// profile, combined count for raw sets), ties by name. The "other" bin is always present in
/// the count vectors (it may be 0 on both sides), so both paths produce the same shape.
///
/// ## Proportions
///
/// Over ALL rows, missing included: p_i = count_i / N. Then, per side independently, a bin with
/// count 0 gets exactly ε = 1e-4 and every other bin keeps count_i / N — no renormalization.
///
/// ## Measures (e = reference, a = current; natural log; sums left to right in bin order)
///
///     PSI         = Σ (a_i − e_i)·ln(a_i / e_i)                      (ε-proportions)
///     KL(a ‖ e)   = Σ a_i·ln(a_i / e_i)                              (ε-proportions)
///     JS          = ½·Σ a_i·ln(a_i / m_i) + ½·Σ e_i·ln(e_i / m_i)    (raw proportions,
///                   m_i = (a_i + e_i)/2, 0·ln 0 = 0; each sum is accumulated separately)
///     CSI         = the PSI of a feature on the profile's bins (reported under both names).
///
/// PSI is symmetric in swapping reference and current; KL is not. A bin that is 0 on both sides
/// contributes exactly 0 to all three.
///
/// ## Verdict
///
/// stable: PSI < moderate (0.1); moderate: moderate ≤ PSI < significant (0.25); significant:
/// PSI ≥ significant. Thresholds are configurable (`DriftThresholds`). Overall = worst feature,
/// reported with the maximum PSI.
///
/// ## Noise floor
///
///     psi_noise_floor = (B_eff − 1)·(1/n + 1/m)
///
/// n, m = reference and current row counts (missing rows included). B_eff counts the value bins
/// (numeric) or the kept categories (categorical), plus the "other" bin and the missing bin only
/// when that bin is non-zero on at least one side. A feature is flagged `insufficient_data`
/// when psi_noise_floor > moderate / 10. The verdict stays the PSI's, but a flagged feature
/// never triggers retraining: triggers_retraining = (verdict == significant) && !insufficient_data;
/// a report triggers when any feature does. (The model-score feature is reported but does not
/// take part in the overall verdict.)
///
/// ## Hostile input
///
/// An empty side (N = 0) throws `DriftError.emptyReference` / `.emptyCurrent` naming the
/// feature; no PSI is ever NaN. One row, all missing and constant columns give ordinary results
/// (all-missing: one value bin holding 0 plus the missing bin) and are flagged in `DataQuality`.
public enum DriftMeasures {
    /// The proportion given to an empty bin before PSI and KL: exactly 1e-4.
    public static let epsilon = 1e-4

    /// Raw proportions count / N over all bins, N = the sum of `counts` (0s stay 0).
    public static func rawProportions(_ counts: [Int]) -> [Double] {
        var total = 0
        for c in counts { total += c }
        guard total > 0 else { return counts.map { _ in 0 } }
        let n = Double(total)
        return counts.map { Double($0) / n }
    }

    /// Proportions with the ε rule: a bin with count 0 gets exactly `epsilon`, every other bin
    /// keeps count / N; no renormalization.
    public static func proportions(_ counts: [Int]) -> [Double] {
        rawProportions(counts).map { $0 == 0 ? epsilon : $0 }
    }

    /// Population stability index between reference and current counts (same bins).
    public static func psi(reference: [Int], current: [Int], feature: String = "counts") throws(DriftError) -> Double {
        try validate(reference: reference, current: current, feature: feature)
        return psi(referenceProportions: proportions(reference), currentProportions: proportions(current))
    }

    /// KL(current ‖ reference) on ε-proportions.
    public static func kl(reference: [Int], current: [Int], feature: String = "counts") throws(DriftError) -> Double {
        try validate(reference: reference, current: current, feature: feature)
        return kl(referenceProportions: proportions(reference), currentProportions: proportions(current))
    }

    /// Jensen–Shannon divergence (natural log, so at most ln 2) on raw proportions.
    public static func js(reference: [Int], current: [Int], feature: String = "counts") throws(DriftError) -> Double {
        try validate(reference: reference, current: current, feature: feature)
        return js(referenceProportions: rawProportions(reference), currentProportions: rawProportions(current))
    }

    /// PSI on already ε-adjusted proportions (every entry > 0, same length).
    public static func psi(referenceProportions e: [Double], currentProportions a: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<min(e.count, a.count) { sum += (a[i] - e[i]) * log(a[i] / e[i]) }
        return sum
    }

    /// KL(a ‖ e) on already ε-adjusted proportions (every entry > 0, same length).
    public static func kl(referenceProportions e: [Double], currentProportions a: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<min(e.count, a.count) { sum += a[i] * log(a[i] / e[i]) }
        return sum
    }

    /// Jensen–Shannon divergence on raw proportions (entries ≥ 0, same length), 0·ln 0 = 0.
    public static func js(referenceProportions e: [Double], currentProportions a: [Double]) -> Double {
        var sumA = 0.0
        var sumE = 0.0
        for i in 0..<min(e.count, a.count) {
            let m = (a[i] + e[i]) / 2
            if a[i] > 0 { sumA += a[i] * log(a[i] / m) }
            if e[i] > 0 { sumE += e[i] * log(e[i] / m) }
        }
        return 0.5 * sumA + 0.5 * sumE
    }

    static func validate(reference: [Int], current: [Int], feature: String) throws(DriftError) {
        guard reference.count == current.count else {
            throw .binCountMismatch(feature: feature, expected: reference.count, actual: current.count)
        }
        for (i, c) in reference.enumerated() where c < 0 { throw .negativeCount(feature: feature, bin: i) }
        for (i, c) in current.enumerated() where c < 0 { throw .negativeCount(feature: feature, bin: i) }
        guard reference.contains(where: { $0 > 0 }) else { throw .emptyReference(feature: feature) }
        guard current.contains(where: { $0 > 0 }) else { throw .emptyCurrent(feature: feature) }
    }
}

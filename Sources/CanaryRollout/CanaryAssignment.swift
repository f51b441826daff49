/// Sticky, deterministic assignment of units (users, sessions, devices) to an arm.
///
/// # The assignment rule
///
///     h      = FNV-1a 64 over  UTF-8(salt) ‖ 0x00 ‖ UTF-8(unitID)
///              (offset basis 0xCBF29CE484222325, prime 0x100000001B3: h = (h ^ byte) &* prime)
///     h'     = CanarySplitMix64.finalize(h)
///     bucket = h' mod 10 000
///     arm    = challenger  iff  bucket < round(weightPercent × 100),  else champion
///
/// The hash is fixed and written down so that every process, run, replica and platform (and a
/// second implementation in SQL or Python) computes the same bucket; Swift's `Hasher` is seeded
/// per process and must never be used for this. The 0x00 separator keeps ("ab", "c") and
/// ("a", "bc") apart. The finalizer spreads FNV's weak low bits before the modulo.
///
/// Because the challenger owns the *lowest* buckets, buckets nest: a unit on the challenger at
/// 5 % (bucket < 500) is still on it at 20 % (bucket < 2 000) and at 100 %. A new salt per
/// rollout gives each rollout a fresh, independent split. The weight resolution is 0.01 %.
///
/// A request without a unit id gets a fresh random bucket (`randomBucket(using:)`), so it is
/// not sticky; pass a seeded generator in tests.
public enum CanaryAssignment {
    /// Number of buckets: weights have a resolution of 0.01 %.
    public static let bucketCount = 10_000

    /// FNV-1a 64 offset basis.
    public static let fnvOffsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    /// FNV-1a 64 prime.
    public static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// The 64-bit assignment hash of (salt, unitID): FNV-1a 64 over the UTF-8 bytes of the salt,
    /// one 0x00 byte and the unit id, then the SplitMix64 finalizer (`CanarySplitMix64.finalize`).
    public static func hash(salt: String, unitID: String) -> UInt64 {
        var h = fnv1a(fnvOffsetBasis, salt)
        h = h &* fnvPrime  // the 0x00 separator: h ^ 0 == h
        h = fnv1a(h, unitID)
        return CanarySplitMix64.finalize(h)
    }

    /// FNV-1a 64 steps over the UTF-8 bytes of `text`, starting from `hash`.
    static func fnv1a(_ hash: UInt64, _ text: String) -> UInt64 {
        var h = hash
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var i = 0
            while i < bytes.count {
                h = (h ^ UInt64(truncatingIfNeeded: bytes[i])) &* fnvPrime
                i += 1
            }
        }
        if done == nil {
            for byte in text.utf8 { h = (h ^ UInt64(truncatingIfNeeded: byte)) &* fnvPrime }
        }
        return h
    }

    /// The unit's bucket in 0..<10 000; the same for the same (salt, unitID) forever.
    public static func bucket(salt: String, unitID: String) -> Int {
        Int(hash(salt: salt, unitID: unitID) % 10_000)
    }

    /// A uniform random bucket for a request that carries no unit id (not sticky).
    /// (`next() % 10 000`; the modulo bias is below 1e-15.)
    public static func randomBucket<G: RandomNumberGenerator>(using generator: inout G) -> Int {
        Int(generator.next() % 10_000)
    }

    /// How many buckets (from bucket 0 up) belong to the challenger at `weightPercent`:
    /// round(weightPercent × 100) clamped to 0…10 000; NaN counts as 0.
    public static func challengerBuckets(weightPercent: Double) -> Int {
        let scaled = (weightPercent * 100).rounded()
        guard scaled > 0 else { return 0 }  // also NaN
        guard scaled < 10_000 else { return bucketCount }
        return Int(scaled)
    }

    /// The arm that owns `bucket` at `weightPercent`.
    public static func arm(bucket: Int, weightPercent: Double) -> Arm {
        bucket < challengerBuckets(weightPercent: weightPercent) ? .challenger : .champion
    }

    /// The sticky arm of a unit at `weightPercent`.
    public static func arm(salt: String, unitID: String, weightPercent: Double) -> Arm {
        arm(bucket: bucket(salt: salt, unitID: unitID), weightPercent: weightPercent)
    }

    /// The arm of a request: sticky by unit when `unitID` is present, a fresh random draw from
    /// `generator` when it is nil.
    public static func arm<G: RandomNumberGenerator>(
        salt: String, unitID: String?, weightPercent: Double, using generator: inout G
    ) -> Arm {
        let unitBucket = unitID.map { Self.bucket(salt: salt, unitID: $0) } ?? randomBucket(using: &generator)
        return arm(bucket: unitBucket, weightPercent: weightPercent)
    }

    /// Which arm answers a request and which arms score it (see `CanaryRoute`); sticky by unit
    /// when `unitID` is present, one random draw when it is nil.
    public static func route<G: RandomNumberGenerator>(
        salt: String, unitID: String?, weightPercent: Double, shadow: Bool, using generator: inout G
    ) -> CanaryRoute {
        if shadow { return CanaryRoute(bucket: 0, weightPercent: weightPercent, shadowMode: true) }
        let unitBucket = unitID.map { Self.bucket(salt: salt, unitID: $0) } ?? randomBucket(using: &generator)
        return CanaryRoute(bucket: unitBucket, weightPercent: weightPercent, shadowMode: false)
    }

    /// The arm whose prediction is returned to the caller for a unit (the champion in shadow mode).
    public static func answeringArm(salt: String, unitID: String, weightPercent: Double, shadow: Bool) -> Arm {
        CanaryRoute(bucket: bucket(salt: salt, unitID: unitID), weightPercent: weightPercent, shadowMode: shadow).answering
    }

    /// The arms that score a unit's request and enter the statistics (answering arm first).
    public static func scoredArms(salt: String, unitID: String, weightPercent: Double, shadow: Bool) -> [Arm] {
        CanaryRoute(bucket: bucket(salt: salt, unitID: unitID), weightPercent: weightPercent, shadowMode: shadow).scored
    }
}

/// Hyper-parameters of L2-regularized logistic regression.
///
/// The objective minimised over the standardized features is
/// `Σᵢ logloss(yᵢ, b + w·zᵢ) + (l2 / 2)·‖w‖²` — a sum over rows, so the penalty's relative weight
/// shrinks as the data grows; the intercept `b` is not penalized.
public struct LogisticRegressionParameters: Sendable, Codable, Equatable {
    /// The optimisation algorithm.
    public enum Solver: String, Sendable, Codable, Equatable, CaseIterable {
        /// Newton–Raphson (IRLS): a few iterations, each `O(n·d²)`; best up to a few hundred features.
        case newton
        /// Limited-memory BFGS (10 correction pairs): each iteration `O(n·d)`; for many features.
        case lbfgs
    }

    /// λ on `‖w‖² / 2` (not on the intercept), in standardized feature units. Finite, ≥ 0.
    public var l2: Double = 1.0
    /// Upper bound on solver iterations. ≥ 1.
    public var maxIterations: Int = 50
    /// Stop when the gradient's max-norm (per row) is at most this, or (Newton only) when an
    /// iteration changes the objective by less than this, relatively. Finite, > 0.
    public var tolerance: Double = 1e-8
    /// Newton (default) or L-BFGS. Data with categorical features always trains with L-BFGS:
    /// its hashed columns are too many for Newton's d × d system.
    public var solver: Solver = .newton
    /// log2 of the number of hashed one-hot columns for categorical features (8…24).
    public var hashBits: Int = CategoryHasher.defaultBits

    /// Parameters with the given values (checked when training starts, see ``validate()``).
    public init(
        l2: Double = 1.0, maxIterations: Int = 50, tolerance: Double = 1e-8, solver: Solver = .newton,
        hashBits: Int = CategoryHasher.defaultBits
    ) {
        self.l2 = l2
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.solver = solver
        self.hashBits = hashBits
    }

    /// The keys ``init(parameters:)`` understands.
    public static let acceptedKeys = ["lambda", "l2", "max_iter", "tol", "solver", "hash_bits"]

    /// Parses string key/values (e.g. from a command line or a registry record):
    /// `lambda` or `l2` (Double ≥ 0), `max_iter` (Int ≥ 1), `tol` (Double > 0),
    /// `solver` (`newton` or `lbfgs`). Unset keys keep their defaults.
    ///
    /// - Throws: ``LinearModelError/unknownParameter(name:accepted:)`` for an unknown key,
    ///   ``LinearModelError/invalidParameter(name:value:reason:)`` for a bad value or when both
    ///   `lambda` and `l2` are given.
    public init(parameters: [String: String]) throws {
        self.init()
        for key in parameters.keys.sorted() where !Self.acceptedKeys.contains(key) {
            throw LinearModelError.unknownParameter(name: key, accepted: Self.acceptedKeys)
        }
        if let lambda = parameters["lambda"], parameters["l2"] != nil {
            throw LinearModelError.invalidParameter(
                name: "lambda", value: lambda,
                reason: "'lambda' and 'l2' are the same parameter; give only one")
        }
        for key in ["lambda", "l2"] {
            guard let text = parameters[key] else { continue }
            guard let value = Double(text.trimmingSpaces) else {
                throw LinearModelError.invalidParameter(name: key, value: text, reason: "not a number")
            }
            l2 = value
            try Self.checkL2(value, name: key, text: text)
        }
        if let text = parameters["max_iter"] {
            guard let value = Int(text.trimmingSpaces) else {
                throw LinearModelError.invalidParameter(name: "max_iter", value: text, reason: "not an integer")
            }
            maxIterations = value
        }
        if let text = parameters["tol"] {
            guard let value = Double(text.trimmingSpaces) else {
                throw LinearModelError.invalidParameter(name: "tol", value: text, reason: "not a number")
            }
            tolerance = value
        }
        if let text = parameters["solver"] {
            guard let value = Solver(rawValue: text.trimmingSpaces.lowercased()) else {
                let names = Solver.allCases.map(\.rawValue).joined(separator: ", ")
                throw LinearModelError.invalidParameter(name: "solver", value: text, reason: "expected one of \(names)")
            }
            solver = value
        }
        if let text = parameters["hash_bits"] {
            guard let value = Int(text.trimmingSpaces) else {
                throw LinearModelError.invalidParameter(name: "hash_bits", value: text, reason: "not an integer")
            }
            hashBits = value
        }
        try validate(names: (l2: parameters["lambda"] != nil ? "lambda" : "l2", maxIterations: "max_iter", tolerance: "tol"))
    }

    /// Checks every value's domain.
    ///
    /// - Throws: ``LinearModelError/invalidParameter(name:value:reason:)`` naming the field.
    public func validate() throws {
        try validate(names: (l2: "l2", maxIterations: "maxIterations", tolerance: "tolerance"))
    }

    private func validate(names: (l2: String, maxIterations: String, tolerance: String)) throws {
        try Self.checkL2(l2, name: names.l2, text: "\(l2)")
        guard maxIterations >= 1 else {
            throw LinearModelError.invalidParameter(name: names.maxIterations, value: "\(maxIterations)", reason: "must be at least 1")
        }
        guard tolerance.isFinite, tolerance > 0 else {
            throw LinearModelError.invalidParameter(name: names.tolerance, value: "\(tolerance)", reason: "must be a finite number > 0")
        }
        guard CategoryHasher.bitRange.contains(hashBits) else {
            throw LinearModelError.invalidParameter(
                name: "hash_bits", value: "\(hashBits)",
                reason: "must be \(CategoryHasher.bitRange.lowerBound)…\(CategoryHasher.bitRange.upperBound)")
        }
    }

    private static func checkL2(_ value: Double, name: String, text: String) throws {
        guard value.isFinite, value >= 0 else {
            throw LinearModelError.invalidParameter(name: name, value: text, reason: "must be a finite number ≥ 0")
        }
    }

    // MARK: Codable (the `parameters` object of the model JSON)

    private enum CodingKeys: String, CodingKey {
        case l2
        case maxIterations = "max_iterations"
        case tolerance, solver
        case hashBits = "hash_bits"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            l2: try container.decode(Double.self, forKey: .l2),
            maxIterations: try container.decode(Int.self, forKey: .maxIterations),
            tolerance: try container.decode(Double.self, forKey: .tolerance),
            solver: try container.decode(Solver.self, forKey: .solver),
            hashBits: try container.decodeIfPresent(Int.self, forKey: .hashBits) ?? CategoryHasher.defaultBits)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(l2, forKey: .l2)
        try container.encode(maxIterations, forKey: .maxIterations)
        try container.encode(tolerance, forKey: .tolerance)
        try container.encode(solver, forKey: .solver)
        if hashBits != CategoryHasher.defaultBits { try container.encode(hashBits, forKey: .hashBits) }
    }
}

extension String {
    var trimmingSpaces: Substring {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

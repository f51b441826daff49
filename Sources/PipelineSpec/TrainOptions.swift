import TrainingSpec

/// Options of a `train` step: the algorithm and its hyperparameters.
public struct TrainOptions: Sendable, Equatable, Codable {
    /// The learning algorithm.
    public var algorithm: TrainingAlgorithm
    /// Hyperparameters, each value as its YAML scalar text (`num_round: 200` gives `"200"`);
    /// the trainer interprets them.
    public var params: [String: String]
    /// `categorical:` columns read as categories (integer-coded ids); columns holding text are
    /// categorical anyway.
    public var categorical: [String]
    /// `exclude:` columns left out of training (a row id, a timestamp).
    public var exclude: [String]

    /// Creates train options.
    public init(algorithm: TrainingAlgorithm, params: [String: String] = [:], categorical: [String] = [], exclude: [String] = []) {
        self.algorithm = algorithm
        self.params = params
        self.categorical = categorical
        self.exclude = exclude
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, params, categorical, exclude
    }

    /// Decodes options stored before the column lists existed (they are then empty).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        algorithm = try container.decode(TrainingAlgorithm.self, forKey: .algorithm)
        params = try container.decode([String: String].self, forKey: .params)
        categorical = try container.decodeIfPresent([String].self, forKey: .categorical) ?? []
        exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
    }

    /// Encodes the column lists only when they hold names (stored runs stay as they were).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(algorithm, forKey: .algorithm)
        try container.encode(params, forKey: .params)
        if !categorical.isEmpty { try container.encode(categorical, forKey: .categorical) }
        if !exclude.isEmpty { try container.encode(exclude, forKey: .exclude) }
    }
}

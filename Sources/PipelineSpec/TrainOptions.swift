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
    /// `engine: dask`: train on an existing Dask cluster with XGBoost's distributed training
    /// instead of in this process (nil: here).
    public var dask: DaskTraining?

    /// Creates train options.
    public init(
        algorithm: TrainingAlgorithm, params: [String: String] = [:], categorical: [String] = [], exclude: [String] = [],
        dask: DaskTraining? = nil
    ) {
        self.algorithm = algorithm
        self.params = params
        self.categorical = categorical
        self.exclude = exclude
        self.dask = dask
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, params, categorical, exclude, dask
    }

    /// Decodes options stored before the column lists existed (they are then empty).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        algorithm = try container.decode(TrainingAlgorithm.self, forKey: .algorithm)
        params = try container.decode([String: String].self, forKey: .params)
        categorical = try container.decodeIfPresent([String].self, forKey: .categorical) ?? []
        exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
        dask = try container.decodeIfPresent(DaskTraining.self, forKey: .dask)
    }

    /// Encodes the column lists only when they hold names (stored runs stay as they were).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(algorithm, forKey: .algorithm)
        try container.encode(params, forKey: .params)
        if !categorical.isEmpty { try container.encode(categorical, forKey: .categorical) }
        if !exclude.isEmpty { try container.encode(exclude, forKey: .exclude) }
        try container.encodeIfPresent(dask, forKey: .dask)
    }
}

/// A `train` step's `engine: dask` settings.
public struct DaskTraining: Sendable, Equatable, Codable {
    /// The scheduler's address (`tcp://host:8786`); nil: `$MLOPS_DASK_SCHEDULER` when the step runs.
    public var scheduler: String?
    /// What the workers read: a path glob every worker can read, or `s3://bucket/key-glob`; CSV,
    /// or Parquet for names ending `.parquet`. Nil: the extract step's data.
    public var data: String?

    /// Creates Dask settings.
    public init(scheduler: String? = nil, data: String? = nil) {
        self.scheduler = scheduler
        self.data = data
    }

    /// Whether an address names a Dask scheduler (`tcp://`, `tls://`, `ucx://` or `inproc://`, then a host).
    public static func isSchedulerAddress(_ text: String) -> Bool {
        let schemes = ["tcp://", "tls://", "ucx://", "inproc://"]
        guard let scheme = schemes.first(where: text.hasPrefix) else { return false }
        let rest = text.dropFirst(scheme.count)
        return !rest.isEmpty && !rest.contains(" ")
    }
}

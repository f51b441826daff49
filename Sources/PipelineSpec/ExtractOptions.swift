/// Options of an `extract` step: where the training data comes from and which column is the
/// label. Encodes as the file writes it: `{"files": [...], "label": ...}` or
/// `{"sql": ..., "database": ..., "label": ...}`.
public struct ExtractOptions: Sendable, Equatable, Codable {
    /// Default `label`.
    public static let defaultLabel = "label"

    /// The data's source.
    public var source: ExtractSource
    /// The label column (default `"label"`).
    public var label: String

    /// Creates extract options.
    public init(source: ExtractSource, label: String = ExtractOptions.defaultLabel) {
        self.source = source
        self.label = label
    }

    private enum CodingKeys: String, CodingKey {
        case files, sql, database, label
    }

    /// Decodes the flat form; exactly one of `files` and `sql` (with `database`) must be present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decodeIfPresent(String.self, forKey: .label) ?? Self.defaultLabel
        if let files = try container.decodeIfPresent([String].self, forKey: .files) {
            source = .files(files)
        } else {
            source = .sql(
                query: try container.decode(String.self, forKey: .sql),
                database: try container.decode(String.self, forKey: .database))
        }
    }

    /// Encodes the flat form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch source {
        case .files(let files):
            try container.encode(files, forKey: .files)
        case .sql(let query, let database):
            try container.encode(query, forKey: .sql)
            try container.encode(database, forKey: .database)
        }
        try container.encode(label, forKey: .label)
    }
}

/// Where an `extract` step reads its data.
public enum ExtractSource: Sendable, Equatable {
    /// CSV files, as written in the file: relative to the parent of the pipeline file's
    /// directory (the project root), or absolute. Never empty.
    case files([String])
    /// A SQL query run on `database`: a `postgres://` / `postgresql://` URL, or `env:NAME` for a
    /// URL kept in the environment variable NAME.
    case sql(query: String, database: String)
}

/// A parsed MLflow filter string: a conjunction (`AND`) of comparisons.
///
/// An empty filter matches everything. Build one with
/// ``SearchFilterParser/parse(_:for:)`` and evaluate it with ``matches(_:)``.
public struct SearchFilter: Sendable, Hashable, CustomStringConvertible {
    /// The entity the filter was parsed for; it decides a few evaluation rules.
    public var entity: SearchEntity
    /// The AND-ed clauses, in source order.
    public var comparisons: [Comparison]

    /// Creates a filter from already validated clauses.
    public init(entity: SearchEntity, comparisons: [Comparison] = []) {
        self.entity = entity
        self.comparisons = comparisons
    }

    /// Whether the filter has no clauses and so matches every record.
    public var isMatchAll: Bool { comparisons.isEmpty }

    /// The filter written back in MLflow syntax.
    public var description: String {
        comparisons.map(\.description).joined(separator: " AND ")
    }

    /// The tag MLflow uses to mark registered models / model versions that are prompts.
    public static let promptTagKey = "mlflow.prompt.is_prompt"

    /// Whether a registered-model or model-version filter explicitly asks for
    /// prompts (`tags.`mlflow.prompt.is_prompt` = 'true'` or `!= 'false'`).
    ///
    /// MLflow's SQL store returns only non-prompt models unless this is true;
    /// the server should apply the same policy. The `mlflow` client adds
    /// ``tag.`mlflow.prompt.is_prompt` != 'true'`` to such searches itself.
    public var isQueryingPrompts: Bool {
        guard entity == .registeredModels || entity == .modelVersions else { return false }
        for comparison in comparisons where comparison.key == .tag(Self.promptTagKey) {
            guard case .string(let value) = comparison.value else { return false }
            let lowered = value.lowercased()
            return (comparison.op == .equal && lowered == "true") || (comparison.op == .notEqual && lowered == "false")
        }
        return false
    }
}

/// The kind of MLflow object a search runs over.
///
/// Each entity accepts a different set of filter keys, operators and `order_by`
/// keys; the rules mirror MLflow's `mlflow/utils/search_utils.py`
/// (`SearchUtils`, `SearchExperimentsUtils`, `SearchModelUtils`,
/// `SearchModelVersionUtils`) and `mlflow/utils/search_logged_model_utils.py`.
public enum SearchEntity: String, Sendable, Hashable, CaseIterable {
    /// `runs/search`: metrics, params, tags and run attributes.
    case runs
    /// `experiments/search`: `name`, `creation_time`, `last_update_time` and tags.
    case experiments
    /// `registered-models/search`: `name` and tags.
    case registeredModels
    /// `model-versions/search`: `name`, `version_number`, `run_id`, `source_path` and tags.
    case modelVersions
    /// `logged-models/search`: model attributes, metrics, params and tags.
    case loggedModels
}

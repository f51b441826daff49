/// Something a search can look at: a run, experiment, registered model,
/// model version or logged model held in memory.
///
/// Return `nil` for anything the record does not have; a comparison on a
/// missing key is false, as in MLflow.
public protocol SearchableRecord {
    /// The value of a built-in attribute under its canonical name
    /// (e.g. `run_id`, `start_time`, `version_number`, `creation_timestamp`).
    /// Numeric attributes should be returned as `.number`.
    func attribute(_ name: String) -> SearchValue?
    /// The (latest) value of a metric.
    func metric(_ key: String) -> Double?
    /// The value of a parameter.
    func param(_ key: String) -> String?
    /// The value of a tag.
    func tag(_ key: String) -> String?
}

extension SearchableRecord {
    /// The record's value for `key`, as a `SearchValue`.
    public func value(for key: SearchKey) -> SearchValue? {
        switch key {
        case .attribute(let name): return attribute(name)
        case .metric(let name): return metric(name).map(SearchValue.number)
        case .param(let name): return param(name).map(SearchValue.string)
        case .tag(let name): return tag(name).map(SearchValue.string)
        }
    }
}

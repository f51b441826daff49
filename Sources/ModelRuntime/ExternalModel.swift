/// A version whose predictions come from a model served elsewhere (`mlops registry
/// register-external`): its manifest's flavor; `mlops serve` calls the upstream the version's
/// `upstream.json` names, everything else refuses to load it.
public enum ExternalModel {
    public static let flavor = "external"
}

namespace MlSystems;

/// <summary>
/// The tag names every MlSystems package puts on its metrics, in one vocabulary: the same thing is tagged the same way
/// whichever package records it, so a dashboard can join them. Linked into each package.
/// </summary>
internal static class TelemetryTags
{
    /// <summary>The model's registry name.</summary>
    public const string Model = "model";

    /// <summary>A model version (the registry number, or a canary's version label).</summary>
    public const string Version = "version";

    /// <summary>A feature set's name.</summary>
    public const string FeatureSet = "feature_set";

    /// <summary>A feature's name.</summary>
    public const string Feature = "feature";

    /// <summary>A drift test's name.</summary>
    public const string Test = "test";

    /// <summary>A canary's name.</summary>
    public const string Canary = "canary";

    /// <summary>A shadow deployment's name.</summary>
    public const string Shadow = "shadow";

    /// <summary>What became of an event, a swap or a request (applied, late, refused, …).</summary>
    public const string Outcome = "outcome";

    /// <summary>The freshness of a read (fresh, stale, missing).</summary>
    public const string Status = "status";

    /// <summary>A monitor's verdict (Healthy, Degraded, Unhealthy).</summary>
    public const string Health = "health";

    /// <summary>The kind of a monitoring event (drift, decay, retraining, …).</summary>
    public const string Kind = "kind";

    /// <summary>A change of ownership (acquired, released, lost).</summary>
    public const string Change = "change";
}

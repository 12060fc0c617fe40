namespace MlSystems.Features;

/// <summary>How exact a vector written by <see cref="FeatureEngine{TEvent}.Compute"/> is.</summary>
public enum ComputeOutcome
{
    /// <summary>
    /// The features as of the event's time over the events ingested so far: what a training set
    /// (<see cref="FeatureBatch.TrainingSet{TEvent}"/>) gives for the same event, bit for bit, when the events before its
    /// time were all ingested before it and within the lateness (see <see cref="FeatureBatch"/>).
    /// </summary>
    Exact,

    /// <summary>
    /// The event is older than its entity's newest event by more than the allowed lateness. Its window features are
    /// computed from what the windows still hold, which may lack events released since; a training row for it can differ.
    /// </summary>
    BeyondLateness,
}

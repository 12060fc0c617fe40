namespace MlSystems.Features;

/// <summary>Validates each feature set's <see cref="FeatureEngineOptions"/> (named by the set) at start-up, so bad options fail the host, not the first event.</summary>
internal sealed class FeatureEngineOptionsValidator : ArgumentOptionsValidator<FeatureEngineOptions>
{
    protected override void Check(FeatureEngineOptions options) => options.Validate();
}

namespace MlSystems.Features;

/// <summary>Validates each feature set's <see cref="FeatureStreamProcessorOptions"/> (named by the set) at start-up.</summary>
internal sealed class FeatureStreamProcessorOptionsValidator : ArgumentOptionsValidator<FeatureStreamProcessorOptions>
{
    protected override void Check(FeatureStreamProcessorOptions options) => options.Validate();
}

namespace MlSystems.ML;

/// <summary>Validates each served model's <see cref="ModelServingOptions"/> (named by the model) at start-up, so bad options fail the host, not the first request.</summary>
internal sealed class ModelServingOptionsValidator : ArgumentOptionsValidator<ModelServingOptions>
{
    protected override void Check(ModelServingOptions options) => options.Validate();
}

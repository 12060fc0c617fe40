using Microsoft.Extensions.Options;

namespace MlSystems.Registry;

/// <summary>Fails start-up when no store was chosen.</summary>
internal sealed class ModelRegistryOptionsValidator : IValidateOptions<ModelRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelRegistryOptions options) =>
        options.StoreFactory is null
            ? ValidateOptionsResult.Fail("No model registry store was chosen: call UseFileSystem(path), UseInMemory() or UseStore(...) in AddModelRegistry.")
            : ValidateOptionsResult.Success;
}

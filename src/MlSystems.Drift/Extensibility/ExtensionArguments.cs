namespace MlSystems.Drift;

/// <summary>Checks the extension bases share.</summary>
internal static class ExtensionArguments
{
    public static void RequireKinds(FeatureProfile reference, FeatureColumn current, FeatureKind kind, string test)
    {
        if (reference.Kind != kind || current.Kind != kind)
        {
            throw new FeatureArgumentException(current.Name, $"Feature '{current.Name}': test '{test}' needs {kind} data, but the reference is {reference.Kind} and the current column {current.Kind}.", nameof(current));
        }
    }
}

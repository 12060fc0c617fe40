namespace MlSystems.Registry;

/// <summary>The contract checks every <see cref="IModelRecordUpdate"/> makes, so stores agree on what they refuse.</summary>
internal static class RecordChecks
{
    /// <summary>Throws unless <paramref name="version"/> is <paramref name="name"/>'s next version after <paramref name="lastVersion"/>.</summary>
    public static void NewVersion(string name, int lastVersion, ModelVersion version)
    {
        if (!string.Equals(version.Name, name, StringComparison.Ordinal) || version.Version != lastVersion + 1)
        {
            throw new InvalidOperationException($"Model '{name}' can only add version {lastVersion + 1}, not '{version.Name}' version {version.Version}.");
        }
    }
}

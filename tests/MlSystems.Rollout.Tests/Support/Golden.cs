using System.Text.Json;

namespace MlSystems.Rollout.Tests.Support;

/// <summary>The scipy expectations written by Data/generate_rollout.py.</summary>
internal static class Golden
{
    private static readonly Lazy<JsonDocument> Document = new(() => GoldenFile.Json("rollout.json"));

    public static IEnumerable<JsonElement> Cases(string section) => Document.Value.RootElement.GetProperty(section).EnumerateArray();
}

using System.Text.Json;

namespace MlSystems.Rollout.Tests.Support;

/// <summary>The scipy expectations written by Data/generate_rollout.py.</summary>
internal static class Golden
{
    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "rollout.json"))));

    public static IEnumerable<JsonElement> Cases(string section) => Document.Value.RootElement.GetProperty(section).EnumerateArray();

    public static void Close(double expected, double actual, double relative, double absolute = 0, string? what = null)
    {
        double tolerance = Math.Max(absolute, relative * Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:R})");
    }
}

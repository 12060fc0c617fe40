using System.Text.Json;

namespace MlSystems.Statistics.Tests.Support;

/// <summary>Reads the arrays of the Statistics golden files (loaded by <see cref="GoldenFile"/>).</summary>
internal static class GoldenData
{
    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static Dictionary<string, double[]> Samples(JsonDocument document) =>
        document.RootElement.GetProperty("samples").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => Doubles(s.GetProperty("values")));
}

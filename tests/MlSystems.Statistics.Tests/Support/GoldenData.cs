using System.Text.Json;

namespace MlSystems.Statistics.Tests.Support;

/// <summary>Reads the golden files that the Python scripts in Data/ produce.</summary>
internal static class GoldenData
{
    public static JsonDocument Load(string fileName)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Data", fileName);
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    public static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static Dictionary<string, double[]> Samples(JsonDocument document) =>
        document.RootElement.GetProperty("samples").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => Doubles(s.GetProperty("values")));
}

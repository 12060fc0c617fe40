using System.Text.Json;
using MlSystems.Statistics.Summaries;

namespace MlSystems.Drift.Tests.Support;

/// <summary>Reads Data/drift.json, written by Data/generate_drift.py.</summary>
internal sealed class DriftGolden : IDisposable
{
    private readonly JsonDocument document = GoldenFile.Json("drift.json");

    public JsonElement Root => document.RootElement;

    public double[] Sample(string name) =>
        Root.GetProperty("samples").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name)
            .GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public CategoryCounts Categories(string name)
    {
        var counts = new CategoryCounts();
        foreach (JsonProperty category in Root.GetProperty("categories").GetProperty(name).EnumerateObject())
        {
            counts.Add(category.Name, category.Value.GetInt64());
        }

        return counts;
    }

    public void Dispose() => document.Dispose();
}

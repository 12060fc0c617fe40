using System.Text.Json;

namespace MlSystems.Tests;

/// <summary>The one loader of the golden files that the Python scripts in each test project's Data/ folder write.</summary>
internal static class GoldenFile
{
    /// <summary>The path of a file in the test project's Data/ folder, as copied beside the test assembly.</summary>
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "Data", fileName);

    /// <summary>A JSON golden file, parsed.</summary>
    public static JsonDocument Json(string fileName) => JsonDocument.Parse(File.ReadAllText(PathOf(fileName)));

    /// <summary>The rows of a CSV golden file after its header, split on commas (the scripts quote nothing).</summary>
    public static IEnumerable<string[]> CsvRows(string fileName) => File.ReadLines(PathOf(fileName)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','));

    /// <summary>The header of a CSV golden file.</summary>
    public static string[] CsvHeader(string fileName) => File.ReadLines(PathOf(fileName)).First().Split(',');
}

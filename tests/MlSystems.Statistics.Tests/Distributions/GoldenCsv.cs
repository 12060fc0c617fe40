using System.Globalization;

namespace MlSystems.Statistics.Tests.Distributions;

/// <summary>A CSV of scipy reference values written by Data/generate_ks_distributions.py.</summary>
internal sealed class GoldenCsv
{
    private readonly Dictionary<string, int> columns;

    private GoldenCsv(string[] header, List<string[]> rows)
    {
        columns = header.Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        Rows = rows;
    }

    public IReadOnlyList<string[]> Rows { get; }

    public static GoldenCsv Load(string fileName)
    {
        string[] lines = File.ReadAllLines(GoldenFile.PathOf(fileName));
        List<string[]> rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        return new GoldenCsv(lines[0].Split(','), rows);
    }

    public double Double(string[] row, string column) => double.Parse(row[columns[column]], NumberStyles.Float, CultureInfo.InvariantCulture);

    public int Int(string[] row, string column) => int.Parse(row[columns[column]], NumberStyles.Integer, CultureInfo.InvariantCulture);

    public string Text(string[] row, string column) => row[columns[column]];
}

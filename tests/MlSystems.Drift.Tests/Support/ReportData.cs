namespace MlSystems.Drift.Tests.Support;

/// <summary>Seeded datasets for report and profile tests: a few numeric and categorical features, some shifted.</summary>
internal static class ReportData
{
    public static DriftDataset Make(int rows, int seed, double amountShift = 0, double newCountryShare = 0, double missingShare = 0)
    {
        var random = new Random(seed);
        double[] amount = new double[rows], age = new double[rows], score = new double[rows];
        string?[] country = new string?[rows], device = new string?[rows];
        string[] countries = ["DE", "FR", "US", "GB", "JP"];
        for (int i = 0; i < rows; i++)
        {
            amount[i] = Math.Exp(3 + (0.8 * Normal(random)) + amountShift);
            age[i] = 20 + (random.NextDouble() * 50);
            score[i] = random.NextDouble() < missingShare ? double.NaN : Normal(random);
            country[i] = random.NextDouble() < newCountryShare ? "BR" : countries[random.Next(countries.Length)];
            device[i] = random.NextDouble() < 0.7 ? "mobile" : "desktop";
        }

        return new DriftDataset(
        [
            FeatureColumn.Numeric("amount", amount),
            FeatureColumn.Numeric("age", age),
            FeatureColumn.Numeric("score", score),
            FeatureColumn.Categorical("country", country),
            FeatureColumn.Categorical("device", device),
        ]);
    }

    /// <summary>Rows [start, start + length) of every column: one host's share of a dataset.</summary>
    public static DriftDataset Slice(DriftDataset data, int start, int length) => new(data.Columns.Select(c => c.Kind == FeatureKind.Numeric
        ? FeatureColumn.Numeric(c.Name, c.NumericValues.Span.Slice(start, length))
        : FeatureColumn.Categorical(c.Name, c.CategoricalValues.Skip(start).Take(length))));

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

namespace MlSystems.Features.Tests.Support;

/// <summary>A card payment event.</summary>
public sealed record Payment(string Card, DateTimeOffset Time, double Amount, string? Country = null, string? Id = null);

internal static class Payments
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static FeatureSet<Payment> Features(FeatureWindow? window = null)
    {
        window ??= FeatureWindow.Sliding(TimeSpan.FromMinutes(30));
        return new FeatureSetBuilder<Payment>("payments", p => p.Card, p => p.Time)
            .Row("amount", p => p.Amount)
            .Row("log_amount", p => p.Amount, RowTransform.Custom("log(1 + x)", x => Math.Log(1 + x)))
            .OneHot("country", p => p.Country, ["FR", "DE"])
            .Window("count", p => p.Amount, Aggregation.Count, window)
            .Window("sum", p => p.Amount, Aggregation.Sum, window)
            .Window("mean", p => p.Amount, Aggregation.Mean, window)
            .Window("variance", p => p.Amount, Aggregation.Variance, window)
            .Window("min", p => p.Amount, Aggregation.Min, window)
            .Window("max", p => p.Amount, Aggregation.Max, window)
            .Build();
    }

    public static Payment[] Random(int seed, int count, int cards = 3, int spreadMinutes = 240)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count)
            .Select(i => new Payment($"card-{random.Next(cards)}", Start.AddSeconds(random.Next(spreadMinutes * 60)), random.Next(1, 500) + (random.Next(100) / 100.0), random.Next(3) switch { 0 => "FR", 1 => "DE", _ => "US" }, $"p{i}"))
            .OrderBy(p => p.Time)];
    }
}

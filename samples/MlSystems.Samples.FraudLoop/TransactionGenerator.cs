namespace MlSystems.Samples.FraudLoop;

/// <summary>Seeded synthetic card transactions and their fraud labels under each <see cref="Regime"/>.</summary>
internal sealed class TransactionGenerator(int seed)
{
    private readonly Random random = new(seed);

    /// <summary>The world the next transactions come from; default <see cref="Regime.Normal"/>.</summary>
    public Regime Regime { get; set; }

    /// <summary>The next transaction, its label already drawn, and the card it was made with.</summary>
    public (Transaction Transaction, int Card) Next()
    {
        bool holiday = Regime != Regime.Normal;
        var t = new Transaction
        {
            Amount = (float)Math.Exp(3.6 + (holiday ? 0.9 : 0) + (0.9 * Gaussian())),
            // Holiday shopping crowds into the afternoon and evening.
            Hour = holiday && random.NextDouble() < 0.5 ? 14 + random.Next(9) : random.Next(24),
            DistanceKm = (float)Math.Exp(2 + (holiday ? 0.8 : 0) + (1.1 * Gaussian())),
            MerchantRisk = (float)Math.Pow(random.NextDouble(), 2),
            CardPresent = random.NextDouble() < 0.6 ? 1 : 0,
        };
        t.Label = random.NextDouble() < FraudProbability(t);
        return (t, random.Next(50_000));
    }

    private double FraudProbability(Transaction t)
    {
        bool night = t.Hour is < 6 or >= 23;
        // Fraud depends on the merchant, the time and whether the card was present; only weakly on the amount, and not
        // on the distance, so the holiday season changes the data far more than the fraud in it.
        double logit = -4.4 + (0.15 * Math.Log(t.Amount)) + (night ? 1.0 : 0) + (2.6 * t.MerchantRisk) - (1.2 * t.CardPresent);
        if (Regime == Regime.FraudRing)
        {
            // The ring: card present, small amounts, at night, at ordinary merchants.
            logit = -4.2 + (night ? 1.6 : 0) + (1.8 * t.CardPresent) - (0.004 * t.Amount) + (0.5 * (1 - t.MerchantRisk));
        }

        return 1 / (1 + Math.Exp(-logit));
    }

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

namespace MlSystems.Samples.FraudLoop;

/// <summary>A card transaction as the model sees it (ML.NET reads the public fields by name).</summary>
internal sealed class Transaction
{
    public float Amount;
    public float Hour;
    public float DistanceKm;
    public float MerchantRisk;
    public float CardPresent;
    public bool Label;

    /// <summary>The monitored feature names, in the order <see cref="CopyFeatures"/> writes them.</summary>
    public static readonly string[] FeatureNames = ["amount", "hour", "distance_km", "merchant_risk", "card_present"];

    /// <summary>The ML.NET columns behind <see cref="FeatureNames"/>, in the same order.</summary>
    public static readonly string[] Columns = [nameof(Amount), nameof(Hour), nameof(DistanceKm), nameof(MerchantRisk), nameof(CardPresent)];

    /// <summary>Writes the features in the order of <see cref="FeatureNames"/>; the destination needs at least 5 elements.</summary>
    public void CopyFeatures(Span<double> destination)
    {
        destination[0] = Amount;
        destination[1] = Hour;
        destination[2] = DistanceKm;
        destination[3] = MerchantRisk;
        destination[4] = CardPresent;
    }
}

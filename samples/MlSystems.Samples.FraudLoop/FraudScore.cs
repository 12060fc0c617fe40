namespace MlSystems.Samples.FraudLoop;

/// <summary>The model's output: the probability that a transaction is fraud.</summary>
internal sealed class FraudScore
{
    public float Probability;
}

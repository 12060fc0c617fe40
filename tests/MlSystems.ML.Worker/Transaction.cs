namespace MlSystems.ML.Worker;

/// <summary>The input row the test's models were trained on (the same columns as the ML tests' transaction).</summary>
public sealed class Transaction
{
    public float Amount { get; set; }

    public float Hour { get; set; }
}

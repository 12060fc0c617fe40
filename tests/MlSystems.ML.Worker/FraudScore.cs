using Microsoft.ML.Data;

namespace MlSystems.ML.Worker;

/// <summary>The prediction, as the ML tests read it.</summary>
public sealed class FraudScore
{
    [ColumnName("PredictedLabel")]
    public bool IsFraud { get; set; }

    public float Score { get; set; }

    public float Probability { get; set; }
}

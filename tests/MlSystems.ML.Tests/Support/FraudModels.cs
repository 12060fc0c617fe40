using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlSystems.ML.Tests.Support;

/// <summary>A card transaction as the service sees it.</summary>
public sealed class Transaction
{
    public float Amount { get; set; }

    public float Hour { get; set; }
}

/// <summary>A labelled transaction for training.</summary>
public sealed class LabelledTransaction
{
    public float Amount { get; set; }

    public float Hour { get; set; }

    public bool Label { get; set; }
}

/// <summary>A model trained on another schema (it expects "Value", not "Amount").</summary>
public sealed class OtherShape
{
    public float Value { get; set; }

    public float Hour { get; set; }

    public bool Label { get; set; }
}

public sealed class FraudScore
{
    [ColumnName("PredictedLabel")]
    public bool IsFraud { get; set; }

    public float Score { get; set; }

    public float Probability { get; set; }
}

/// <summary>Real ML.NET models trained on seeded synthetic transactions: fraud is large and nocturnal.</summary>
internal static class FraudModels
{
    public static (ITransformer Model, DataViewSchema Schema) Train(MLContext ml, float amountThreshold, int seed)
    {
        var random = new Random(seed);
        LabelledTransaction[] rows = [.. Enumerable.Range(0, 2_000).Select(_ =>
        {
            float amount = (float)Math.Exp(3 + (1.5 * random.NextDouble() * 2));
            float hour = random.Next(24);
            bool fraud = amount > amountThreshold && (hour < 6 || random.NextDouble() < 0.2);
            return new LabelledTransaction { Amount = amount, Hour = hour, Label = fraud ^ (random.NextDouble() < 0.02) };
        })];
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(LabelledTransaction.Amount), nameof(LabelledTransaction.Hour))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20));
        return (pipeline.Fit(data), data.Schema);
    }

    public static (ITransformer Model, DataViewSchema Schema) TrainOtherShape(MLContext ml)
    {
        var random = new Random(3);
        OtherShape[] rows = [.. Enumerable.Range(0, 500).Select(_ => new OtherShape { Value = random.Next(1000), Hour = random.Next(24), Label = random.Next(2) == 0 })];
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(OtherShape.Value), nameof(OtherShape.Hour))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 5));
        return (pipeline.Fit(data), data.Schema);
    }

    public static Transaction[] Requests(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => new Transaction { Amount = (float)Math.Exp(3 + (3 * random.NextDouble())), Hour = random.Next(24) })];
    }
}

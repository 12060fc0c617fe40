using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlSystems.Drift;
using MlSystems.Monitoring;
using MlSystems.Registry;

namespace MlSystems.Samples.FraudLoop;

/// <summary>
/// Trains the fraud model with ML.NET (logistic regression on normalised features, one thread, seeded: the same data
/// gives the same model) and packages it for the registry: the zipped model, the reference profile of its training
/// features and its predictions on them, and its Brier score on a held-out fifth as the baseline loss.
/// </summary>
internal sealed class FraudModelTrainer(TransactionWarehouse warehouse, TimeProvider clock, TimeSpan trainingWindow) : IRetrainingHook
{
    public const string LossMetric = "loss";

    private readonly MLContext ml = new(seed: 1);

    public int LastTrainingRows { get; private set; }

    /// <summary>Retrains on the labelled transactions of the last <c>trainingWindow</c>.</summary>
    public Task<RetrainedModel> RetrainAsync(RetrainingRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<Transaction> data = warehouse.LabelledSince(clock.GetUtcNow() - trainingWindow);
        return Task.FromResult(Train(data, $"retrained for {request.Reason}: {request.Detail}"));
    }

    public RetrainedModel Train(IReadOnlyList<Transaction> data, string description)
    {
        LastTrainingRows = data.Count;
        IDataView all = ml.Data.LoadFromEnumerable(data);
        DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(all, testFraction: 0.2, seed: 1);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Hour), nameof(Transaction.DistanceKm), nameof(Transaction.MerchantRisk), nameof(Transaction.CardPresent))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }));
        var model = pipeline.Fit(split.TrainSet);

        double brier = Brier(model.Transform(split.TestSet));
        IDataView scoredTraining = model.Transform(split.TrainSet);
        float[] probabilities = [.. scoredTraining.GetColumn<float>("Probability")];
        var columns = new List<FeatureColumn>();
        string[] sources = [nameof(Transaction.Amount), nameof(Transaction.Hour), nameof(Transaction.DistanceKm), nameof(Transaction.MerchantRisk), nameof(Transaction.CardPresent)];
        for (int i = 0; i < sources.Length; i++)
        {
            double[] values = [.. split.TrainSet.GetColumn<float>(sources[i]).Select(v => (double)v)];
            columns.Add(FeatureColumn.Numeric(Transaction.FeatureNames[i], values));
        }

        columns.Add(FeatureColumn.Numeric("prediction", [.. probabilities.Select(p => (double)p)]));
        ReferenceProfile profile = ReferenceProfile.Fit(new DriftDataset(columns));

        var artifact = new MemoryStream();
        ml.Model.Save(model, all.Schema, artifact);
        artifact.Position = 0;
        var metadata = new ModelVersionMetadata
        {
            Description = description,
            Metrics = new Dictionary<string, double> { [LossMetric] = brier, ["training_rows"] = data.Count, ["fraud_rate"] = data.Count(t => t.Label) / (double)data.Count },
            Tags = new Dictionary<string, string> { ["framework"] = "ML.NET", ["trainer"] = "lbfgs-logistic-regression" },
            Lineage = new ModelLineage(TrainingDataFingerprint: TransactionWarehouse.Fingerprint(data), CodeVersion: "samples/MlSystems.Samples.FraudLoop"),
        };
        return new RetrainedModel(artifact, profile, metadata);
    }

    /// <summary>The Brier score: the mean squared difference between the predicted probability and the 0/1 outcome.</summary>
    public static double BrierLoss(double probability, double label) => (probability - label) * (probability - label);

    private static double Brier(IDataView scored)
    {
        float[] p = [.. scored.GetColumn<float>("Probability")];
        bool[] y = [.. scored.GetColumn<bool>("Label")];
        return p.Zip(y).Average(pair => BrierLoss(pair.First, pair.Second ? 1 : 0));
    }
}

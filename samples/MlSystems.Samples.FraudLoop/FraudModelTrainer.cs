using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlSystems.Drift;
using MlSystems.ML;
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

    /// <summary>The registry metric holding how many labelled transactions a version was trained on.</summary>
    public const string TrainingRowsMetric = "training_rows";

    private readonly MLContext ml = new(seed: 1);

    /// <summary>Retrains on the labelled transactions of the last <c>trainingWindow</c>.</summary>
    public Task<RetrainedModel> RetrainAsync(RetrainingRequest request, CancellationToken cancellationToken)
    {
        IReadOnlyList<Transaction> data = warehouse.LabelledSince(clock.GetUtcNow() - trainingWindow);
        return Task.FromResult(Train(data, $"retrained for {request.Reason}: {request.Detail}"));
    }

    /// <summary>Trains on <paramref name="data"/> (which must hold both outcomes) and packages the model for registering.</summary>
    public RetrainedModel Train(IReadOnlyList<Transaction> data, string description)
    {
        IDataView all = ml.Data.LoadFromEnumerable(data);
        DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(all, testFraction: 0.2, seed: 1);
        var pipeline = ml.Transforms.Concatenate("Features", Transaction.Columns)
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 }));
        var model = pipeline.Fit(split.TrainSet);

        double brier = Brier(model.Transform(split.TestSet));
        IDataView scoredTraining = model.Transform(split.TrainSet);
        float[] probabilities = [.. scoredTraining.GetColumn<float>("Probability")];
        var columns = new List<FeatureColumn>();
        for (int i = 0; i < Transaction.Columns.Length; i++)
        {
            double[] values = [.. split.TrainSet.GetColumn<float>(Transaction.Columns[i]).Select(v => (double)v)];
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
            Metrics = new Dictionary<string, double> { [LossMetric] = brier, [TrainingRowsMetric] = data.Count, ["fraud_rate"] = data.Count(t => t.Label) / (double)data.Count },
            Tags = new Dictionary<string, string> { [MlNetModelRegistryExtensions.FrameworkTag] = "ML.NET", ["trainer"] = "lbfgs-logistic-regression" },
            InputSchema = MlNetModelRegistryExtensions.Describe(all.Schema),
            OutputSchema = MlNetModelRegistryExtensions.Describe(model.GetOutputSchema(all.Schema)),
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

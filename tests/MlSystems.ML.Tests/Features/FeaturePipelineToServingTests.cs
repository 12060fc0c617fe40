using Microsoft.ML;
using Microsoft.ML.Data;
using MlSystems.Features;
using MlSystems.Registry;

namespace MlSystems.ML.Tests.Features;

/// <summary>One feature definition feeds training (point-in-time set → IDataView → ML.NET) and serving (online engine → pool).</summary>
public sealed class FeaturePipelineToServingTests
{
    public sealed record Swipe(string Card, DateTimeOffset Time, double Amount, bool Fraud);

    public sealed class SwipeRow
    {
        public string Card { get; set; } = "";

        public DateTime Time { get; set; }

        public float Amount { get; set; }
    }

    public sealed class Score
    {
        [ColumnName("PredictedLabel")]
        public bool IsFraud { get; set; }

        [ColumnName("Score")]
        public float Value { get; set; }
    }

    [Fact]
    public async Task A_model_trained_on_the_batch_features_scores_the_online_features_identically()
    {
        DateTimeOffset start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        FeatureSet<Swipe> features = new FeatureSetBuilder<Swipe>("swipes", s => s.Card, s => s.Time)
            .Row("amount", s => s.Amount, RowTransform.MinMax(0, 2_000))
            .Window("count_1h", s => 1, Aggregation.Count, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Window("max_1h", s => s.Amount, Aggregation.Max, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Build();

        // Fraud: bursts of large swipes on a card.
        var random = new Random(11);
        // Distinct times: at a shared instant, serving would already have ingested an earlier swipe a training row excludes.
        Swipe[] history = [.. Enumerable.Range(0, 3_000).Select(i =>
        {
            bool burst = random.NextDouble() < 0.1;
            return new Swipe($"card-{random.Next(60)}", start.AddMinutes((3 * i) + random.Next(3)), burst ? 800 + random.Next(1_000) : random.Next(5, 200), burst);
        })];
        IReadOnlyList<TrainingRow<Swipe>> training = FeatureBatch.TrainingSet(features, history, history.Select(s => new LabelledEvent<Swipe>(s, s.Fraud ? 1 : 0)), new FeatureEngineOptions { AllowedLateness = TimeSpan.Zero });

        var ml = new MLContext(seed: 3);
        IDataView data = FeatureDataView.FromTrainingSet(ml, features, training);
        var model = ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 30).Fit(data);
        var registry = new ModelRegistry(new InMemoryModelRegistryStore());
        await registry.RegisterTransformerAsync("swipes", ml, model, data.Schema);
        await registry.SetAliasAsync("swipes", "champion", 1, AliasCondition.Unset);
        float[] batchScores = [.. ml.Data.CreateEnumerable<Score>(model.Transform(data), reuseRowObject: false).Select(s => s.Value)];

        // The same definition run over ML.NET data gives the same vectors, bit for bit.
        FeatureSet<SwipeRow> rowFeatures = new FeatureSetBuilder<SwipeRow>("swipes", s => s.Card, s => new DateTimeOffset(s.Time, TimeSpan.Zero))
            .Row("amount", s => s.Amount, RowTransform.MinMax(0, 2_000))
            .Window("count_1h", s => 1, Aggregation.Count, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Window("max_1h", s => s.Amount, Aggregation.Max, FeatureWindow.Sliding(TimeSpan.FromHours(1)))
            .Build();
        IDataView swipesView = ml.Data.LoadFromEnumerable(history.Select(h => new SwipeRow { Card = h.Card, Time = h.Time.UtcDateTime, Amount = (float)h.Amount }));
        float[][] viaDataView = [.. ml.Data.CreateEnumerable<FeatureRow>(FeatureDataView.Transform(ml, rowFeatures, swipesView), reuseRowObject: false).Select(r => r.Features)];
        float[][] viaEnumerable = [.. FeatureBatch.Compute(rowFeatures, ml.Data.CreateEnumerable<SwipeRow>(swipesView, reuseRowObject: false)).Select(r => FeatureDataView.ToRow(r.Vector).Features)];
        Assert.Equal(viaEnumerable, viaDataView);
        Assert.Equal(training.Select(t => FeatureDataView.ToRow(t.Features).Features), viaDataView);

        // Serving: the online engine computes each swipe's vector before ingesting it; the pool scores it.
        await using var pool = new ModelServingPool<FeatureRow, Score>(registry, new ModelServingOptions { ModelName = "swipes", InputSchemaDefinition = FeatureDataView.Schema(features.Width), PollInterval = Timeout.InfiniteTimeSpan }, ml);
        await pool.StartAsync();
        var engine = new FeatureEngine<Swipe>(features, new FeatureEngineOptions { AllowedLateness = TimeSpan.Zero });
        double[] vector = new double[features.Width];
        var score = new Score();
        for (int i = 0; i < history.Length; i++)
        {
            engine.Compute(history[i], vector);
            Assert.Equal(training[i].Features, vector);
            pool.Predict(FeatureDataView.ToRow(vector), ref score);
            Assert.Equal(batchScores[i], score.Value);
            engine.Ingest(history[i]);
        }
    }
}

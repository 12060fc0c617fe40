using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MlSystems.Features.Tests.Support;

namespace MlSystems.Features.Tests.Training;

/// <summary>Training rows hold what was known at the label's moment: checked against brute force, and against the future changing.</summary>
public sealed class PointInTimeProperties
{
    private static readonly FeatureWindow Window = FeatureWindow.Sliding(TimeSpan.FromMinutes(45));

    [Property(MaxTest = 100)]
    public Property Rows_equal_a_brute_force_join_as_of_each_label(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(1, 60).ToArbitrary(), labelCount =>
        {
            FeatureSet<Payment> features = Payments.Features(Window);
            Payment[] history = Payments.Random(seed.Get, 200);
            var random = new Random(seed.Get + 1);
            LabelledEvent<Payment>[] labels = [.. Enumerable.Range(0, labelCount).Select(_ => new LabelledEvent<Payment>(
                new Payment($"card-{random.Next(3)}", Payments.Start.AddSeconds(random.Next(260 * 60)), random.Next(1, 100)), random.Next(2)))];
            IReadOnlyList<TrainingRow<Payment>> rows = FeatureBatch.TrainingSet(features, history, labels, new FeatureEngineOptions { AllowedLateness = TimeSpan.Zero });
            for (int i = 0; i < labels.Length; i++)
            {
                Payment at = labels[i].Event;
                double[] known = WindowOracle.Values(history, Window, at.Card, at.Time);
                double[] v = rows[i].Features;
                if (rows[i].Label != labels[i].Label || v[features.IndexOf("amount")] != at.Amount || v[features.IndexOf("count")] != known.Length
                    || v[features.IndexOf("max")] != (known.Length > 0 ? known.Max() : 0) || Math.Abs(v[features.IndexOf("sum")] - known.Sum()) > 1e-9 * Math.Max(1, known.Sum()))
                {
                    return false;
                }
            }

            return true;
        });

    [Property(MaxTest = 60)]
    public Property The_future_cannot_leak_into_a_row(PositiveInt seed) =>
        Prop.ForAll(Gen.Choose(0, 260).ToArbitrary(), labelMinute =>
        {
            FeatureSet<Payment> features = Payments.Features(Window);
            Payment[] history = Payments.Random(seed.Get, 200);
            var label = new LabelledEvent<Payment>(new Payment("card-1", Payments.Start.AddMinutes(labelMinute).AddSeconds(30), 42), 1);

            // Rewrite every event from the label's moment on: the row must not change.
            Payment[] rewritten = [.. history.Select(p => p.Time >= label.Event.Time ? p with { Amount = p.Amount * 1_000 + 7 } : p)];
            double[] a = FeatureBatch.TrainingSet(features, history, [label])[0].Features;
            double[] b = FeatureBatch.TrainingSet(features, rewritten, [label])[0].Features;
            return a.SequenceEqual(b);
        });
}
